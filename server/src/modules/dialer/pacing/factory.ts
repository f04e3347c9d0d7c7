import { BaselinePolicy } from './baseline-policy.ts';
import type { PacingPolicy } from './pacing.types.ts';
import { PredictivePolicy, type PredictiveOptions } from './predictive-policy.ts';

export type PacingPolicyName = 'yunhu' | 'baseline';

/** A fresh policy per campaign (each keeps its own estimates and abandon ledger). */
export function createPacingPolicy(
  name: PacingPolicyName,
  options: { abandonCap?: number; utcOffsetMs?: number } = {},
): PacingPolicy {
  switch (name) {
    case 'yunhu': {
      const predictive: Partial<PredictiveOptions> = {};
      if (options.abandonCap !== undefined) predictive.abandonCap = options.abandonCap;
      if (options.utcOffsetMs !== undefined) predictive.utcOffsetMs = options.utcOffsetMs;
      return new PredictivePolicy(predictive);
    }
    case 'baseline':
      return new BaselinePolicy({
        ...(options.abandonCap !== undefined ? { dropLimit: options.abandonCap } : {}),
        ...(options.utcOffsetMs !== undefined ? { utcOffsetMs: options.utcOffsetMs } : {}),
      });
  }
}
