// One call leg of the B2BUA: a SIP session plus a media leg. Inbound calls are answered or
// rejected; outbound ones are dialled by CallControl.originate. Every change emits a CallEvent.
import type { Logger } from '../../platform/index.ts';
import type {
  DtmfDigit,
  MediaBridge,
  MediaDirection,
  MediaLeg,
  MediaMonitor,
  MediaServer,
  MonitorMode,
  PlayOptions,
  PlayResult,
  PlaySource,
  RecordingInfo,
} from '../media/index.ts';
import { answerOffer, createOffer, readAnswer, type NegotiatedMedia } from '../sdp/index.ts';
import type { IncomingInvite, OfferResult, SipSession } from '../sip/index.ts';
import { DigitCollector } from './digit-collector.ts';
import type {
  AnswerOutcome,
  CallDirection,
  CallEndReason,
  CallEvent,
  CallState,
  CollectOptions,
} from './call.types.ts';

export interface CallDeps {
  media: MediaServer;
  now: () => number;
  logger: Logger | undefined;
  onEnded: (call: Call) => void;
}

const DTMF_INFO = /Signal\s*=\s*([0-9A-D*#])/i;

export class Call {
  state: CallState;
  session: SipSession | undefined;
  invite: IncomingInvite | undefined;
  bridgedWith: Call | undefined;
  private mediaBridge: MediaBridge | undefined;
  private readonly listeners = new Set<(event: CallEvent) => void>();
  private readonly digits: DigitCollector;
  private sessionVersion = 1;
  private ourDirection: MediaDirection = 'sendrecv';
  private remoteHeld = false;
  private recording = false;
  private endedEvent: Extract<CallEvent, { type: 'ended' }> | undefined;

  constructor(
    readonly id: string,
    readonly direction: CallDirection,
    readonly from: string,
    readonly to: string,
    readonly leg: MediaLeg,
    private readonly deps: CallDeps,
  ) {
    this.state = direction === 'inbound' ? 'ringing' : 'dialing';
    this.digits = new DigitCollector();
    leg.onDtmf((e) => this.dtmf(e.digit, 'rfc4733'));
    leg.on((e) => {
      if (e.type === 'rtp-timeout' && this.state !== 'ended') void this.hangup('media-timeout');
    });
  }

  on(listener: (event: CallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the final event (immediately when the call already ended). */
  ended(): Promise<Extract<CallEvent, { type: 'ended' }>> {
    if (this.endedEvent) return Promise.resolve(this.endedEvent);
    return new Promise((resolve) => {
      const off = this.on((e) => {
        if (e.type === 'ended') {
          off();
          resolve(e);
        }
      });
    });
  }

  emit(event: CallEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        this.deps.logger?.error({ err: error }, 'call: listener failed');
      }
    }
  }

  setState(next: CallState): void {
    if (next === this.state) return;
    const previous = this.state;
    this.state = next;
    this.emit({ type: 'state', callId: this.id, state: next, previous, at: this.deps.now() });
  }

  private local(direction: MediaDirection = this.ourDirection) {
    return {
      address: this.leg.local.address,
      port: this.leg.local.port,
      sessionId: 1,
      sessionVersion: this.sessionVersion++,
      direction,
    };
  }

  configure(media: NegotiatedMedia): void {
    this.leg.configure({
      codec: media.codec,
      payloadType: media.payloadType,
      dtmfPayloadType: media.dtmfPayloadType,
      remote: media.remote,
      direction: media.direction,
    });
  }

  /** Inbound: 180 Ringing, or 183 with our SDP so prompts play before answer (early media). */
  ring(earlyMedia = false): void {
    const invite = this.invite;
    if (!invite || this.state !== 'ringing') return;
    if (!earlyMedia || !invite.offer) {
      invite.progress(180);
      return;
    }
    const result = answerOffer(invite.offer, this.local());
    if (!result.ok) return;
    this.configure(result.media);
    invite.progress(183, result.answer);
    this.setState('early');
  }

  /** Inbound: 200 OK with the SDP answer; resolves once the ACK arrived. */
  async answer(): Promise<AnswerOutcome> {
    const invite = this.invite;
    if (!invite || (this.state !== 'ringing' && this.state !== 'early')) {
      return { ok: false, status: 481, reason: `call is ${this.state}` };
    }
    let sdp: string;
    if (invite.offer) {
      const result = answerOffer(invite.offer, this.local());
      if (!result.ok) {
        this.reject(result.status);
        return { ok: false, status: result.status, reason: result.reason };
      }
      this.configure(result.media);
      sdp = result.answer;
    } else {
      sdp = createOffer(this.local()); // late offer: the ACK carries the answer (RFC 3261 §13.2.1)
    }
    const session = await invite.accept(sdp);
    if (!session) {
      this.finish('ack-timeout', undefined);
      return { ok: false, status: 408, reason: 'no ACK' };
    }
    if (!invite.offer && session.remoteSdp) {
      const media = readAnswer(session.remoteSdp);
      if (media) this.configure(media);
    }
    this.attach(session);
    if ((this.state as CallState) !== 'ended') this.setState('answered');
    return { ok: true };
  }

  reject(status = 486, reason?: string): void {
    if (!this.invite || (this.state !== 'ringing' && this.state !== 'early')) return;
    this.invite.reject(status, reason);
    this.finish('rejected', status);
  }

  /** Wires a confirmed SIP session: BYE, re-INVITE (hold / resume / refresh), INFO DTMF. */
  attach(session: SipSession): void {
    this.session = session;
    session.handlers.onReinvite = (offer) => this.onReinvite(offer);
    session.handlers.onInfo = (type, body) => {
      const m = type?.toLowerCase().startsWith('application/dtmf-relay')
        ? DTMF_INFO.exec(body)
        : null;
      if (m?.[1]) this.dtmf(m[1].toUpperCase() as DtmfDigit, 'sip-info');
    };
    session.onEnded((reason) => {
      if (reason === 'remote-bye') this.finish('remote-hangup', undefined);
      else if (reason === 'ack-timeout') this.finish('ack-timeout', undefined);
      else if (reason === 'transport-error') this.finish('failed', undefined);
    });
  }

  private onReinvite(offer: string | undefined): OfferResult {
    if (!offer) return { status: 200, sdp: createOffer(this.local()) };
    const result = answerOffer(offer, this.local());
    if (!result.ok) return { status: result.status, reason: result.reason };
    this.configure(result.media);
    if (result.media.remoteHold !== this.remoteHeld) {
      this.remoteHeld = result.media.remoteHold;
      this.emit({
        type: 'remote-hold',
        callId: this.id,
        held: this.remoteHeld,
        at: this.deps.now(),
      });
    }
    return { status: 200, sdp: result.answer };
  }

  /** Puts the far end on hold (RFC 3264 §8.4: a=sendonly) or resumes it. */
  async hold(on = true): Promise<boolean> {
    if (!this.session || (this.state !== 'answered' && this.state !== 'held')) return false;
    this.ourDirection = on ? 'sendonly' : 'sendrecv';
    const result = await this.session.reinvite(createOffer(this.local()));
    if (result.status !== 200 || !result.sdp) return false;
    const media = readAnswer(result.sdp);
    if (media) this.configure(media);
    this.setState(on ? 'held' : 'answered');
    return true;
  }

  play(source: PlaySource, options?: PlayOptions): Promise<PlayResult> {
    if (this.state === 'ended') return Promise.resolve('stopped');
    return this.leg.play(source, options);
  }

  stopPlayback(): void {
    this.leg.stopPlayback();
  }

  /** RFC 4733 digits to the far end (ignored when it did not negotiate telephone-event). */
  sendDtmf(digits: string, durationMs?: number): Promise<void> {
    if (this.state === 'ended') return Promise.resolve();
    return this.leg.sendDtmf(digits, durationMs);
  }

  /** Digits pressed since the last collection count too (type-ahead), as IVRs expect. */
  collectDigits(options: CollectOptions = {}): Promise<string> {
    return this.digits.collect(options);
  }

  private dtmf(digit: DtmfDigit, source: 'rfc4733' | 'sip-info'): void {
    this.emit({ type: 'dtmf', callId: this.id, digit, source, at: this.deps.now() });
    this.digits.push(digit);
  }

  record(path: string): void {
    this.recording = true;
    this.leg.startRecording(path);
  }

  async stopRecording(): Promise<RecordingInfo | null> {
    this.recording = false;
    return this.leg.stopRecording();
  }

  /** Relays media between this call and another (payload types rewritten by the engine). */
  bridge(other: Call, options: { recordPath?: string } = {}): MediaBridge {
    this.unbridgeSync();
    other.unbridgeSync();
    const bridge = this.deps.media.bridge(this.leg, other.leg, options);
    this.mediaBridge = bridge;
    other.mediaBridge = bridge;
    this.bridgedWith = other;
    other.bridgedWith = this;
    const at = this.deps.now();
    this.emit({ type: 'bridged', callId: this.id, otherCallId: other.id, at });
    other.emit({ type: 'bridged', callId: other.id, otherCallId: this.id, at });
    return bridge;
  }

  /**
   * Joins `supervisor` to this call's bridge (the other side of the bridge is the one a whisper
   * reaches: bridge this call first, with the agent's call as `other`). Null when the call is
   * not bridged or the media engine cannot mix.
   */
  monitor(supervisor: Call, mode: MonitorMode): MediaMonitor | null {
    const bridge = this.mediaBridge;
    if (!bridge || !this.deps.media.monitor || supervisor.state !== 'answered') return null;
    return this.deps.media.monitor(bridge, supervisor.leg, mode);
  }

  async unbridge(): Promise<RecordingInfo | null> {
    const bridge = this.mediaBridge;
    this.unbridgeSync();
    return bridge ? bridge.unbridge() : null;
  }

  private unbridgeSync(): void {
    const other = this.bridgedWith;
    const bridge = this.mediaBridge;
    this.mediaBridge = undefined;
    this.bridgedWith = undefined;
    if (other) {
      other.mediaBridge = undefined;
      other.bridgedWith = undefined;
      const at = this.deps.now();
      this.emit({ type: 'unbridged', callId: this.id, otherCallId: other.id, at });
      other.emit({ type: 'unbridged', callId: other.id, otherCallId: this.id, at });
    }
    if (bridge) void bridge.unbridge();
  }

  /** Ends the call whatever its state: BYE when answered, 480/487-style reject when ringing. */
  async hangup(reason: CallEndReason = 'local-hangup'): Promise<void> {
    if (this.state === 'ended') return;
    if (this.invite && (this.state === 'ringing' || this.state === 'early')) {
      this.invite.reject(reason === 'no-answer' ? 480 : 603);
    } else if (this.session) {
      await this.session.bye();
    } else {
      this.cancelOutbound?.();
    }
    this.finish(reason, undefined);
  }

  /** Set by CallControl for outbound calls still dialling. */
  cancelOutbound: (() => void) | undefined;

  finish(reason: CallEndReason, status: number | undefined): void {
    if (this.state === 'ended') return;
    this.setState('ended');
    this.digits.close();
    const other = this.bridgedWith;
    this.unbridgeSync();
    void (async () => {
      let recording: RecordingInfo | undefined;
      try {
        if (this.recording) recording = (await this.leg.stopRecording()) ?? undefined;
      } catch (error) {
        this.deps.logger?.warn({ err: error }, 'call: stopping the recording failed');
      }
      let stats;
      try {
        stats = await this.leg.close();
      } catch (error) {
        this.deps.logger?.warn({ err: error }, 'call: closing the media leg failed');
      }
      this.endedEvent = {
        type: 'ended',
        callId: this.id,
        reason,
        status,
        stats,
        recording,
        at: this.deps.now(),
      };
      this.deps.onEnded(this);
      this.emit(this.endedEvent);
    })();
    void other; // the bridged peer keeps running; the application decides (hang up / re-queue)
  }
}
