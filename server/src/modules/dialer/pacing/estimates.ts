import { SlidingRate, SlidingSample } from './empirical.ts';
import type { PacingEvent } from './pacing.types.ts';

export interface EstimateWindows {
  /** Latest dial attempts for the answer probability. */
  attempts: number;
  /** Latest answered calls for the ring-time (time to answer) distribution. */
  rings: number;
  /** Latest talk times. */
  talks: number;
  /** Latest wrap-up times. */
  wraps: number;
}

export const DEFAULT_ESTIMATE_WINDOWS: EstimateWindows = {
  attempts: 400,
  rings: 300,
  talks: 500,
  wraps: 300,
};

/** Below these counts the estimates are immature and the dialer runs progressive. */
export interface MaturityThresholds {
  attempts: number;
  answers: number;
  talks: number;
}

export const DEFAULT_MATURITY: MaturityThresholds = { attempts: 40, answers: 12, talks: 8 };

/**
 * Online per-campaign estimates of answer probability, ring time and talk (+ wrap-up) time, from
 * sliding windows of the latest observations, so that they follow the list and the time of day.
 */
export class CampaignEstimates {
  readonly answer: SlidingRate;
  readonly ring: SlidingSample;
  readonly talk: SlidingSample;
  readonly wrap: SlidingSample;

  constructor(
    windows: EstimateWindows = DEFAULT_ESTIMATE_WINDOWS,
    private readonly maturity: MaturityThresholds = DEFAULT_MATURITY,
  ) {
    this.answer = new SlidingRate(windows.attempts);
    this.ring = new SlidingSample(windows.rings);
    this.talk = new SlidingSample(windows.talks);
    this.wrap = new SlidingSample(windows.wraps);
  }

  observe(event: PacingEvent): void {
    switch (event.kind) {
      case 'attempt':
        this.answer.add(event.answered);
        if (event.answered) this.ring.add(event.ringMs);
        break;
      case 'talk':
        this.talk.add(event.ms);
        break;
      case 'wrap':
        this.wrap.add(event.ms);
        break;
      case 'connected':
      case 'abandoned':
        break;
    }
  }

  get mature(): boolean {
    return (
      this.answer.size >= this.maturity.attempts &&
      this.ring.size >= this.maturity.answers &&
      this.talk.size >= this.maturity.talks
    );
  }

  answerProbability(): number {
    return this.answer.rate();
  }

  /** P(a new dial is answered within t ms). */
  answeredWithin(t: number): number {
    return this.answerProbability() * this.ring.cdf(t);
  }

  /** P(a call ringing for `elapsed` ms is answered within the next h ms). */
  ringingAnsweredWithin(elapsed: number, h: number): number {
    const p = this.answerProbability();
    const stillOpen = 1 - p * this.ring.cdf(elapsed);
    if (stillOpen <= 0) return 0;
    return (p * (this.ring.cdf(elapsed + h) - this.ring.cdf(elapsed))) / stillOpen;
  }

  /** P(an agent talking for `elapsed` ms is free again, wrap-up done, within h ms). */
  talkerFreeWithin(elapsed: number, h: number): number {
    const wrap = this.wrap.size > 0 ? this.wrap.mean() : 0;
    return this.talk.conditionalWithin(elapsed, h - wrap);
  }

  /** P(an agent in wrap-up for `elapsed` ms is free within h ms). */
  wrapperFreeWithin(elapsed: number, h: number): number {
    if (this.wrap.size === 0) return 1;
    return this.wrap.conditionalWithin(elapsed, h);
  }
}
