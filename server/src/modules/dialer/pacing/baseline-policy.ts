import { AbandonLedger } from './abandon-ledger.ts';
import type { PacingDecision, PacingEvent, PacingPolicy, PacingSnapshot } from './pacing.types.ts';

export interface BaselineOptions {
  /** Drop (abandon) limit; over it the dial level is halved. */
  dropLimit: number;
  adjustEveryMs: number;
  minLevel: number;
  maxLevel: number;
  utcOffsetMs: number;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = {
  dropLimit: 0.03,
  adjustEveryMs: 15_000,
  minLevel: 1,
  maxLevel: 3,
  utcOffsetMs: 8 * 3_600_000,
};

/**
 * The classic adaptive dialer, re-implemented as the benchmark's baseline: every 15 s the dial
 * level becomes level × (1 + (ready agents − waiting calls) ÷ agents), clamped to 1–3, and is
 * halved when the day's drop rate is over the limit. Between adjustments it keeps
 * round(level × ready agents) lines ringing (the "lines per available agent" reading of the
 * dial level, so level 1 is exactly progressive).
 */
export class BaselinePolicy implements PacingPolicy {
  readonly name = 'baseline';
  private level: number;
  private nextAdjustAt = Number.NaN;
  private readonly ledger: AbandonLedger;
  private readonly options: BaselineOptions;

  constructor(options: Partial<BaselineOptions> = {}) {
    this.options = { ...DEFAULT_BASELINE_OPTIONS, ...options };
    this.level = this.options.minLevel;
    this.ledger = new AbandonLedger(this.options.adjustEveryMs, this.options.utcOffsetMs);
  }

  get dialLevel(): number {
    return this.level;
  }

  observe(event: PacingEvent): void {
    if (event.kind === 'attempt' && event.answered) this.ledger.answered(event.at);
    if (event.kind === 'abandoned') this.ledger.abandoned(event.at);
  }

  decide(s: PacingSnapshot): PacingDecision {
    const agents = s.agents.length;
    if (agents === 0) return { dial: 0, mode: 'stopped', reason: 'no agent logged in' };
    let ready = 0;
    for (const a of s.agents) if (a.activity === 'ready') ready++;
    if (Number.isNaN(this.nextAdjustAt)) this.nextAdjustAt = s.now + this.options.adjustEveryMs;
    while (s.now >= this.nextAdjustAt) {
      this.nextAdjustAt += this.options.adjustEveryMs;
      const { minLevel, maxLevel, dropLimit } = this.options;
      this.level = this.level * (1 + (ready - s.waiting) / agents);
      this.level = Math.min(maxLevel, Math.max(minLevel, this.level));
      const day = this.ledger.today(s.now);
      if (day.answered > 0 && day.abandoned / day.answered > dropLimit) {
        this.level = Math.max(minLevel, this.level / 2);
      }
    }
    const dial = Math.max(0, Math.round(this.level * ready) - s.ringing.length - s.waiting);
    return {
      dial,
      mode: this.level > 1 ? 'predictive' : 'progressive',
      reason: `dial level ${this.level.toFixed(2)}`,
    };
  }
}
