// The back-to-back user agent: turns SIP INVITEs into Call objects with a media leg each, dials
// outbound calls, bridges and blind-transfers them. Applications (IVR, ACD, dialer) use only this.
import { newId, type Logger } from '../../platform/index.ts';
import type { MediaServer } from '../media/index.ts';
import { answerOffer, createOffer, readAnswer } from '../sdp/index.ts';
import type { IncomingInvite, UserAgent } from '../sip/index.ts';
import { Call, type CallDeps } from './call.ts';
import type { AnswerOutcome, OriginateRequest } from './call.types.ts';

export interface CallControlOptions {
  ua: UserAgent;
  media: MediaServer;
  now?: () => number;
  logger?: Logger;
}

export interface Originated {
  call: Call;
  /** Resolves when the far end answered (ok) or the attempt failed (SIP status). */
  answered: Promise<AnswerOutcome>;
}

export class CallControl {
  private readonly calls = new Map<string, Call>();
  private incomingHandler: ((call: Call) => void) | undefined;
  private readonly deps: CallDeps;

  constructor(private readonly options: CallControlOptions) {
    this.deps = {
      media: options.media,
      now: options.now ?? Date.now,
      logger: options.logger,
      onEnded: (call) => this.calls.delete(call.id),
    };
    options.ua.onInvite = (invite) => void this.onInvite(invite);
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  /** A call in progress by its id (supervision, tests); undefined once it ended. */
  call(id: string): Call | undefined {
    return this.calls.get(id);
  }

  /** New inbound calls, in state 'ringing' (no 180 sent yet: call.ring() / answer() / reject()). */
  onIncomingCall(handler: (call: Call) => void): void {
    this.incomingHandler = handler;
  }

  private async onInvite(invite: IncomingInvite): Promise<void> {
    if (!this.incomingHandler) {
      invite.reject(480);
      return;
    }
    // Reject what we cannot answer before allocating anything (RFC 3261 §13.3.1.4 → 488).
    if (invite.offer) {
      const probe = answerOffer(invite.offer, {
        address: '0.0.0.0',
        port: 9,
        sessionId: 1,
        sessionVersion: 1,
      });
      if (!probe.ok) {
        invite.reject(probe.status);
        return;
      }
    }
    let leg;
    try {
      leg = await this.options.media.allocateLeg();
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'call-control: no media port');
      invite.reject(503);
      return;
    }
    const req = invite.request;
    const call = new Call(
      newId('call_'),
      'inbound',
      req.headers.get('From') ?? '',
      req.headers.get('To') ?? '',
      leg,
      this.deps,
    );
    call.invite = invite;
    this.calls.set(call.id, call);
    invite.onCancel(() => call.finish('cancelled', 487));
    if (invite.state === 'cancelled') {
      call.finish('cancelled', 487);
      return;
    }
    try {
      this.incomingHandler(call);
    } catch (error) {
      this.options.logger?.error({ err: error }, 'call-control: incoming handler failed');
      call.reject(500);
    }
  }

  /** Dials a URI (INVITE with our offer; digest retry when challenged). */
  async originate(request: OriginateRequest): Promise<Originated> {
    const leg = await this.options.media.allocateLeg();
    const call = new Call(
      newId('call_'),
      'outbound',
      request.from ?? '',
      request.uri,
      leg,
      this.deps,
    );
    this.calls.set(call.id, call);
    const local = {
      address: leg.local.address,
      port: leg.local.port,
      sessionId: 1,
      sessionVersion: 1,
    };
    const out = this.options.ua.originate({
      uri: request.uri,
      sdp: createOffer(local),
      ...(request.from !== undefined ? { from: request.from } : {}),
      ...(request.auth ? { auth: request.auth } : {}),
      ...(request.proxy !== undefined ? { proxy: request.proxy } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.flow ? { flow: request.flow } : {}),
    });
    let timedOut = false;
    call.cancelOutbound = () => out.cancel();
    out.onProgress = (status, sdp) => {
      call.emit({
        type: 'progress',
        callId: call.id,
        status,
        earlyMedia: sdp !== undefined,
        at: this.deps.now(),
      });
      const media = sdp ? readAnswer(sdp) : undefined;
      if (media) {
        call.configure(media);
        call.setState('early');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      out.cancel();
    }, request.timeoutMs ?? 60_000);
    const answered = out.result.then((result): AnswerOutcome => {
      clearTimeout(timer);
      if (!result.ok) {
        const reason = timedOut
          ? 'no-answer'
          : result.status === 487
            ? 'cancelled'
            : result.status >= 500 || result.status === 408
              ? 'failed'
              : 'rejected';
        call.finish(reason, result.status);
        return { ok: false, status: result.status, reason: result.reason };
      }
      const media = result.sdp ? readAnswer(result.sdp) : undefined;
      if (!media) {
        void result.session.bye();
        call.finish('failed', 488);
        return { ok: false, status: 488, reason: 'answer without a usable codec' };
      }
      call.configure(media);
      call.attach(result.session);
      if (call.state === 'ended')
        return { ok: false, status: 487, reason: 'hung up while dialling' };
      call.setState('answered');
      return { ok: true };
    });
    return { call, answered };
  }

  /**
   * Blind transfer (B2BUA style): dial `target`; when it answers, bridge it with `call` and hang up
   * whoever `call` was bridged with. If the target fails, `call` stays as it was.
   */
  async transfer(call: Call, target: OriginateRequest): Promise<AnswerOutcome> {
    const { call: next, answered } = await this.originate(target);
    const outcome = await answered;
    if (!outcome.ok) return outcome;
    if (call.state === 'ended') {
      await next.hangup();
      return { ok: false, status: 481, reason: 'transferred call ended' };
    }
    const previous = call.bridgedWith;
    call.bridge(next);
    if (previous) await previous.hangup();
    return { ok: true };
  }

  /** Ends every call (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.hangup()));
  }
}
