import type { AbandonTally } from './pacing.types.ts';

const DAY_MS = 86_400_000;

/**
 * Answered and abandoned calls over the current local day and over a rolling window: the two
 * spans over which the abandon rate must stay under the cap.
 */
export class AbandonLedger {
  private day = Number.NaN;
  private readonly dayTally: AbandonTally = { answered: 0, abandoned: 0 };
  private readonly answers: number[] = [];
  private readonly abandons: number[] = [];
  private answersHead = 0;
  private abandonsHead = 0;

  /** utcOffsetMs: the campaign's local offset (Asia/Shanghai +8 h, no daylight saving). */
  constructor(
    private readonly windowMs: number,
    private readonly utcOffsetMs: number,
  ) {}

  private roll(at: number): void {
    const day = Math.floor((at + this.utcOffsetMs) / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayTally.answered = 0;
      this.dayTally.abandoned = 0;
    }
  }

  answered(at: number): void {
    this.roll(at);
    this.dayTally.answered++;
    this.answers.push(at);
  }

  abandoned(at: number): void {
    this.roll(at);
    this.dayTally.abandoned++;
    this.abandons.push(at);
  }

  today(now: number): AbandonTally {
    this.roll(now);
    return { ...this.dayTally };
  }

  window(now: number): AbandonTally {
    const from = now - this.windowMs;
    while (this.answersHead < this.answers.length && (this.answers[this.answersHead] ?? 0) <= from)
      this.answersHead++;
    while (
      this.abandonsHead < this.abandons.length &&
      (this.abandons[this.abandonsHead] ?? 0) <= from
    )
      this.abandonsHead++;
    // Compact now and then so that a long-running campaign does not keep every instant.
    if (this.answersHead > 4096) {
      this.answers.splice(0, this.answersHead);
      this.answersHead = 0;
    }
    if (this.abandonsHead > 4096) {
      this.abandons.splice(0, this.abandonsHead);
      this.abandonsHead = 0;
    }
    return {
      answered: this.answers.length - this.answersHead,
      abandoned: this.abandons.length - this.abandonsHead,
    };
  }
}
