// Our outgoing RTP stream on one leg: one SSRC for the leg's lifetime, random initial sequence
// number and timestamp (RFC 3550 §5.1), and continuity whatever feeds it — prompts, DTMF or
// packets relayed from the other leg — so the far end sees a single, well-formed stream even
// across re-INVITEs and source switches.
import { randomInt } from 'node:crypto';

const RATE_PER_MS = 8;
/** Gaps shorter than this count as a continuous stream (timestamps advance by the packet). */
const CONTINUOUS_MS = 45;

export class OutStream {
  readonly ssrc = randomInt(1, 0xffffffff) >>> 0;
  /** Last sequence number sent. */
  seq = randomInt(0, 0xffff);
  /** Timestamp of the last packet sent. */
  ts = randomInt(0, 0xffffffff) >>> 0;
  /** Monotonic ms of the last packet sent; null before the first. */
  lastSentAt: number | null = null;
  packets = 0;
  /** Payload octets (RFC 3550 §6.4.1 sender's octet count). */
  octets = 0;
  packetsAtLastReport = 0;

  /**
   * The timestamp for new media of `samples` samples at `now`: +samples while the stream is
   * continuous, else the elapsed wall time, so a gap in sending stays a gap in timestamps.
   */
  nextTimestamp(now: number, samples: number): number {
    if (this.lastSentAt === null) return this.ts;
    const elapsed = now - this.lastSentAt;
    const advance = elapsed < CONTINUOUS_MS ? samples : Math.round(elapsed * RATE_PER_MS);
    return (this.ts + advance) >>> 0;
  }

  /** Records a packet sent with `seq` / `ts` (relay passes the mapped values). */
  sent(seq: number, ts: number, payloadOctets: number, now: number): void {
    // Keep the newest by serial-number order (RFC 1982) so a reordered relay packet does not
    // move our counters backwards.
    if (this.lastSentAt === null || ((seq - this.seq) & 0xffff) < 0x8000) {
      this.seq = seq;
      this.ts = ts >>> 0;
    }
    this.lastSentAt = now;
    this.packets++;
    this.octets += payloadOctets;
  }

  nextSeq(): number {
    return (this.seq + 1) & 0xffff;
  }

  /** The RTP timestamp that corresponds to `now` (for the SR, §6.4.1). */
  timestampAt(now: number): number {
    if (this.lastSentAt === null) return this.ts;
    return (this.ts + Math.round((now - this.lastSentAt) * RATE_PER_MS)) >>> 0;
  }
}
