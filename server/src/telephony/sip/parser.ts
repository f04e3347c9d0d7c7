// SIP message parser (RFC 3261 §7, §25). Never throws: every failure is a ParseResult error so that
// the transport can answer 400 or drop the datagram with a log line (§18.3, §21.4.1).
import { SipHeaders } from './headers.ts';
import type { SipMessage } from './message.ts';
import { parseCSeq } from './uri.ts';

export const MAX_HEADER_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 256 * 1024;

export type ParseError =
  | 'no-header-end'
  | 'headers-too-large'
  | 'bad-start-line'
  | 'bad-version'
  | 'bad-header'
  | 'bad-content-length'
  | 'body-too-large'
  | 'truncated-body'
  | 'missing-header'
  | 'bad-cseq';

export type ParseResult =
  | { ok: true; message: SipMessage }
  /** `partial` carries what was parsed so a 400 can still be addressed to the sender. */
  | { ok: false; error: ParseError; detail: string; partial?: SipMessage };

const METHOD_RE = /^[A-Za-z!%*_+`'~.-]+$/;

export function findHeaderEnd(buf: Buffer, from = 0): number {
  return buf.indexOf('\r\n\r\n', from, 'latin1');
}

/** Parses one complete message; for UDP the datagram is the message (§18.3). */
export function parseMessage(buf: Buffer, options: { stream?: boolean } = {}): ParseResult {
  let offset = 0;
  // §7.5: implementations SHOULD ignore CRLFs before the start line.
  while (buf[offset] === 0x0d || buf[offset] === 0x0a) offset++;
  const headerEnd = findHeaderEnd(buf, offset);
  if (headerEnd < 0) {
    if (buf.length - offset > MAX_HEADER_BYTES) {
      return { ok: false, error: 'headers-too-large', detail: `${buf.length} bytes` };
    }
    return { ok: false, error: 'no-header-end', detail: 'no empty line after headers' };
  }
  if (headerEnd - offset > MAX_HEADER_BYTES) {
    return { ok: false, error: 'headers-too-large', detail: `${headerEnd - offset} bytes` };
  }
  const headText = buf.toString('utf8', offset, headerEnd);
  const lines = unfold(headText);
  const startLine = lines.shift() ?? '';
  const headers = new SipHeaders();
  let badHeader: string | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      badHeader ??= line.slice(0, 40);
      continue;
    }
    const name = line.slice(0, colon).trim();
    if (!/^[A-Za-z0-9!%*_+`'~.-]+$/.test(name)) {
      badHeader ??= name.slice(0, 40);
      continue;
    }
    headers.add(name, line.slice(colon + 1).trim());
  }
  let message: SipMessage;
  if (startLine.startsWith('SIP/')) {
    const m = /^SIP\/(\d+\.\d+) (\d{3}) ?(.*)$/.exec(startLine);
    if (!m) return { ok: false, error: 'bad-start-line', detail: startLine.slice(0, 80) };
    if (m[1] !== '2.0') return { ok: false, error: 'bad-version', detail: m[1] ?? '' };
    const status = Number(m[2]);
    if (status < 100 || status > 699) {
      return { ok: false, error: 'bad-start-line', detail: `status ${status}` };
    }
    message = { kind: 'response', status, reason: m[3] ?? '', headers, body: Buffer.alloc(0) };
  } else {
    const parts = startLine.split(' ');
    const [method, uri, version] = parts;
    if (parts.length !== 3 || !method || !uri || !version || !METHOD_RE.test(method)) {
      return { ok: false, error: 'bad-start-line', detail: startLine.slice(0, 80) };
    }
    message = { kind: 'request', method, uri, headers, body: Buffer.alloc(0) };
    if (version !== 'SIP/2.0') {
      return { ok: false, error: 'bad-version', detail: version.slice(0, 20), partial: message };
    }
  }
  if (badHeader !== undefined) {
    return { ok: false, error: 'bad-header', detail: badHeader, partial: message };
  }
  const bodyStart = headerEnd + 4;
  const lengthText = headers.get('Content-Length');
  let length: number;
  if (lengthText === undefined) {
    // §18.3: required on streams; on UDP the body runs to the end of the datagram.
    if (options.stream) {
      return { ok: false, error: 'bad-content-length', detail: 'missing', partial: message };
    }
    length = buf.length - bodyStart;
  } else {
    if (!/^\d{1,9}$/.test(lengthText)) {
      return { ok: false, error: 'bad-content-length', detail: lengthText, partial: message };
    }
    length = Number(lengthText);
  }
  if (length > MAX_BODY_BYTES) {
    return { ok: false, error: 'body-too-large', detail: `${length}`, partial: message };
  }
  if (bodyStart + length > buf.length) {
    // §18.3: a UDP message shorter than Content-Length is discarded (400 for UDP).
    return { ok: false, error: 'truncated-body', detail: `${length}`, partial: message };
  }
  // Bytes after Content-Length on UDP are ignored (§18.3).
  message.body = Buffer.from(buf.subarray(bodyStart, bodyStart + length));
  const missing = missingMandatory(message);
  if (missing) return { ok: false, error: 'missing-header', detail: missing, partial: message };
  const cseq = parseCSeq(headers.get('CSeq') ?? '');
  // §8.1.1.5: the CSeq method matches the request method (ACK and CANCEL included).
  if (!cseq || (message.kind === 'request' && cseq.method !== message.method)) {
    return { ok: false, error: 'bad-cseq', detail: headers.get('CSeq') ?? '', partial: message };
  }
  return { ok: true, message };
}

/** §8.1.1: To, From, CSeq, Call-ID, Via (and Max-Forwards, which we tolerate missing). */
function missingMandatory(message: SipMessage): string | undefined {
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (!message.headers.has(name)) return name;
  }
  return undefined;
}

/** §7.3.1: a line starting with SP or HTAB continues the previous header (LWS folding). */
function unfold(text: string): string[] {
  const raw = text.split(/\r\n|\n/);
  const out: string[] = [];
  for (const line of raw) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 0) {
      out[out.length - 1] += ' ' + line.trim();
    } else out.push(line);
  }
  return out;
}
