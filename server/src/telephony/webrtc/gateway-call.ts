// One SIP call to a browser agent: the INVITE from the B2BUA on one side, a werift peer connection
// to the browser on the other, and a loopback RTP port between them. DTMF from the browser leaves
// as RFC 4733 events; DTMF toward the browser goes over the signalling channel.
import type { Logger } from '../../platform/index.ts';
import type { Codec, MediaEndpoint } from '../media/index.ts';
import {
  buildRtp,
  dtmfDigitOf,
  dtmfEventCode,
  parseRtp,
  parseTelephoneEvent,
  serializeTelephoneEvent,
} from '../rtp/index.ts';
import { answerOffer, createOffer, type NegotiatedMedia } from '../sdp/index.ts';
import type { IncomingInvite, SipSession } from '../sip/index.ts';
import { BrowserLeg } from './browser-leg.ts';
import { openRtpPort, type RtpPort } from './rtp-port.ts';
import type { SoftphoneCallState, SoftphoneEvent } from './signalling.types.ts';

const SILENCE: Record<Codec, number> = { PCMU: 0xff, PCMA: 0xd5 };

export interface GatewayCallDeps {
  host: string;
  additionalHostAddresses: string[] | undefined;
  logger: Logger | undefined;
  send(event: SoftphoneEvent): void;
  onEnded(call: GatewayCall): void;
}

export class GatewayCall {
  state: SoftphoneCallState = 'ringing';
  muted = false;
  session: SipSession | undefined;
  private port: RtpPort | undefined;
  private browser: BrowserLeg | undefined;
  private media: NegotiatedMedia;
  private readonly ssrc = (Math.random() * 0xffffffff) >>> 0;
  private seq = Math.floor(Math.random() * 0xffff);
  private lastTimestamp = 0;
  private sendingDtmf = false;
  private lastDtmfTimestamp = -1;
  private sessionVersion = 1;
  /** RTP counters at the gateway (what the browser sent / what went to the browser). */
  packetsToSip = 0;

  constructor(
    readonly id: string,
    readonly user: string,
    readonly invite: IncomingInvite,
    media: NegotiatedMedia,
    private readonly deps: GatewayCallDeps,
  ) {
    this.media = media;
    invite.onCancel(() => void this.end('cancelled'));
  }

  /** Read through a getter: the state changes across the awaits of accept(). */
  private get ended(): boolean {
    return this.state === 'ended';
  }

  get sipCallId(): string {
    return this.invite.callId;
  }

  get stats() {
    return {
      fromBrowser: this.browser?.packetsFromBrowser ?? 0,
      toBrowser: this.browser?.packetsToBrowser ?? 0,
      toSip: this.packetsToSip,
    };
  }

  private setState(state: SoftphoneCallState, reason?: string): void {
    this.state = state;
    this.deps.send({
      type: 'state',
      callId: this.id,
      state,
      muted: this.muted,
      ...(reason ? { reason } : {}),
    });
  }

  /** The agent answered: answer the browser's WebRTC offer, then the SIP INVITE. */
  async accept(browserOffer: string): Promise<void> {
    if (this.state !== 'ringing') throw new Error(`call ${this.id} is ${this.state}, not ringing`);
    this.setState('connecting');
    const port = await openRtpPort(this.deps.host);
    this.port = port;
    const browser = new BrowserLeg({
      codec: this.media.codec,
      ...(this.deps.additionalHostAddresses
        ? { additionalHostAddresses: this.deps.additionalHostAddresses }
        : {}),
      onAudio: (payload, timestamp) => this.fromBrowser(payload, timestamp),
      onState: (s) => {
        if (s === 'connected' && this.state === 'connecting') this.setState('active');
        if (s === 'failed') void this.hangup('webrtc-failed');
      },
    });
    this.browser = browser;
    const answer = await browser.answer(browserOffer);
    if (this.ended) return;
    this.deps.send({ type: 'answer', callId: this.id, sdp: answer });
    port.rtp.on('message', (data) => this.fromSip(data));
    const sip = answerOffer(this.invite.offer ?? '', this.local());
    if (!sip.ok) {
      this.invite.reject(sip.status, sip.reason);
      await this.end('failed');
      return;
    }
    this.media = sip.media;
    const session = await this.invite.accept(sip.answer);
    if (!session) {
      await this.end('ack-timeout');
      return;
    }
    this.session = session;
    session.handlers.onReinvite = (offer) => {
      if (!offer) return { status: 200, sdp: createOffer(this.local()) };
      const result = answerOffer(offer, this.local());
      if (!result.ok) return { status: result.status, reason: result.reason };
      this.media = result.media;
      return { status: 200, sdp: result.answer };
    };
    session.onEnded(() => void this.end('remote-hangup'));
    if (this.ended) await session.bye();
  }

  private local() {
    return {
      address: this.deps.host,
      port: this.port?.port ?? 9,
      codecs: [this.media.codec],
      sessionId: 1,
      sessionVersion: this.sessionVersion,
    };
  }

  private get remote(): MediaEndpoint | null {
    return this.media.remote;
  }

  private sendToSip(packet: Buffer): void {
    const remote = this.remote;
    if (!remote || !this.port) return;
    this.packetsToSip++;
    this.port.rtp.send(packet, remote.port, remote.address);
  }

  private fromBrowser(payload: Buffer, timestamp: number): void {
    this.lastTimestamp = timestamp;
    if (this.state !== 'active' || this.sendingDtmf || this.media.direction === 'recvonly') return;
    const body = this.muted ? Buffer.alloc(payload.length, SILENCE[this.media.codec]) : payload;
    this.seq = (this.seq + 1) & 0xffff;
    this.sendToSip(buildRtp(this.media.payloadType, this.seq, timestamp, this.ssrc, body, false));
  }

  private fromSip(data: Buffer): void {
    const packet = parseRtp(data);
    if (!packet) return;
    if (packet.payloadType === this.media.dtmfPayloadType) {
      const event = parseTelephoneEvent(packet.payload);
      if (event?.end && packet.timestamp !== this.lastDtmfTimestamp) {
        this.lastDtmfTimestamp = packet.timestamp;
        const digit = dtmfDigitOf(event.event);
        if (digit) this.deps.send({ type: 'dtmf', callId: this.id, digit });
      }
      return;
    }
    if (packet.payloadType !== this.media.payloadType || this.state === 'held') return;
    this.browser?.sendRtp(data);
  }

  /** RFC 4733 events toward the B2BUA: 100 ms per digit, three end packets, 50 ms gap. */
  async sendDtmf(digits: string): Promise<void> {
    const pt = this.media.dtmfPayloadType;
    if (pt === null) throw new Error('the far end did not negotiate telephone-event');
    for (const digit of digits) {
      const code = dtmfEventCode(digit);
      if (code === null) throw new Error(`not a DTMF digit: ${digit}`);
      this.sendingDtmf = true;
      const timestamp = (this.lastTimestamp + 160) >>> 0;
      for (let i = 1; i <= 8; i++) {
        const end = i >= 6;
        const duration = Math.min(i, 5) * 160;
        const payload = serializeTelephoneEvent({ event: code, end, volume: 10, duration });
        this.seq = (this.seq + 1) & 0xffff;
        this.sendToSip(buildRtp(pt, this.seq, timestamp, this.ssrc, payload, i === 1));
        await new Promise((r) => setTimeout(r, end ? 5 : 20));
      }
      this.sendingDtmf = false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  mute(on: boolean): void {
    this.muted = on;
    this.setState(this.state);
  }

  /** Hold: a=sendonly re-INVITE (RFC 3264 §8.4); the browser hears nothing while held. */
  async hold(on: boolean): Promise<void> {
    if (!this.session || (this.state !== 'active' && this.state !== 'held')) {
      throw new Error(`call ${this.id} is not connected`);
    }
    this.sessionVersion++;
    const offer = createOffer({ ...this.local(), direction: on ? 'sendonly' : 'sendrecv' });
    const result = await this.session.reinvite(offer);
    if (result.status !== 200) throw new Error(`hold re-INVITE answered ${result.status}`);
    this.setState(on ? 'held' : 'active');
  }

  async hangup(reason = 'local-hangup'): Promise<void> {
    if (this.state === 'ended') return;
    if (this.session) await this.session.bye();
    else this.invite.reject(this.state === 'ringing' ? 486 : 480);
    await this.end(reason);
  }

  async end(reason: string): Promise<void> {
    if (this.state === 'ended') return;
    this.setState('ended', reason);
    this.deps.onEnded(this);
    this.port?.close();
    await this.browser?.close().catch((error: unknown) => {
      this.deps.logger?.warn({ err: error }, 'webrtc gateway: closing the peer connection failed');
    });
  }
}
