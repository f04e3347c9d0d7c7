import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangCMetrics } from './erlang-c.ts';

// Published reference: 100 calls per 30 min, AHT 180 s (10 Erlangs), 20 s service-level target.
const REFERENCE = [
  { agents: 11, pWait: 0.6821, serviceLevel: 0.3896, meanWait: 122.8 },
  { agents: 12, pWait: 0.4494, serviceLevel: 0.6402, meanWait: 40.4 },
  { agents: 13, pWait: 0.2853, serviceLevel: 0.7956, meanWait: 17.1 },
  { agents: 14, pWait: 0.1741, serviceLevel: 0.8884, meanWait: 7.8 },
];

describe('Erlang C', () => {
  it.each(REFERENCE)(
    '10 Erlangs, $agents agents: P(wait) $pWait, SL(20 s) $serviceLevel, ASA $meanWait s',
    (ref) => {
      const m = erlangCMetrics(ref.agents, 10, 180, 20);
      expect(m.pWait).toBeCloseTo(ref.pWait, 4);
      expect(m.serviceLevel).toBeCloseTo(ref.serviceLevel, 4);
      expect(m.meanWait).toBeCloseTo(ref.meanWait, 1);
      expect(m.occupancy).toBeCloseTo(10 / ref.agents, 12);
      expect(m.pAbandon).toBeNull();
    },
  );

  it('M/M/1: P(wait) = ρ, ASA = ρ/(μ−λ), SL(T) = 1 − ρ·e^{−(μ−λ)T}', () => {
    const lambda = 1 / 100;
    const mu = 1 / 60;
    const rho = lambda / mu;
    const m = erlangCMetrics(1, rho, 60, 30);
    expect(m.pWait).toBeCloseTo(rho, 12);
    expect(m.meanWait).toBeCloseTo(rho / (mu - lambda), 9);
    expect(m.serviceLevel).toBeCloseTo(1 - rho * Math.exp(-(mu - lambda) * 30), 12);
  });

  it('M/M/2: P(wait) = 2ρ²/(1+ρ), ASA = P(wait)/(2μ−λ)', () => {
    const lambda = 1 / 40;
    const mu = 1 / 60;
    const rho = lambda / (2 * mu);
    const m = erlangCMetrics(2, lambda / mu, 60, 10);
    const pWait = (2 * rho * rho) / (1 + rho);
    expect(m.pWait).toBeCloseTo(pWait, 12);
    expect(m.meanWait).toBeCloseTo(pWait / (2 * mu - lambda), 9);
  });

  it('stays exact for hundreds of agents (exact rational arithmetic gives 0.163814…, 0.412200…)', () => {
    expect(erlangC(300, 280)).toBeCloseTo(0.16381416929292014, 12);
    expect(erlangC(1000, 980)).toBeCloseTo(0.4122002923652815, 12);
    expect(erlangB(5000, 10)).toBe(0);
    expect(erlangCMetrics(5000, 10, 180, 20).pWait).toBe(0);
  });

  it('an unstable queue (agents ≤ load) waits forever: P(wait) 1, mean wait null', () => {
    const m = erlangCMetrics(10, 10, 180, 20);
    expect(m).toMatchObject({ pWait: 1, meanWait: null, serviceLevel: 0, occupancy: 1 });
  });

  it('probabilities lie in [0, 1] and improve with every added agent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 400, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 600 }),
        (load, extra, aht) => {
          const n = Math.floor(load) + 1 + extra;
          const m = erlangCMetrics(n, load, aht, 20);
          const next = erlangCMetrics(n + 1, load, aht, 20);
          for (const p of [m.pWait, m.serviceLevel, m.occupancy]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(next.pWait).toBeLessThanOrEqual(m.pWait);
          expect(next.meanWait ?? 0).toBeLessThanOrEqual(m.meanWait ?? Infinity);
          expect(next.serviceLevel).toBeGreaterThanOrEqual(m.serviceLevel - 1e-12);
          expect(next.occupancy).toBeLessThan(m.occupancy);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
