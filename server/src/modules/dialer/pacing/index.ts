export type {
  AbandonTally,
  AgentActivity,
  AgentView,
  PacingDecision,
  PacingEvent,
  PacingMode,
  PacingPolicy,
  PacingSnapshot,
} from './pacing.types.ts';
export {
  CampaignEstimates,
  DEFAULT_ESTIMATE_WINDOWS,
  DEFAULT_MATURITY,
  type EstimateWindows,
  type MaturityThresholds,
} from './estimates.ts';
export { SlidingRate, SlidingSample } from './empirical.ts';
export { AbandonLedger } from './abandon-ledger.ts';
export { expectedAbandons, type ForecastBins } from './abandon-forecast.ts';
export {
  DEFAULT_PREDICTIVE_OPTIONS,
  PredictivePolicy,
  type PredictiveOptions,
} from './predictive-policy.ts';
export {
  BaselinePolicy,
  DEFAULT_BASELINE_OPTIONS,
  type BaselineOptions,
} from './baseline-policy.ts';
export { createPacingPolicy, type PacingPolicyName } from './factory.ts';
export { CampaignPacer, MIN_RING_TIMEOUT_MS, ringTimeoutMs } from './pacer.ts';
