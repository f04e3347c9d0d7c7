// Shapes shared by the queueing models, the staffing search, the forecast and the API.

export type QueueModel = 'erlang-c' | 'erlang-a';

/** One interval's offered traffic. Rates are per second; times are seconds. */
export interface Traffic {
  /** Arrival rate λ (calls per second). */
  arrivalRate: number;
  /** Average handle time 1/μ in seconds. */
  aht: number;
  /** Mean patience 1/θ in seconds; undefined = infinitely patient (Erlang C). */
  patience?: number | undefined;
}

/** What a model predicts for a number of agents; the JSON row of `yunhu plan`. */
export interface QueueMetrics {
  agents: number;
  /** Probability that an arriving call has to wait (all agents busy). */
  pWait: number;
  /** Probability that a call abandons; null under Erlang C, which does not model abandonment. */
  pAbandon: number | null;
  /**
   * Mean queue wait of served calls in seconds (ASA, zero waits included); null when the queue
   * is unstable (Erlang C with agents ≤ offered load), where the wait grows without bound.
   */
  meanWait: number | null;
  /** Share of all offered calls answered within the service-level threshold. */
  serviceLevel: number;
  /** Mean share of time an agent is busy: served load ÷ agents. */
  occupancy: number;
}

/** Staffing targets; each one given must hold together. */
export interface StaffingTargets {
  /** Service-level threshold T in seconds (answered within T). */
  slSeconds: number;
  /** Upper bound on the mean wait of served calls (seconds). */
  targetWait?: number | undefined;
  /** Lower bound on the service level (0..1). */
  slGoal?: number | undefined;
  /** Upper bound on the abandonment probability (0..1); Erlang A only. */
  maxAbandon?: number | undefined;
  /** Upper bound on occupancy (0..1). */
  maxOccupancy?: number | undefined;
}

export interface Recommendation extends QueueMetrics {
  /** Offered load in Erlangs (λ × AHT). */
  load: number;
  /** Heads to schedule so that `agents` are on the phones after shrinkage. */
  scheduled: number;
  shrinkage: number;
}

export interface PlanResult {
  model: QueueModel;
  rows: QueueMetrics[];
  recommended: Recommendation;
}
