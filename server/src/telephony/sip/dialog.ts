// Dialog state (RFC 3261 §12): identifiers, CSeq spaces, remote target and route set, and the
// construction of in-dialog requests (§12.2.1.1) including loose / strict routing (§16.12.1.2).
import { SipHeaders } from './headers.ts';
import { createRequest, type SipRequest, type SipResponse } from './message.ts';
import type { Endpoint } from './transport.ts';
import { parseCSeq, parseNameAddr, parseUri, type SipUri } from './uri.ts';

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export class Dialog {
  state: 'early' | 'confirmed' | 'terminated' = 'early';
  localSeq: number;
  remoteSeq: number | undefined;
  /** Where to send when Contact cannot be reached directly (WS clients, NAT): the inbound flow. */
  flow: Endpoint | undefined;
  /** Credentials for challenges on in-dialog requests (trunks often challenge BYE). */
  auth: { username: string; password: string } | undefined;

  constructor(
    readonly id: DialogId,
    /** From value we send (our URI with our tag) and To value (remote URI with its tag). */
    readonly localAddr: string,
    public remoteAddr: string,
    public remoteTarget: string,
    public routeSet: string[],
    localSeq: number,
    readonly role: 'uac' | 'uas',
  ) {
    this.localSeq = localSeq;
  }

  get key(): string {
    return dialogKey(this.id.callId, this.id.localTag, this.id.remoteTag);
  }

  /** §12.2.1.1: a request within the dialog; ACK reuses the INVITE's CSeq number (§13.2.2.4). */
  createRequest(
    method: string,
    options: { seq?: number; body?: Buffer | string; contentType?: string } = {},
  ): SipRequest {
    const headers = new SipHeaders();
    headers.add('Max-Forwards', '70');
    headers.add('From', this.localAddr);
    headers.add('To', this.remoteAddr);
    headers.add('Call-ID', this.id.callId);
    const seq =
      options.seq ?? (method === 'ACK' || method === 'CANCEL' ? this.localSeq : ++this.localSeq);
    headers.add('CSeq', `${seq} ${method}`);
    let uri = this.remoteTarget;
    const first = this.routeSet[0];
    const firstUri = first ? parseNameAddr(first)?.uri : undefined;
    if (first && firstUri && !('lr' in firstUri.params)) {
      // Strict router (§12.2.1.1): it becomes the Request-URI, the remote target the last Route.
      uri = stripUriForRequest(firstUri);
      for (const r of this.routeSet.slice(1)) headers.add('Route', r);
      headers.add('Route', `<${this.remoteTarget}>`);
    } else {
      for (const r of this.routeSet) headers.add('Route', r);
    }
    if (options.body !== undefined && options.body.length) {
      headers.add('Content-Type', options.contentType ?? 'application/sdp');
    }
    return createRequest(method, uri, headers, options.body);
  }

  /** The URI the next hop is taken from: the first Route or the remote target (§8.1.2). */
  nextHopUri(): SipUri | undefined {
    const first = this.routeSet[0];
    if (first) return parseNameAddr(first)?.uri;
    return parseUri(this.remoteTarget);
  }

  /** §12.2.2: a remote CSeq lower than the last one is out of order (→ 500). */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = parseCSeq(request.headers.get('CSeq') ?? '')?.seq;
    if (seq === undefined) return false;
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    if (this.remoteSeq !== undefined && seq <= this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** Target refresh (§12.2.2): a re-INVITE's Contact replaces the remote target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const contact = message.headers.get('Contact');
    const uri = contact ? parseNameAddr(contact)?.uri : undefined;
    if (contact && uri) this.remoteTarget = contactUri(contact);
  }
}

export const dialogKey = (callId: string, localTag: string, remoteTag: string): string =>
  `${callId}\n${localTag}\n${remoteTag}`;

export function tagOf(headerValue: string | undefined): string | undefined {
  if (!headerValue) return undefined;
  return parseNameAddr(headerValue)?.params.tag ?? undefined;
}

/** The URI inside a Contact value, as text. */
export function contactUri(contact: string): string {
  const trimmed = contact.trim();
  const lt = trimmed.indexOf('<');
  if (lt >= 0) return trimmed.slice(lt + 1, trimmed.indexOf('>', lt));
  const semi = trimmed.indexOf(';');
  return semi >= 0 ? trimmed.slice(0, semi) : trimmed;
}

function stripUriForRequest(uri: SipUri): string {
  // §19.1.1: method and header parameters are not allowed in a Request-URI.
  const params = Object.entries(uri.params).filter(([k]) => k !== 'method');
  const user = uri.user !== undefined ? `${uri.user}@` : '';
  const port = uri.port !== undefined ? `:${uri.port}` : '';
  return `${uri.scheme}:${user}${uri.host}${port}${params.map(([k, v]) => (v === null ? `;${k}` : `;${k}=${v}`)).join('')}`;
}

/** §12.1.1 (UAS): route set = Record-Route in order; §12.1.2 (UAC): in reverse. */
export function routeSetFrom(message: SipRequest | SipResponse, role: 'uac' | 'uas'): string[] {
  const rr = message.headers.getAll('Record-Route');
  return role === 'uas' ? rr : rr.reverse();
}
