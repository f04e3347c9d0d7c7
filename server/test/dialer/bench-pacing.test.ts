import { describe, expect, it } from 'vitest';
import { runPacingBenchmark } from '../../src/modules/dialer/index.ts';

// Acceptance (issue 6): for 10, 50 and 200 agents, under the same call statistics and seed,
// Yunhu's pacing keeps the abandon rate ≤ 3 % and beats the classic adaptive baseline's
// occupancy. The full 8-hour table is in docs/dialer.md (bench/pacing/pacing-table.ts); these
// are shorter runs of the very same code so that the suite stays quick.

describe('pacing benchmark: Yunhu against the classic adaptive baseline', () => {
  for (const [agents, hours, seed] of [
    [10, 2, 11],
    [50, 2, 12],
    [200, 1, 13],
  ] as const) {
    it(`${agents} agents, ${hours} h, seed ${seed}`, { timeout: 120_000 }, () => {
      const { runs } = runPacingBenchmark({ agents, hours, seed });
      const yunhu = runs.find((r) => r.policy === 'yunhu')!;
      const baseline = runs.find((r) => r.policy === 'baseline')!;
      expect(yunhu.answered).toBeGreaterThan(agents * hours * 5);
      expect(yunhu.abandonRate).toBeLessThanOrEqual(0.03);
      expect(yunhu.occupancy).toBeGreaterThan(baseline.occupancy);
      // Every answered call is either connected or abandoned.
      expect(yunhu.connected).toBeLessThanOrEqual(yunhu.answered);
      expect(yunhu.abandonRate).toBeCloseTo(1 - yunhu.connected / yunhu.answered, 10);
    });
  }
});
