// One RTP leg of the built-in engine: an RTP socket on an even port and an RTCP socket on the
// next (RFC 3550 §11), both connect()ed to the peer once its address is known — the kernel then
// filters foreign senders and send() skips the per-packet address lookup.
import type { Socket } from 'node:dgram';
import { decodeG711, encodeG711, loadPrompt } from '../audio/index.ts';
import { buildRtp, looksLikeRtcp, rtpPayloadOffset } from '../rtp/index.ts';
import type { LegRuntime } from './leg-runtime.types.ts';
import { estimateMos } from './mos.ts';
import { OutStream } from './out-stream.ts';
import { Playout } from './playout.ts';
import { ReceiveStats } from './receive-stats.ts';
import { Recorder } from './recorder.ts';
import { RtcpSession } from './rtcp-session.ts';
import { DtmfDetector } from './dtmf-detector.ts';
import { SocketLink } from './socket-link.ts';
import type {
  DtmfEvent,
  LegConfig,
  LegStats,
  MediaEndpoint,
  MediaLeg,
  MediaLegEvent,
  PlayOptions,
  PlayResult,
  PlaySource,
  RecordingInfo,
} from './media-server.types.ts';

/**
 * Decoded samples of the packet being recorded. Recorders copy them into their ring at once,
 * so one buffer serves every leg and a recorded packet allocates no backing store.
 */
const scratch = new Int16Array(2048);

/** Consumer of a leg's decoded incoming audio: a recorder, or a monitor's mixing FIFO. */
export interface PcmSink {
  push(channel: number, ssrc: number, timestamp: number, samples: Int16Array, now: number): void;
  /** Housekeeping (recorders flush here). */
  tick(nowMono: number): void;
}

/** Where a leg's incoming audio goes besides the relay: recordings, a monitor's mixer. */
export interface RecordSink {
  recorder: PcmSink;
  channel: number;
}

/** The relay hook a bridge installs on its source leg (bridge.ts). */
export type RelayHook = (packet: Buffer, isDtmf: boolean, now: number) => void;

export class RtpLeg implements MediaLeg {
  readonly out = new OutStream();
  readonly receive = new ReceiveStats();
  readonly playout = new Playout();
  config: LegConfig | null = null;
  relay: RelayHook | null = null;
  readonly sinks: RecordSink[] = [];
  private readonly rtcp: RtcpSession;
  private readonly detector = new DtmfDetector();
  private readonly listeners = new Set<(event: MediaLegEvent) => void>();
  private ownRecorder: { recorder: Recorder; channel: number } | null = null;
  private unsubscribeClock: (() => void) | null = null;
  private readonly rtpLink: SocketLink;
  private readonly rtcpLink: SocketLink;
  private lastReceiveAt: number;
  private timeoutReported = false;
  nextRtcpAt: number;
  closed = false;
  private closing: Promise<LegStats> | null = null;

  constructor(
    readonly id: string,
    readonly local: MediaEndpoint,
    private readonly rtpSocket: Socket,
    private readonly rtcpSocket: Socket,
    private readonly runtime: LegRuntime,
  ) {
    this.rtpLink = new SocketLink(rtpSocket);
    this.rtcpLink = new SocketLink(rtcpSocket);
    this.rtcp = new RtcpSession(this.out, this.receive, `yunhu-${id}@${local.address}`);
    this.lastReceiveAt = performance.now();
    this.nextRtcpAt = this.lastReceiveAt + runtime.rtcpInterval();
    rtpSocket.on('message', (packet) => this.onRtp(packet));
    rtcpSocket.on('message', (packet) => this.rtcp.handle(packet, performance.now(), Date.now()));
  }

  configure(config: LegConfig): void {
    this.config = { ...config };
    const remote = usable(config.remote);
    if (!sameEndpoint(this.rtpLink.remote, remote)) this.rtpLink.set(remote);
    const rtcpRemote =
      config.rtcpMux || !remote
        ? null
        : (usable(config.remoteRtcp) ?? { address: remote.address, port: remote.port + 1 });
    if (!sameEndpoint(this.rtcpLink.remote, rtcpRemote)) this.rtcpLink.set(rtcpRemote);
    this.lastReceiveAt = performance.now();
    this.timeoutReported = false;
  }

  private get rtpConnected(): boolean {
    return this.rtpLink.connected;
  }

  get canSend(): boolean {
    const direction = this.config?.direction;
    return this.rtpConnected && (direction === 'sendrecv' || direction === 'sendonly');
  }

  private get canReceive(): boolean {
    const direction = this.config?.direction;
    return direction === 'sendrecv' || direction === 'recvonly';
  }

  /** Sends a finished RTP packet (relay or playout) and accounts it. */
  sendRtp(packet: Buffer, seq: number, ts: number, payloadOctets: number, now: number): void {
    if (!this.canSend) return;
    this.rtpSocket.send(packet);
    this.out.sent(seq, ts, payloadOctets, now);
  }

  private onRtp(packet: Buffer): void {
    if (this.closed || packet.length < 12 || packet[0]! >> 6 !== 2) return;
    if (looksLikeRtcp(packet)) {
      this.rtcp.handle(packet, performance.now(), Date.now()); // rtcp-mux (RFC 5761 §4)
      return;
    }
    const config = this.config;
    if (!config || !this.canReceive) return;
    const payloadType = packet[1]! & 0x7f;
    const isDtmf = payloadType === config.dtmfPayloadType;
    if (!isDtmf && payloadType !== config.payloadType) return; // CN, unknown: ignored
    const now = performance.now();
    const ssrc = packet.readUInt32BE(8);
    const timestamp = packet.readUInt32BE(4);
    const offset = rtpPayloadOffset(packet);
    if (offset < 0) return;
    const padding = (packet[0]! & 0x20) !== 0 ? packet[packet.length - 1]! : 0;
    const payloadEnd = packet.length - padding;
    if (payloadEnd < offset) return;
    this.receive.update(
      ssrc,
      packet.readUInt16BE(2),
      isDtmf ? null : timestamp,
      now,
      payloadEnd - offset,
    );
    this.lastReceiveAt = now;
    if (isDtmf) {
      for (const digit of this.detector.push(
        ssrc,
        timestamp,
        packet.subarray(offset, payloadEnd),
        now,
      )) {
        this.emitDtmf(digit.digit, digit.durationMs, digit.startedAt);
      }
    } else if (this.sinks.length > 0) {
      const payload = packet.subarray(offset, payloadEnd);
      const samples = decodeG711(
        config.codec,
        payload,
        payload.length <= scratch.length ? scratch.subarray(0, payload.length) : undefined,
      );
      for (const sink of this.sinks)
        sink.recorder.push(sink.channel, ssrc, timestamp, samples, now);
    }
    // Relay last: it rewrites the header in place.
    this.relay?.(packet, isDtmf, now);
  }

  private emitDtmf(digit: DtmfEvent['digit'], durationMs: number, startedAtMono: number): void {
    const at = Date.now() - Math.round(performance.now() - startedAtMono);
    this.emit({ type: 'dtmf', event: { legId: this.id, digit, durationMs, at } });
  }

  private emit(event: MediaLegEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.runtime.logger.warn({ err: error, legId: this.id }, 'media leg listener failed');
      }
    }
  }

  on(listener: (event: MediaLegEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onDtmf(listener: (event: DtmfEvent) => void): () => void {
    return this.on((event) => {
      if (event.type === 'dtmf') listener(event.event);
    });
  }

  /** Bumped by stopPlayback(), so a prompt still loading when it is called never starts. */
  private playGeneration = 0;

  async play(source: PlaySource, options: PlayOptions = {}): Promise<PlayResult> {
    if (this.closed) return 'stopped';
    const generation = this.playGeneration;
    const pcm =
      typeof source === 'string' ? await this.runtime.prompts.get(source, loadPrompt) : source;
    if (this.closed || generation !== this.playGeneration) return 'stopped';
    const result = this.playout.play(pcm, options.loop === true);
    this.ensureTicking();
    return result;
  }

  stopPlayback(): void {
    this.playGeneration++;
    this.playout.stop();
  }

  get playing(): boolean {
    return this.playout.playing;
  }

  sendDtmf(digits: string, durationMs = 100): Promise<void> {
    if (this.closed || this.config?.dtmfPayloadType == null) return Promise.resolve();
    const done = this.playout.sendDigits(digits, durationMs);
    this.ensureTicking();
    return done;
  }

  private ensureTicking(): void {
    this.unsubscribeClock ??= this.runtime.clock.subscribe(() => this.onTick());
  }

  private eventTs = 0;

  private onTick(): void {
    const intent = this.playout.next();
    const config = this.config;
    if (!intent || !config) {
      if (!this.playout.busy) {
        this.unsubscribeClock?.();
        this.unsubscribeClock = null;
      }
      return;
    }
    const now = performance.now();
    const out = this.out;
    switch (intent.kind) {
      case 'pause':
        return;
      case 'audio': {
        const ts = out.nextTimestamp(now, intent.samples.length);
        const seq = out.nextSeq();
        const payload = encodeG711(config.codec, intent.samples);
        const packet = buildRtp(config.payloadType, seq, ts, out.ssrc, payload, intent.marker);
        this.sendRtp(packet, seq, ts, payload.length, now);
        return;
      }
      case 'event': {
        if (config.dtmfPayloadType === null) return;
        if (intent.first) this.eventTs = out.nextTimestamp(now, 160);
        const seq = out.nextSeq();
        const packet = buildRtp(
          config.dtmfPayloadType,
          seq,
          this.eventTs,
          out.ssrc,
          intent.payload,
          intent.marker,
        );
        // The stream's clock keeps running during the event (§2.5.1.5): account its duration.
        const ts = (this.eventTs + intent.durationSamples - 160) >>> 0;
        this.sendRtp(packet, seq, ts, intent.payload.length, now);
        return;
      }
    }
  }

  startRecording(path: string): void {
    if (this.closed || this.ownRecorder) return;
    this.ownRecorder = { recorder: new Recorder(path, 1), channel: 0 };
    this.sinks.push(this.ownRecorder);
  }

  async stopRecording(): Promise<RecordingInfo | null> {
    const sink = this.ownRecorder;
    if (!sink) return null;
    this.ownRecorder = null;
    this.removeSink(sink);
    return sink.recorder.close();
  }

  removeSink(sink: RecordSink): void {
    const index = this.sinks.indexOf(sink);
    if (index >= 0) this.sinks.splice(index, 1);
  }

  stats(): LegStats {
    const receive = this.receive;
    const lossPct = receive.lossPct;
    const jitterMs = receive.jitterMs;
    const rttMs = this.rtcp.rttMs;
    return {
      packetsSent: this.out.packets,
      octetsSent: this.out.octets,
      packetsReceived: receive.packets,
      octetsReceived: receive.octets,
      packetsLost: Math.max(0, receive.lost),
      lossPct,
      jitterMs,
      rttMs,
      mos: estimateMos({ lossPct, jitterMs, rttMs }),
    };
  }

  /** Housekeeping from the server's slow timer: RTCP, DTMF end timeout, RTP timeout, recorders. */
  housekeep(nowMono: number, nowWall: number): void {
    if (this.closed) return;
    const digit = this.detector.poll(nowMono);
    if (digit) this.emitDtmf(digit.digit, digit.durationMs, digit.startedAt);
    for (const sink of this.sinks) if (sink.channel === 0) sink.recorder.tick(nowMono);
    if (nowMono >= this.nextRtcpAt) {
      this.nextRtcpAt = nowMono + this.runtime.rtcpInterval();
      this.sendRtcp(this.rtcp.buildReport(nowMono, nowWall));
    }
    const timeout = this.runtime.rtpTimeoutMs;
    if (
      timeout > 0 &&
      this.rtpConnected &&
      this.canReceive &&
      !this.timeoutReported &&
      nowMono - this.lastReceiveAt > timeout
    ) {
      this.timeoutReported = true;
      this.emit({ type: 'rtp-timeout', legId: this.id });
    }
  }

  private sendRtcp(packet: Buffer): void {
    if (this.config?.rtcpMux) {
      if (this.rtpConnected) this.rtpSocket.send(packet);
    } else if (this.rtcpLink.connected) this.rtcpSocket.send(packet);
  }

  close(): Promise<LegStats> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<LegStats> {
    this.closed = true;
    this.playout.reset();
    this.unsubscribeClock?.();
    this.unsubscribeClock = null;
    await this.runtime.detach(this);
    await this.stopRecording();
    this.sendRtcp(this.rtcp.buildBye(performance.now(), Date.now()));
    const stats = this.stats();
    this.relay = null;
    await Promise.all([closeSocket(this.rtpSocket), closeSocket(this.rtcpSocket)]);
    this.runtime.release(this);
    this.emit({ type: 'closed', legId: this.id, stats });
    this.listeners.clear();
    return stats;
  }
}

function usable(endpoint: MediaEndpoint | null | undefined): MediaEndpoint | null {
  // 0.0.0.0 is the pre-RFC 3264 way to put a call on hold: nothing to send to.
  if (
    !endpoint ||
    endpoint.port <= 0 ||
    endpoint.address === '0.0.0.0' ||
    endpoint.address === '::'
  )
    return null;
  return endpoint;
}

function sameEndpoint(a: MediaEndpoint | null, b: MediaEndpoint | null): boolean {
  return a === b || (a !== null && b !== null && a.address === b.address && a.port === b.port);
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
