// A supervisor's leg joined to a bridged call (listen / whisper / barge). What each party hears:
//
//   mode     supervisor hears   agent (b) hears     customer (a) hears
//   listen   a + b              a (relay)           b (relay)
//   whisper  a + b              a + supervisor      b (relay)
//   barge    a + b              a + supervisor      b + supervisor
//
// Directions that only carry one source keep the bridge's packet relay (no added delay); mixed
// directions are decoded into per-source FIFOs (the legs' PCM sinks), summed with clipping on
// the shared 20 ms media clock, G.711-encoded and sent on the target leg's own stream. A FIFO
// waits for 60 ms of audio before it is read (covers 30 ms packetisation and jitter) and keeps
// at most 200 ms, so a late source never builds up delay.
import { encodeG711 } from '../audio/index.ts';
import { buildRtp } from '../rtp/index.ts';
import type { RtpBridge } from './bridge.ts';
import type { MediaClock } from './media-clock.ts';
import type { PcmSink, RecordSink, RtpLeg } from './media-leg.ts';
import type { MediaMonitor, MonitorMode } from './media-server.types.ts';

const FRAME = 160; // 20 ms at 8 kHz
const PRIME = 480;
const MAX = 1600;

class PcmFifo implements PcmSink {
  private readonly ring = new Int16Array(4096);
  private read = 0;
  private size = 0;
  private primed = false;

  push(_channel: number, _ssrc: number, _timestamp: number, samples: Int16Array): void {
    for (let i = 0; i < samples.length; i++) {
      if (this.size === this.ring.length) {
        this.read = (this.read + 1) % this.ring.length;
        this.size--;
      }
      this.ring[(this.read + this.size) % this.ring.length] = samples[i]!;
      this.size++;
    }
    if (this.size > MAX) {
      this.read = (this.read + this.size - MAX) % this.ring.length;
      this.size = MAX;
    }
    if (this.size >= PRIME) this.primed = true;
  }

  tick(): void {}

  /** The next 20 ms, or null (silence) while priming or after running dry. */
  pull(frame: Int16Array): Int16Array | null {
    if (!this.primed) return null;
    const n = Math.min(FRAME, this.size);
    frame.fill(0);
    for (let i = 0; i < n; i++) frame[i] = this.ring[(this.read + i) % this.ring.length]!;
    this.read = (this.read + n) % this.ring.length;
    this.size -= n;
    if (this.size === 0) this.primed = false;
    return frame;
  }
}

/** Who feeds each target leg's mixed stream, per mode (a relay covers the rest). */
function mixedInputs(mode: MonitorMode): { toA: boolean; toB: boolean } {
  return { toA: mode === 'barge', toB: mode !== 'listen' };
}

export class RtpMonitor implements MediaMonitor {
  private readonly fifos = { a: new PcmFifo(), b: new PcmFifo(), s: new PcmFifo() };
  private readonly sinks: Array<[RtpLeg, RecordSink]>;
  private readonly frames = { a: new Int16Array(FRAME), b: new Int16Array(FRAME) };
  private readonly frameS = new Int16Array(FRAME);
  private readonly mix = new Int16Array(FRAME);
  private readonly marker = new Set<RtpLeg>();
  private unsubscribe: (() => void) | null;
  private stopped = false;
  mode: MonitorMode;

  constructor(
    private readonly bridge: RtpBridge,
    readonly supervisor: RtpLeg,
    mode: MonitorMode,
    clock: MediaClock,
    private readonly onStop: (monitor: RtpMonitor) => void,
  ) {
    this.mode = mode;
    supervisor.stopPlayback();
    this.sinks = [
      [bridge.a, { recorder: this.fifos.a, channel: 0 }],
      [bridge.b, { recorder: this.fifos.b, channel: 0 }],
      [supervisor, { recorder: this.fifos.s, channel: 0 }],
    ];
    for (const [leg, sink] of this.sinks) leg.sinks.push(sink);
    this.applyRelays();
    this.unsubscribe = clock.subscribe(() => this.onTick());
  }

  setMode(mode: MonitorMode): void {
    if (this.stopped || mode === this.mode) return;
    this.mode = mode;
    this.applyRelays();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const [leg, sink] of this.sinks) leg.removeSink(sink);
    this.bridge.mixing(false, false);
    this.onStop(this);
  }

  private applyRelays(): void {
    const { toA, toB } = mixedInputs(this.mode);
    this.bridge.mixing(toA, toB);
    this.marker.add(this.bridge.a).add(this.bridge.b).add(this.supervisor);
  }

  private onTick(): void {
    const a = this.fifos.a.pull(this.frames.a);
    const b = this.fifos.b.pull(this.frames.b);
    const s = this.fifos.s.pull(this.frameS);
    const { toA, toB } = mixedInputs(this.mode);
    this.send(this.supervisor, a, b);
    if (toB) this.send(this.bridge.b, a, s);
    if (toA) this.send(this.bridge.a, b, s);
  }

  private send(leg: RtpLeg, x: Int16Array | null, y: Int16Array | null): void {
    const config = leg.config;
    if (!config || !leg.canSend || leg.playing) return;
    const mix = this.mix;
    for (let i = 0; i < FRAME; i++) {
      const v = (x ? x[i]! : 0) + (y ? y[i]! : 0);
      mix[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    const now = performance.now();
    const out = leg.out;
    const ts = out.nextTimestamp(now, FRAME);
    const seq = out.nextSeq();
    const payload = encodeG711(config.codec, mix);
    const marker = this.marker.delete(leg);
    leg.sendRtp(
      buildRtp(config.payloadType, seq, ts, out.ssrc, payload, marker),
      seq,
      ts,
      FRAME,
      now,
    );
  }
}
