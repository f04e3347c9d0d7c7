// SIP message model (RFC 3261 §7) and serializer.
import { SipHeaders } from './headers.ts';

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: Buffer;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

const EMPTY = Buffer.alloc(0);

export function createRequest(
  method: string,
  uri: string,
  headers: SipHeaders,
  body: Buffer | string = EMPTY,
): SipRequest {
  return {
    kind: 'request',
    method,
    uri,
    headers,
    body: typeof body === 'string' ? Buffer.from(body) : body,
  };
}

/** Default reason phrases (§21) for the codes Yunhu sends. */
export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  603: 'Decline',
};

/**
 * Builds a response to a request (§8.2.6.2): Via, From, Call-ID, CSeq copied; To copied with a tag
 * added when the request had none and the response is not 100.
 */
export function createResponse(
  request: SipRequest,
  status: number,
  options: { reason?: string; toTag?: string; body?: Buffer | string; contentType?: string } = {},
): SipResponse {
  const headers = new SipHeaders();
  for (const e of request.headers.entries) {
    if (e.name === 'Via' || e.name === 'From' || e.name === 'Call-ID' || e.name === 'CSeq') {
      headers.add(e.name, e.value);
    } else if (e.name === 'Record-Route' && status > 100 && status < 300) {
      // §12.1.1: a UAS copies Record-Route into responses that establish a dialog.
      headers.add(e.name, e.value);
    }
  }
  const to = request.headers.get('To');
  if (to !== undefined) {
    const needsTag = status > 100 && options.toTag && !/;\s*tag=/i.test(to);
    headers.add('To', needsTag ? `${to};tag=${options.toTag}` : to);
  }
  const body = options.body === undefined ? EMPTY : Buffer.from(options.body);
  if (body.length && options.contentType) headers.add('Content-Type', options.contentType);
  return {
    kind: 'response',
    status,
    reason: options.reason ?? REASONS[status] ?? 'Unknown',
    headers,
    body,
  };
}

/** §7: start line, headers each on one line, empty line, body; Content-Length always written. */
export function serializeMessage(message: SipMessage): Buffer {
  const start =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0\r\n`
      : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  let head = start;
  for (const e of message.headers.entries) {
    if (e.name === 'Content-Length') continue;
    head += `${e.name}: ${e.value}\r\n`;
  }
  head += `Content-Length: ${message.body.length}\r\n\r\n`;
  const headBuf = Buffer.from(head, 'utf8');
  return message.body.length ? Buffer.concat([headBuf, message.body]) : headBuf;
}
