import { BANK_ANSWER_PROBABILITY, BANK_TALK_PERCENTILES } from './bank-durations.ts';
import { MIN_RING_TIMEOUT_MS } from '../pacing/index.ts';
import { createRng, fromPercentiles, logNormal } from './rng.ts';

/** The statistics of the called population and the agents, shared by every policy in a run. */
export interface CallStatistics {
  answerProbability: number;
  /** Time to answer of answered calls: log-normal median and shape. */
  ringMedianMs: number;
  ringSigma: number;
  /** How long an unanswered call rings before the dialer gives up (≥ 15 s). */
  ringTimeoutMs: number;
  /** Share of unanswered attempts that fail fast (busy, unreachable, vacant number). */
  fastFailShare: number;
  fastFailMinMs: number;
  fastFailMaxMs: number;
  /** Talk-time percentiles in seconds (inverse-CDF sampled). */
  talkPercentiles: readonly number[];
  wrapMinMs: number;
  wrapMaxMs: number;
}

/**
 * Defaults: talk time from bank-full.csv (fitted percentiles) and its reach rate; the rest are
 * assumptions documented in docs/dialer.md (ring time median 9 s as typical for mobile numbers,
 * 30 % of misses failing in 2–6 s, 20 s no-answer timeout, 5–25 s wrap-up).
 */
export const DEFAULT_CALL_STATISTICS: CallStatistics = {
  answerProbability: BANK_ANSWER_PROBABILITY,
  ringMedianMs: 9000,
  ringSigma: 0.45,
  ringTimeoutMs: 20_000,
  fastFailShare: 0.3,
  fastFailMinMs: 2000,
  fastFailMaxMs: 6000,
  talkPercentiles: BANK_TALK_PERCENTILES,
  wrapMinMs: 5000,
  wrapMaxMs: 25_000,
};

/** The fate of the k-th dial of a run, whoever dials it. */
export interface CallFate {
  answered: boolean;
  /** Dial → answer, or dial → give-up / failure. */
  ringMs: number;
  talkMs: number;
  wrapMs: number;
}

/**
 * Draws the k-th call's fate from its own random stream, so that the two policies of a run meet
 * the same callees in the same order (common random numbers) whatever their dial timing.
 */
export function callFate(stats: CallStatistics, seed: number, k: number): CallFate {
  const rng = createRng(seed, k + 1);
  const timeout = Math.max(MIN_RING_TIMEOUT_MS, stats.ringTimeoutMs);
  const wantsToAnswer = rng.next() < stats.answerProbability;
  const answerAfter = logNormal(rng, stats.ringMedianMs, stats.ringSigma);
  const fastFail = rng.next() < stats.fastFailShare;
  const failAfter = stats.fastFailMinMs + rng.next() * (stats.fastFailMaxMs - stats.fastFailMinMs);
  const talkMs = Math.max(1000, fromPercentiles(rng, stats.talkPercentiles) * 1000);
  const wrapMs = stats.wrapMinMs + rng.next() * (stats.wrapMaxMs - stats.wrapMinMs);
  if (wantsToAnswer && answerAfter < timeout) {
    return { answered: true, ringMs: answerAfter, talkMs, wrapMs };
  }
  return { answered: false, ringMs: fastFail ? failAfter : timeout, talkMs, wrapMs };
}
