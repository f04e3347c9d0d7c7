// The UAS side of an INVITE (RFC 3261 §13.3): provisional responses with early media (183 + SDP),
// the 2xx retransmitted until the ACK arrives (§13.3.1.4), rejection, and CANCEL (§9.2).
import { Dialog, contactUri, routeSetFrom, tagOf } from './dialog.ts';
import { createResponse, type SipResponse } from './message.ts';
import { SipSession } from './session.ts';
import { newTag, type IncomingRequest } from './stack.ts';
import type { TimerHandle } from './timers.ts';
import type { UserAgent } from './user-agent.ts';
import { parseCSeq } from './uri.ts';

export type IncomingInviteState =
  'offered' | 'early' | 'accepted' | 'confirmed' | 'rejected' | 'cancelled';

export class IncomingInvite {
  state: IncomingInviteState = 'offered';
  readonly localTag = newTag();
  readonly offer: string | undefined;
  session: SipSession | undefined;
  private readonly cancelListeners = new Set<() => void>();
  private ackWaiter: ((session: SipSession | undefined) => void) | undefined;
  private retransmitTimer: TimerHandle | undefined;
  private giveUpTimer: TimerHandle | undefined;

  constructor(
    readonly incoming: IncomingRequest,
    private readonly ua: UserAgent,
  ) {
    this.offer = incoming.request.body.length ? incoming.request.body.toString() : undefined;
  }

  get request() {
    return this.incoming.request;
  }

  get callId(): string {
    return this.request.headers.get('Call-ID') ?? '';
  }

  get remoteTag(): string {
    return tagOf(this.request.headers.get('From')) ?? '';
  }

  onCancel(listener: () => void): () => void {
    this.cancelListeners.add(listener);
    return () => this.cancelListeners.delete(listener);
  }

  private response(status: number, options: { sdp?: string; reason?: string } = {}): SipResponse {
    const response = createResponse(this.request, status, {
      toTag: this.localTag,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      ...(options.sdp !== undefined ? { body: options.sdp, contentType: 'application/sdp' } : {}),
    });
    if (status > 100 && status < 300) {
      response.headers.add('Contact', this.ua.contactFor(this.incoming.transport.protocol));
      response.headers.add('Allow', this.ua.allow);
    }
    return response;
  }

  /** 180 Ringing, or 183 Session Progress with SDP for early media (RFC 3960). */
  progress(status = 180, sdp?: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.state = 'early';
    this.incoming.respond(this.response(status, sdp === undefined ? {} : { sdp }));
  }

  reject(status: number, reason?: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.state = 'rejected';
    this.incoming.respond(this.response(status, reason === undefined ? {} : { reason }));
    this.ua.forgetInvite(this);
  }

  /**
   * Sends 200 with the SDP answer (or offer, for an INVITE without one) and resolves with the
   * session once the ACK arrives; undefined when it never does (the call is then ended with BYE).
   */
  accept(sdp: string): Promise<SipSession | undefined> {
    if (this.state !== 'offered' && this.state !== 'early') return Promise.resolve(undefined);
    this.state = 'accepted';
    const req = this.request;
    const toValue = req.headers.get('To') ?? '';
    const contact = req.headers.get('Contact');
    const dialog = new Dialog(
      { callId: this.callId, localTag: this.localTag, remoteTag: this.remoteTag },
      /;\s*tag=/i.test(toValue) ? toValue : `${toValue};tag=${this.localTag}`,
      req.headers.get('From') ?? '',
      contact ? contactUri(contact) : req.uri,
      routeSetFrom(req, 'uas'),
      Math.floor(Math.random() * 10_000) + 1,
      'uas',
    );
    dialog.remoteSeq = parseCSeq(req.headers.get('CSeq') ?? '')?.seq;
    dialog.flow = this.incoming.source;
    const session = new SipSession(dialog, this.ua.sessionHost);
    session.localSdp = sdp;
    if (this.offer) session.remoteSdp = this.offer;
    this.session = session;
    this.ua.addSession(session);
    this.incoming.respond(this.response(200, { sdp }));
    const { timers, values } = this.ua.stack;
    let interval = values.t1;
    const retransmit = () => {
      this.incoming.tx?.resendFinal();
      interval = Math.min(interval * 2, values.t2);
      this.retransmitTimer = timers.set(interval, retransmit);
    };
    this.retransmitTimer = timers.set(interval, retransmit);
    this.giveUpTimer = timers.set(64 * values.t1, () => {
      // §13.3.1.4: no ACK after 64*T1 → confirm then end the session with BYE.
      this.stopTimers();
      dialog.state = 'confirmed';
      void session.bye();
      session.end('ack-timeout');
      this.ua.forgetInvite(this);
      this.ackWaiter?.(undefined);
    });
    return new Promise((resolve) => (this.ackWaiter = resolve));
  }

  /** Called by the core for the ACK of our 2xx. */
  acked(ackBody: Buffer): void {
    if (this.state !== 'accepted' || !this.session) return;
    this.state = 'confirmed';
    this.stopTimers();
    this.session.dialog.state = 'confirmed';
    if (ackBody.length) this.session.remoteSdp = ackBody.toString();
    this.ua.forgetInvite(this);
    this.ackWaiter?.(this.session);
  }

  /** Called by the core on a matching CANCEL (§9.2): 487 if no final response was sent. */
  cancelled(): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.state = 'cancelled';
    this.incoming.respond(this.response(487));
    this.ua.forgetInvite(this);
    for (const l of this.cancelListeners) l();
  }

  private stopTimers(): void {
    this.ua.stack.timers.clear(this.retransmitTimer);
    this.ua.stack.timers.clear(this.giveUpTimer);
  }
}
