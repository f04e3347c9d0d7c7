import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetsTargets, metricsFor, recommend, requiredAgents, scheduledHeads } from './staffing.ts';
import type { StaffingTargets, Traffic } from './wfm.types.ts';

// 100 calls per 30 minutes, AHT 180 s: 10 Erlangs (the Erlang C reference case).
const REFERENCE: Traffic = { arrivalRate: 100 / 1800, aht: 180 };

describe('staffing', () => {
  it('needs 13 agents for a 30 s mean wait at 10 Erlangs (12 give 40.4 s)', () => {
    expect(requiredAgents(REFERENCE, { slSeconds: 20, targetWait: 30 }).agents).toBe(13);
  });

  it('needs 14 agents for 80 % within 20 s (13 give 79.56 %)', () => {
    const m = requiredAgents(REFERENCE, { slSeconds: 20, slGoal: 0.8 });
    expect(m.agents).toBe(14);
    expect(m.serviceLevel).toBeCloseTo(0.8884, 4);
  });

  it('meets every target together: occupancy ≤ 70 % needs 15 agents', () => {
    const m = requiredAgents(REFERENCE, { slSeconds: 20, targetWait: 30, maxOccupancy: 0.7 });
    expect(m.agents).toBe(15);
  });

  it('Erlang A at the same load with 300 s patience: ≤ 3 % abandoning needs 13 agents', () => {
    const traffic = { ...REFERENCE, patience: 300 };
    const m = requiredAgents(traffic, { slSeconds: 20, maxAbandon: 0.03 });
    expect(m.agents).toBe(13);
    expect(m.pAbandon).toBeLessThanOrEqual(0.03);
    expect(metricsFor(traffic, 12, 20).pAbandon).toBeGreaterThan(0.03);
  });

  it('no traffic needs no agents', () => {
    expect(
      requiredAgents({ arrivalRate: 0, aht: 180 }, { slSeconds: 20, targetWait: 30 }),
    ).toMatchObject({
      agents: 0,
      pWait: 0,
    });
  });

  it('refuses targets no staffing meets (agents never idle: occupancy ≤ 0)', () => {
    expect(() => requiredAgents(REFERENCE, { slSeconds: 20, maxOccupancy: 0 })).toThrow(
      /No number of agents up to 1100/,
    );
  });

  it('schedules heads for shrinkage: 13 on the phones at 30 % shrinkage is 19, 7 is 10', () => {
    expect(scheduledHeads(13, 0.3)).toBe(19);
    expect(scheduledHeads(7, 0.3)).toBe(10);
    expect(scheduledHeads(0, 0.3)).toBe(0);
    expect(recommend(REFERENCE, { slSeconds: 20, targetWait: 30 }, 0.3)).toMatchObject({
      agents: 13,
      scheduled: 19,
      load: 10,
    });
  });

  it('finds the same count as a plain scan from one agent up', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        fc.integer({ min: 30, max: 600 }),
        fc.option(fc.integer({ min: 10, max: 900 }), { nil: undefined }),
        fc.record({
          targetWait: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
          slGoal: fc.option(fc.double({ min: 0.5, max: 0.95, noNaN: true }), { nil: undefined }),
          maxAbandon: fc.option(fc.double({ min: 0.01, max: 0.2, noNaN: true }), {
            nil: undefined,
          }),
          maxOccupancy: fc.option(fc.double({ min: 0.6, max: 0.95, noNaN: true }), {
            nil: undefined,
          }),
        }),
        (load, aht, patience, goals) => {
          const traffic: Traffic = { arrivalRate: load / aht, aht, patience };
          const targets: StaffingTargets = { slSeconds: 20, ...goals };
          let n = 1;
          while (!meetsTargets(metricsFor(traffic, n, 20), targets)) n++;
          expect(requiredAgents(traffic, targets).agents).toBe(n);
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });
});
