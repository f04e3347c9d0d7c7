import type { Clock } from '../../../platform/index.ts';
import type { PacingDecision, PacingEvent, PacingPolicy, PacingSnapshot } from './pacing.types.ts';

/** The dialer never gives up on a ringing call before this (issue 6: ring at least 15 s). */
export const MIN_RING_TIMEOUT_MS = 15_000;

export const ringTimeoutMs = (configuredMs: number | undefined): number =>
  Math.max(MIN_RING_TIMEOUT_MS, configuredMs ?? 25_000);

type Untimed<E> = E extends { at: number } ? Omit<E, 'at'> : never;

/**
 * A policy bound to a clock, for the live dialer: it stamps events and snapshots with the clock's
 * time so that the policy itself stays pure (tests and the simulator pass time explicitly).
 */
export class CampaignPacer {
  constructor(
    readonly policy: PacingPolicy,
    private readonly clock: Clock,
  ) {}

  observe(event: Untimed<PacingEvent>): void {
    this.policy.observe({ ...event, at: this.clock.now() });
  }

  decide(state: Omit<PacingSnapshot, 'now'>): PacingDecision {
    return this.policy.decide({ ...state, now: this.clock.now() });
  }
}
