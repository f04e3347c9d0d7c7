// Receiver statistics for one incoming RTP stream: sequence validation and loss (RFC 3550
// A.1, A.3) and interarrival jitter (A.8), as needed for RTCP report blocks (§6.4.1).
import type { ReportBlock } from '../rtp/index.ts';

const SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export class ReceiveStats {
  ssrc: number | null = null;
  /** Every datagram accepted as RTP, including duplicates (for the packet counters). */
  packets = 0;
  octets = 0;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private badSeq = SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit: number | null = null;
  /** In timestamp units, as a float (A.8 keeps it scaled; we keep it exact). */
  private jitter = 0;
  constructor(private readonly clockRate = 8000) {}

  private init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.transit = null;
  }

  /**
   * Accounts one packet. `arrivalMs` is a monotonic clock; `timestamp` null skips the jitter
   * update (RFC 4733 events repeat their timestamp, which would read as huge jitter).
   */
  update(
    ssrc: number,
    seq: number,
    timestamp: number | null,
    arrivalMs: number,
    octets: number,
  ): void {
    this.packets++;
    this.octets += octets;
    if (this.ssrc !== ssrc) {
      // A new source (or the peer restarted its stream on re-INVITE): start over (§8.2).
      this.ssrc = ssrc;
      this.init(seq);
    } else {
      const delta = (seq - this.maxSeq + SEQ_MOD) % SEQ_MOD;
      if (delta < MAX_DROPOUT) {
        if (seq < this.maxSeq) this.cycles += SEQ_MOD; // wrapped
        this.maxSeq = seq;
      } else if (delta <= SEQ_MOD - MAX_MISORDER) {
        // A big jump: restart only if the next packet confirms it (A.1 "bad_seq").
        if (seq !== this.badSeq) {
          this.badSeq = (seq + 1) % SEQ_MOD;
          return;
        }
        this.init(seq);
      }
      // else: duplicate or reordered packet, counted but max_seq kept
    }
    this.received++;
    if (timestamp === null) return;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.transit !== null) {
      let d = transit - this.transit;
      // The 32-bit timestamp may wrap between two packets.
      if (d > 0x80000000) d -= 0x100000000;
      else if (d < -0x80000000) d += 0x100000000;
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.transit = transit;
  }

  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  get expected(): number {
    return this.ssrc === null ? 0 : this.extendedMax - this.baseSeq + 1;
  }

  /** A.3: may be negative with duplicates; callers showing it clamp at zero. */
  get lost(): number {
    return this.expected - this.received;
  }

  get lossPct(): number {
    const expected = this.expected;
    return expected > 0 ? (Math.max(0, this.lost) / expected) * 100 : 0;
  }

  get jitterMs(): number {
    return (this.jitter / this.clockRate) * 1000;
  }

  /** A report block for our next SR/RR; advances the "since last report" counters (A.3). */
  reportBlock(lastSr: number, delaySinceLastSr: number): ReportBlock | null {
    if (this.ssrc === null) return null;
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0
        ? 0
        : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fraction),
      cumulativeLost: this.lost,
      highestSequence: this.extendedMax >>> 0,
      jitter: Math.floor(this.jitter) >>> 0,
      lastSr,
      delaySinceLastSr,
    };
  }
}
