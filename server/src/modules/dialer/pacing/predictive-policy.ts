import { AbandonLedger } from './abandon-ledger.ts';
import { expectedAbandons, type ForecastBins } from './abandon-forecast.ts';
import { CampaignEstimates, type EstimateWindows, type MaturityThresholds } from './estimates.ts';
import type { PacingDecision, PacingEvent, PacingPolicy, PacingSnapshot } from './pacing.types.ts';

export interface PredictiveOptions {
  /** Abandon-rate cap over the rolling window and over the day (default 3 %). */
  abandonCap: number;
  /** An answered call not connected within this is abandoned (2 s). */
  connectLimitMs: number;
  /** Rolling window for the cap (default 60 min). */
  windowMs: number;
  /** The campaign's UTC offset, for the day boundary (Asia/Shanghai: +8 h). */
  utcOffsetMs: number;
  /** Ceiling on lines per logged-in agent (trunk protection). */
  maxLinesPerAgent: number;
  /**
   * Target abandon rate for a decision = cap × aggressiveness × (1 − budget used), clamped
   * between minShare and maxShare. The margin tightens as the day's or the window's abandon
   * budget is used: at 2/3 of the budget used the target is the cap, at 100 % it is minShare.
   * Tuned on the simulator (docs/dialer.md): the forecast over-counts abandons, so it may aim
   * above the cap while the budget is fresh.
   */
  aggressiveness: number;
  minShare: number;
  /**
   * Abandons assumed ahead in the rolling window when judging its budget. 2 makes the budget
   * spent once a + 1 > cap × answered, i.e. as soon as one more abandon would put the window
   * over the cap; 1 let a 10-agent team reach 4 abandons in 109 answers (3.7 %) in an hour.
   */
  windowLookahead: number;
  /** The forecast over-counts abandons (Poisson spreads), so the target may exceed the cap. */
  maxShare: number;
  windows?: EstimateWindows;
  maturity?: MaturityThresholds;
}

export const DEFAULT_PREDICTIVE_OPTIONS: PredictiveOptions = {
  abandonCap: 0.03,
  connectLimitMs: 2000,
  windowMs: 3_600_000,
  utcOffsetMs: 8 * 3_600_000,
  maxLinesPerAgent: 3,
  aggressiveness: 3,
  minShare: 0.03,
  maxShare: 2,
  windowLookahead: 2,
};

/**
 * Yunhu's predictive pacing. At each decision it models, over the time a
 * new dial takes to be answered, the agents that will be free (ready now, or finishing talk and
 * wrap-up, from the talk-time distribution conditioned on how long each call has lasted) against
 * the calls that will need one (waiting now, ringing calls answering, from the ring-time
 * distribution × answer probability conditioned on how long each has rung), bin by bin over the
 * next ring period (abandon-forecast.ts). It dials the largest number of new lines whose expected
 * abandons stay within the target rate of the calls those lines and the lines in flight will
 * bring. The target rate shrinks as the day's and the window's abandon budget is consumed.
 * With immature estimates it dials progressive (one line per ready agent, never abandons); with no
 * agent logged in it stops.
 */
export class PredictivePolicy implements PacingPolicy {
  readonly name = 'yunhu';
  readonly estimates: CampaignEstimates;
  private readonly ledger: AbandonLedger;
  private readonly options: PredictiveOptions;

  constructor(options: Partial<PredictiveOptions> = {}) {
    this.options = { ...DEFAULT_PREDICTIVE_OPTIONS, ...options };
    this.estimates = new CampaignEstimates(
      this.options.windows ?? undefined,
      this.options.maturity ?? undefined,
    );
    this.ledger = new AbandonLedger(this.options.windowMs, this.options.utcOffsetMs);
  }

  observe(event: PacingEvent): void {
    this.estimates.observe(event);
    if (event.kind === 'attempt' && event.answered) this.ledger.answered(event.at);
    if (event.kind === 'abandoned') this.ledger.abandoned(event.at);
  }

  /** Share of the abandon budget used, the worse of the day and the rolling window. */
  budgetUsed(now: number): number {
    const cap = this.options.abandonCap;
    // Day: +1 in the denominator, so that one early abandon does not freeze the day.
    const day = this.ledger.today(now);
    const dayUsed = day.abandoned / (cap * day.answered + 1);
    // Window: counts the abandons ahead too, so that the next is planned for only if it fits.
    const window = this.ledger.window(now);
    const windowUsed =
      (window.abandoned + this.options.windowLookahead) / (cap * window.answered + 1);
    return Math.max(dayUsed, windowUsed);
  }

  targetRate(now: number): number {
    const { abandonCap, aggressiveness, minShare, maxShare } = this.options;
    const share = Math.min(
      maxShare,
      Math.max(minShare, aggressiveness * (1 - this.budgetUsed(now))),
    );
    return abandonCap * share;
  }

  decide(s: PacingSnapshot): PacingDecision {
    const logged = s.agents.length;
    if (logged === 0) return { dial: 0, mode: 'stopped', reason: 'no agent logged in' };
    let ready = 0;
    for (const a of s.agents) if (a.activity === 'ready') ready++;
    const inFlight = s.ringing.length + s.waiting;
    const progressive = Math.max(0, ready - inFlight);
    const lineRoom = Math.max(0, this.options.maxLinesPerAgent * logged - s.ringing.length);
    if (!this.estimates.mature) {
      return {
        dial: Math.min(progressive, lineRoom),
        mode: 'progressive',
        reason: 'estimates immature',
      };
    }
    const est = this.estimates;
    const p = est.answerProbability();
    if (p <= 0)
      return { dial: Math.min(progressive, lineRoom), mode: 'progressive', reason: 'p=0' };
    const grace = this.options.connectLimitMs;

    // Time bins as wide as the connect limit, up to the longest ring seen.
    const width = grace;
    const binCount = Math.min(16, Math.ceil(est.ring.quantile(1) / width) + 1);
    const frees = new Array<number>(binCount).fill(0);
    const arrivals = new Array<number>(binCount).fill(0);
    const perDial = new Array<number>(binCount).fill(0);
    arrivals[0] = s.waiting;
    let eventualAnswers = s.waiting;
    for (const dialedAt of s.ringing) {
      const elapsed = s.now - dialedAt;
      let before = 0;
      for (let b = 0; b < binCount; b++) {
        const upTo = est.ringingAnsweredWithin(elapsed, (b + 1) * width);
        arrivals[b] = (arrivals[b] ?? 0) + upTo - before;
        before = upTo;
      }
      eventualAnswers += est.ringingAnsweredWithin(elapsed, Number.POSITIVE_INFINITY);
    }
    for (const a of s.agents) {
      if (a.activity === 'ready') continue;
      const elapsed = s.now - a.since;
      let before = 0;
      for (let b = 0; b < binCount; b++) {
        const h = (b + 1) * width;
        const upTo =
          a.activity === 'talking'
            ? est.talkerFreeWithin(elapsed, h)
            : est.wrapperFreeWithin(elapsed, h);
        frees[b] = (frees[b] ?? 0) + upTo - before;
        before = upTo;
      }
    }
    let before = 0;
    for (let b = 0; b < binCount; b++) {
      const upTo = est.answeredWithin((b + 1) * width);
      perDial[b] = upTo - before;
      before = upTo;
    }
    const bins: ForecastBins = { freeNow: ready, frees, arrivals, perDial };

    const rate = this.targetRate(s.now);
    let n = 0;
    while (
      n < lineRoom &&
      expectedAbandons(bins, n + 1) <= rate * (eventualAnswers + (n + 1) * p)
    ) {
      n++;
    }
    if (n <= progressive) {
      return {
        dial: Math.min(progressive, lineRoom),
        mode: 'progressive',
        reason: 'at agent pace',
      };
    }
    return {
      dial: n,
      mode: 'predictive',
      reason: `target abandon ${(rate * 100).toFixed(2)} %, p=${p.toFixed(2)}`,
    };
  }
}
