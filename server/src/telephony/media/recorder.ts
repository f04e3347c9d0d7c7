// Call recording with one channel per leg, laid on a common timeline so that silence gaps
// (hold, discontinuous transmission, lost packets) stay gaps and the two sides stay aligned.
//
// The timeline starts at the first packet of either channel. A packet's position comes from
// its RTP timestamp relative to an anchor (RFC 3550 §5.1: timestamps advance with the sampling
// clock even across silence); the anchor is re-taken from the arrival time when the source
// changes (new SSRC on re-INVITE) or when timestamp and arrival disagree by more than
// RESYNC_SAMPLES. Samples go into a ring buffer and reach the file once they are FLUSH_DELAY
// behind the wall clock, which leaves room for reordered packets.
import { WavWriter } from '../audio/index.ts';
import type { RecordingInfo } from './media-server.types.ts';

const RATE = 8000;
const RING_SAMPLES = 4 * RATE; // 4 s per channel
const FLUSH_DELAY_SAMPLES = RATE / 4; // 250 ms
const RESYNC_SAMPLES = RATE / 2; // 500 ms

interface ChannelState {
  ssrc: number | null;
  anchorPosition: number;
  anchorTimestamp: number;
  /** Position after the last sample written into the ring. */
  end: number;
}

export class Recorder {
  private readonly writer: WavWriter;
  private readonly ring: Int16Array;
  private readonly state: ChannelState[];
  /** Monotonic ms at timeline position 0; null until the first packet. */
  private origin: number | null = null;
  /** Everything before this position is in the file. */
  private flushed = 0;
  private closed = false;
  private readonly frame: Int16Array;

  constructor(
    readonly path: string,
    readonly channels: 1 | 2,
  ) {
    this.writer = new WavWriter(path, channels, RATE);
    this.ring = new Int16Array(RING_SAMPLES * channels);
    this.state = Array.from({ length: channels }, () => ({
      ssrc: null,
      anchorPosition: 0,
      anchorTimestamp: 0,
      end: 0,
    }));
    this.frame = new Int16Array(RATE * channels);
  }

  /** Decoded samples of one packet for `channel`, received at monotonic `arrivalMs`. */
  push(
    channel: number,
    ssrc: number,
    timestamp: number,
    samples: Int16Array,
    arrivalMs: number,
  ): void {
    const state = this.state[channel];
    if (this.closed || !state || samples.length === 0) return;
    // Position 0 is when the first packet's first sample was spoken: arrival minus its length.
    this.origin ??= arrivalMs - (samples.length * 1000) / RATE;
    const byArrival = Math.round(((arrivalMs - this.origin) * RATE) / 1000) - samples.length;
    let position: number;
    if (state.ssrc !== ssrc) {
      position = Math.max(byArrival, 0);
      state.ssrc = ssrc;
      state.anchorPosition = position;
      state.anchorTimestamp = timestamp;
    } else {
      // Signed 32-bit difference: the timestamp may wrap.
      position = state.anchorPosition + ((timestamp - state.anchorTimestamp) | 0);
      if (Math.abs(position - byArrival) > RESYNC_SAMPLES) {
        position = Math.max(byArrival, 0);
        state.anchorPosition = position;
        state.anchorTimestamp = timestamp;
      }
    }
    this.place(channel, position, samples);
  }

  private place(channel: number, position: number, samples: Int16Array): void {
    let from = 0;
    if (position < this.flushed) from = this.flushed - position; // too late: that part is written
    if (from >= samples.length) return;
    const end = position + samples.length;
    // Never let the ring overrun: push older audio out to the file first.
    if (end - this.flushed > RING_SAMPLES) this.flushTo(end - RING_SAMPLES);
    const channels = this.channels;
    for (let i = from; i < samples.length; i++) {
      const at = ((position + i) % RING_SAMPLES) * channels + channel;
      this.ring[at] = samples[i]!;
    }
    const state = this.state[channel]!;
    if (end > state.end) state.end = end;
  }

  /** Moves audio older than the reorder window to the file (called on the media clock). */
  tick(nowMs: number): void {
    if (this.origin === null || this.closed) return;
    const wall = Math.floor(((nowMs - this.origin) * RATE) / 1000) - FLUSH_DELAY_SAMPLES;
    const latest = Math.max(...this.state.map((s) => s.end));
    // Past the last packet nothing is known yet: silence is only written once later audio
    // proves it was silence, or at close.
    this.flushTo(Math.min(wall, latest));
  }

  private flushTo(target: number): void {
    const channels = this.channels;
    while (this.flushed < target) {
      const count = Math.min(
        target - this.flushed,
        RATE,
        RING_SAMPLES - (this.flushed % RING_SAMPLES),
      );
      const start = (this.flushed % RING_SAMPLES) * channels;
      const slice = this.ring.subarray(start, start + count * channels);
      this.frame.set(slice);
      this.writer.write(this.frame.subarray(0, count * channels));
      slice.fill(0); // what is not overwritten later is silence
      this.flushed += count;
    }
  }

  get durationMs(): number {
    return (Math.max(this.flushed, ...this.state.map((s) => s.end)) / RATE) * 1000;
  }

  /** Writes everything up to the last received sample and closes the file. */
  async close(): Promise<RecordingInfo> {
    if (!this.closed) {
      this.flushTo(Math.max(...this.state.map((s) => s.end)));
      this.closed = true;
    }
    const result = await this.writer.close();
    return {
      path: result.path,
      channels: this.channels,
      durationMs: result.durationMs,
      bytes: result.bytes,
    };
  }
}
