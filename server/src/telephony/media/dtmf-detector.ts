// RFC 4733 DTMF detection. One event spans many packets sharing its start timestamp (§2.5.1):
// updates every ~50 ms while the key is held and the end packet repeated three times
// (§2.5.1.4). A digit is reported exactly once: at its first end packet, or, if every end packet
// was lost, when a later event starts or nothing arrived for END_TIMEOUT_MS (§2.5.2.2).
import type { DtmfDigit } from './media-server.types.ts';
import { dtmfDigitOf, parseTelephoneEvent } from '../rtp/index.ts';

const END_TIMEOUT_MS = 1000;
/** Events already reported, kept to swallow late duplicates of the end packet. */
const REMEMBERED = 8;
/**
 * How long a reported event swallows packets with its timestamp. End repeats come within
 * ~60 ms; a sender replaying the same capture again (sipp does) reuses the timestamp later.
 */
const DUPLICATE_WINDOW_MS = 500;

export interface DetectedDigit {
  digit: DtmfDigit;
  durationMs: number;
  /** Monotonic ms of the event's first packet. */
  startedAt: number;
}

export class DtmfDetector {
  private current: {
    ssrc: number;
    timestamp: number;
    event: number;
    duration: number;
    startedAt: number;
    lastAt: number;
  } | null = null;
  private readonly reported: { key: string; at: number }[] = [];

  constructor(private readonly clockRate = 8000) {}

  /** Feed one telephone-event payload; returns the digits completed by it (0, 1 or 2). */
  push(ssrc: number, timestamp: number, payload: Buffer, nowMs: number): DetectedDigit[] {
    const event = parseTelephoneEvent(payload);
    if (!event) return [];
    const key = `${ssrc}:${timestamp}`;
    // End-packet retransmission (§2.5.1.4)
    if (this.reported.some((r) => r.key === key && nowMs - r.at < DUPLICATE_WINDOW_MS)) return [];
    const out: DetectedDigit[] = [];
    const current = this.current;
    if (current && (current.ssrc !== ssrc || current.timestamp !== timestamp)) {
      // A new event began: the previous one lost all its end packets.
      const done = this.finish();
      if (done) out.push(done);
    }
    let active = this.current;
    if (!active) {
      active = this.current = {
        ssrc,
        timestamp,
        event: event.event,
        duration: 0,
        startedAt: nowMs,
        lastAt: nowMs,
      };
    }
    active.duration = Math.max(active.duration, event.duration);
    active.lastAt = nowMs;
    if (event.end) {
      const done = this.finish();
      if (done) out.push(done);
    }
    return out;
  }

  /** Call periodically: reports an event whose end packets never came. */
  poll(nowMs: number): DetectedDigit | null {
    if (this.current && nowMs - this.current.lastAt >= END_TIMEOUT_MS) return this.finish();
    return null;
  }

  private finish(): DetectedDigit | null {
    const current = this.current;
    if (!current) return null;
    this.current = null;
    this.reported.push({ key: `${current.ssrc}:${current.timestamp}`, at: current.lastAt });
    if (this.reported.length > REMEMBERED) this.reported.shift();
    const digit = dtmfDigitOf(current.event) as DtmfDigit | null;
    if (!digit) return null; // not DTMF (e.g. flash-hook 16, tones 32+)
    return {
      digit,
      durationMs: (current.duration / this.clockRate) * 1000,
      startedAt: current.startedAt,
    };
  }
}
