// An INVITE dialog usage (RFC 3261 §12–§15) as call control sees it: re-INVITE in both directions
// (hold / resume / session refresh), BYE in both directions, INFO, and 2xx/ACK reliability.
import type { Logger } from '../../platform/index.ts';
import type { Dialog } from './dialog.ts';
import type { SipRequest, SipResponse } from './message.ts';

export type SessionEndReason = 'local-bye' | 'remote-bye' | 'ack-timeout' | 'transport-error';

export type OfferResult = { status: 200; sdp: string } | { status: number; reason?: string };

export interface SessionHandlers {
  /** A re-INVITE arrived; return the SDP answer or a rejection (488 etc.). */
  onReinvite?(offer: string | undefined): Promise<OfferResult> | OfferResult;
  /** A DTMF or other INFO body (RFC 6086); answered 200 regardless. */
  onInfo?(contentType: string | undefined, body: string): void;
  onEnded?(reason: SessionEndReason): void;
}

/** What a session needs from the user agent; kept narrow so sessions are testable. */
export interface SessionHost {
  sendInDialog(dialog: Dialog, request: SipRequest): Promise<SipResponse>;
  sendAck(dialog: Dialog, ack: SipRequest): void;
  forget(session: SipSession): void;
  logger: Logger | undefined;
}

export class SipSession {
  handlers: SessionHandlers = {};
  ended: SessionEndReason | undefined;
  /** Our current SDP (the last one we sent) and theirs. */
  localSdp: string | undefined;
  remoteSdp: string | undefined;
  private reinviteInProgress = false;
  private readonly endListeners = new Set<(reason: SessionEndReason) => void>();

  constructor(
    readonly dialog: Dialog,
    private readonly host: SessionHost,
  ) {}

  get callId(): string {
    return this.dialog.id.callId;
  }

  onEnded(listener: (reason: SessionEndReason) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Sends a re-INVITE with a new offer (§14.1); resolves with the answer or the failure status. */
  async reinvite(sdp: string): Promise<{ status: number; sdp?: string }> {
    if (this.ended) return { status: 481 };
    if (this.reinviteInProgress) return { status: 491 };
    this.reinviteInProgress = true;
    try {
      const request = this.dialog.createRequest('INVITE', { body: sdp });
      const seq = this.dialog.localSeq;
      const response = await this.host.sendInDialog(this.dialog, request);
      if (response.status >= 200 && response.status < 300) {
        this.host.sendAck(this.dialog, this.dialog.createRequest('ACK', { seq }));
        this.dialog.refreshTarget(response);
        this.localSdp = sdp;
        const answer = response.body.length ? response.body.toString() : undefined;
        if (answer) this.remoteSdp = answer;
        return answer === undefined
          ? { status: response.status }
          : { status: response.status, sdp: answer };
      }
      if (response.status === 481 || response.status === 408) this.end('transport-error');
      return { status: response.status };
    } finally {
      this.reinviteInProgress = false;
    }
  }

  /** Ends the dialog (§15.1.1). Idempotent. */
  async bye(): Promise<void> {
    if (this.ended) return;
    this.end('local-bye');
    try {
      await this.host.sendInDialog(this.dialog, this.dialog.createRequest('BYE'));
    } catch (error) {
      this.host.logger?.debug({ err: error }, 'sip: BYE failed');
    }
  }

  async sendInfo(contentType: string, body: string): Promise<number> {
    if (this.ended) return 481;
    const request = this.dialog.createRequest('INFO', { body, contentType });
    return (await this.host.sendInDialog(this.dialog, request)).status;
  }

  /** Handles an in-dialog request other than ACK; returns the status and answer body. */
  async handleRequest(
    request: SipRequest,
  ): Promise<{ status: number; reason?: string; sdp?: string }> {
    switch (request.method) {
      case 'BYE':
        this.end('remote-bye');
        return { status: 200 };
      case 'INVITE': {
        if (this.reinviteInProgress) return { status: 491 }; // §14.2 glare
        this.dialog.refreshTarget(request);
        const offer = request.body.length ? request.body.toString() : undefined;
        const result = this.handlers.onReinvite
          ? await this.handlers.onReinvite(offer)
          : ({ status: 488 } as OfferResult);
        if ('sdp' in result) {
          if (offer) this.remoteSdp = offer;
          this.localSdp = result.sdp;
        }
        return result;
      }
      case 'INFO':
        this.handlers.onInfo?.(request.headers.get('Content-Type'), request.body.toString());
        return { status: 200 };
      case 'OPTIONS':
      case 'NOTIFY':
        return { status: 200 };
      case 'UPDATE':
      case 'PRACK':
      case 'REFER':
        return { status: 501 };
      default:
        return { status: 501 };
    }
  }

  end(reason: SessionEndReason): void {
    if (this.ended) return;
    this.ended = reason;
    this.dialog.state = 'terminated';
    this.host.forget(this);
    this.handlers.onEnded?.(reason);
    for (const l of this.endListeners) l(reason);
  }
}
