// The UAC side of an INVITE (RFC 3261 §13.2): provisional responses and early media, the ACK for a
// 2xx sent by the core and re-sent for retransmitted 2xx (§13.2.2.4), digest retry on 401/407
// (§22.2), CANCEL (§9.1) once a provisional response arrived.
import { buildAuthorization, parseChallenge } from './digest.ts';
import { contactUri, Dialog, routeSetFrom, tagOf } from './dialog.ts';
import { SipHeaders } from './headers.ts';
import { createRequest, type SipRequest, type SipResponse } from './message.ts';
import { SipSession } from './session.ts';
import { newTag } from './stack.ts';
import type { Endpoint } from './transport.ts';
import type { UserAgent } from './user-agent.ts';
import { parseVia } from './uri.ts';

export interface OriginateOptions {
  /** Request-URI, e.g. sip:13800000000@carrier.example;user=phone */
  uri: string;
  /** From header value without tag, e.g. `"Yunhu" <sip:0105550000@yunhu.local>`. */
  from?: string;
  /** To header value; defaults to the Request-URI. */
  to?: string;
  sdp?: string;
  /** Digest credentials used when the far end or a proxy challenges (401/407). */
  auth?: { username: string; password: string };
  /** Outbound proxy (§8.1.2 pre-loaded Route), e.g. sip:127.0.0.1:5070;lr */
  proxy?: string;
  headers?: Array<[string, string]>;
  /**
   * Send to this connection instead of resolving the URI: a registered phone's flow (the
   * Binding.source of a WebSocket or NAT-ed client, whose Contact host is unreachable).
   */
  flow?: Endpoint;
}

export type OriginateResult =
  | { ok: true; session: SipSession; response: SipResponse; sdp: string | undefined }
  | { ok: false; status: number; reason: string };

export class OutgoingInvite {
  readonly callId: string;
  readonly localTag = newTag();
  result: Promise<OriginateResult>;
  onProgress: ((status: number, sdp: string | undefined) => void) | undefined;
  private request: SipRequest | undefined;
  private target: Endpoint | undefined;
  private settled = false;
  private provisional = false;
  private cancelRequested = false;
  private cancelSent = false;
  private attempts = 0;
  private ack: SipRequest | undefined;
  private resolve!: (r: OriginateResult) => void;
  private seq = 1;

  constructor(
    private readonly ua: UserAgent,
    private readonly options: OriginateOptions,
  ) {
    this.callId = `${newTag()}${newTag()}@yunhu`;
    this.result = new Promise((r) => (this.resolve = r));
  }

  async start(): Promise<void> {
    try {
      const hopUri = this.options.proxy ?? this.options.uri;
      this.target = this.options.flow ?? (await this.ua.resolve(hopUri));
      this.send();
    } catch (error) {
      this.finish({ ok: false, status: 503, reason: `unreachable: ${String(error)}` });
    }
  }

  private build(authHeader?: [string, string]): SipRequest {
    const { options } = this;
    const h = new SipHeaders();
    h.add('Max-Forwards', '70');
    if (options.proxy) h.add('Route', `<${options.proxy.replace(/;lr\b|$/, ';lr')}>`);
    const from = options.from ?? `<sip:yunhu@${this.ua.host}>`;
    h.add('From', `${from};tag=${this.localTag}`);
    h.add('To', options.to ?? `<${options.uri}>`);
    h.add('Call-ID', this.callId);
    h.add('CSeq', `${this.seq} INVITE`);
    h.add('Contact', this.ua.contactFor(this.target?.protocol ?? 'udp'));
    h.add('Allow', this.ua.allow);
    h.add('User-Agent', this.ua.userAgent);
    for (const [k, v] of options.headers ?? []) h.add(k, v);
    if (authHeader) h.add(authHeader[0], authHeader[1]);
    if (options.sdp !== undefined) h.add('Content-Type', 'application/sdp');
    return createRequest('INVITE', options.uri, h, options.sdp ?? '');
  }

  private send(authHeader?: [string, string]): void {
    const target = this.target;
    if (!target) return;
    const request = this.build(authHeader);
    this.request = request;
    this.ua.stack.sendRequest(request, target, {
      onResponse: (r) => this.onResponse(r),
      onTimeout: () => this.finish({ ok: false, status: 408, reason: 'Request Timeout' }),
      onTransportError: () => this.finish({ ok: false, status: 503, reason: 'Transport Error' }),
    });
  }

  /** §9.1: CANCEL only after a provisional response; before that it is deferred. */
  cancel(): void {
    if (this.settled) return;
    this.cancelRequested = true;
    if (this.provisional) this.sendCancel();
  }

  private sendCancel(): void {
    const invite = this.request;
    if (!invite || this.cancelSent || !this.target) return;
    this.cancelSent = true;
    const branch = parseVia(invite.headers.get('Via') ?? '')?.params.branch ?? undefined;
    const h = new SipHeaders();
    for (const name of ['Route', 'From', 'To', 'Call-ID']) {
      for (const v of invite.headers.getAll(name)) h.add(name, v);
    }
    h.add('CSeq', `${this.seq} CANCEL`);
    h.add('Max-Forwards', '70');
    const cancel = createRequest('CANCEL', invite.uri, h);
    this.ua.stack.sendRequest(
      cancel,
      this.target,
      {
        onResponse: () => undefined,
        onTimeout: () => undefined,
        onTransportError: () => undefined,
      },
      branch ? { branch } : {},
    );
  }

  private onResponse(response: SipResponse): void {
    const status = response.status;
    const sdp = response.body.length ? response.body.toString() : undefined;
    if (status < 200) {
      this.provisional = true;
      if (this.cancelRequested) this.sendCancel();
      if (status > 100) this.onProgress?.(status, sdp);
      return;
    }
    if (status < 300) {
      this.on2xx(response, sdp);
      return;
    }
    if (
      (status === 401 || status === 407) &&
      this.options.auth &&
      this.attempts < 2 &&
      !this.settled
    ) {
      const header = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const challenge = parseChallenge(response.headers.get(header) ?? '');
      if (challenge) {
        this.attempts++;
        this.seq++;
        const name = status === 401 ? 'Authorization' : 'Proxy-Authorization';
        this.send([
          name,
          buildAuthorization(challenge, this.options.auth, 'INVITE', this.options.uri),
        ]);
        return;
      }
    }
    this.finish({ ok: false, status, reason: response.reason });
  }

  private on2xx(response: SipResponse, sdp: string | undefined): void {
    if (this.ack && this.target) {
      // A retransmitted 2xx: the ACK is sent again (§13.2.2.4).
      void this.ua.sendAckTo(this.ack, this.ackTarget);
      return;
    }
    const request = this.request;
    if (!request) return;
    const contact = response.headers.get('Contact');
    const dialog = new Dialog(
      {
        callId: this.callId,
        localTag: this.localTag,
        remoteTag: tagOf(response.headers.get('To')) ?? '',
      },
      request.headers.get('From') ?? '',
      response.headers.get('To') ?? '',
      contact ? contactUri(contact) : request.uri,
      routeSetFrom(response, 'uac'),
      this.seq,
      'uac',
    );
    dialog.state = 'confirmed';
    if (this.options.flow) dialog.flow = this.options.flow;
    if (this.options.auth) dialog.auth = this.options.auth;
    const session = new SipSession(dialog, this.ua.sessionHost);
    if (this.options.sdp !== undefined) session.localSdp = this.options.sdp;
    if (sdp) session.remoteSdp = sdp;
    this.ack = dialog.createRequest('ACK', { seq: this.seq });
    this.ua.addSession(session);
    void this.ua.resolveDialogTarget(dialog).then((target) => {
      this.ackTarget = target;
      if (this.ack) void this.ua.sendAckTo(this.ack, target);
    });
    if (this.cancelRequested || this.settled) {
      void session.bye(); // the 2xx crossed our CANCEL (§15): end the call
      this.finish({ ok: false, status: 487, reason: 'Request Terminated' });
      return;
    }
    this.finish({ ok: true, session, response, sdp });
  }

  private ackTarget: Endpoint | undefined;

  private finish(result: OriginateResult): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(result);
  }
}
