import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangAMetrics } from './erlang-a.ts';
import { erlangCMetrics } from './erlang-c.ts';

// Stationary law of the M/M/n+M birth–death chain solved directly from its global balance
// equations (dense Gaussian elimination on a truncated state space), independent of the
// product form the model uses.
function chainByBalance(n: number, lambda: number, mu: number, theta: number, states: number) {
  const death = (k: number): number => Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
  const size = states + 1;
  // Rows: equations πQ = 0 transposed; the last equation is replaced by Σπ = 1.
  const m: number[][] = Array.from({ length: size }, () => new Array<number>(size + 1).fill(0));
  for (let k = 0; k < size; k++) {
    const row = m[k] as number[];
    const out = (k < states ? lambda : 0) + death(k);
    row[k] = -out;
    if (k > 0) row[k - 1] = lambda;
    if (k < states) row[k + 1] = death(k + 1);
  }
  const last = m[size - 1] as number[];
  last.fill(1);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++)
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const pr = m[col]!;
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / pr[col]!;
      if (f === 0) continue;
      for (let c = col; c <= size; c++) m[r]![c]! -= f * pr[c]!;
    }
  }
  const pi = m.map((row, k) => row[size]! / row[k]!);
  let pWait = 0;
  let queue = 0;
  let busy = 0;
  pi.forEach((p, k) => {
    if (k >= n) pWait += p;
    queue += Math.max(k - n, 0) * p;
    busy += Math.min(k, n) * p;
  });
  return { pi, pWait, pAbandon: (theta * queue) / lambda, occupancy: busy / n };
}

// Seeded discrete-event simulation of FCFS M/M/n+M: a call starts service when the earliest
// agent frees up, unless its patience runs out first (abandoners never hold an agent).
function simulate(n: number, lambda: number, aht: number, patience: number, T: number) {
  // mulberry32: small, seeded, and good enough for a few million draws.
  let seed = 12345;
  const uniform = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return (((r ^ (r >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const exp = (mean: number): number => -mean * Math.log(uniform());
  const free = new Array<number>(n).fill(0);
  let t = 0;
  let served = 0;
  let abandoned = 0;
  let waitSum = 0;
  let within = 0;
  const calls = 400_000;
  for (let i = 0; i < calls; i++) {
    t += exp(1 / lambda);
    let idx = 0;
    for (let k = 1; k < n; k++) if (free[k]! < free[idx]!) idx = k;
    const start = Math.max(t, free[idx]!);
    const wait = start - t;
    if (wait > exp(patience)) {
      abandoned++;
      continue;
    }
    served++;
    waitSum += wait;
    if (wait <= T) within++;
    free[idx] = start + exp(aht);
  }
  return { pAbandon: abandoned / calls, meanWait: waitSum / served, serviceLevel: within / calls };
}

// P(answered within T) by uniformization of the tagged call's position chain, an independent
// route to the service level (the model uses the incomplete-beta form of the same law).
function serviceLevelByUniformization(
  n: number,
  lambda: number,
  aht: number,
  patience: number,
  T: number,
): number {
  const mu = 1 / aht;
  const theta = 1 / patience;
  const chain = chainByBalance(n, lambda, mu, theta, 150);
  const positions = 150 - n;
  const rate = n * mu + positions * theta;
  // Mass at position p (index p−1): arrivals finding n+p−1 calls in the system (PASTA).
  const v = Array.from({ length: positions }, (_, i) => chain.pi[n + i] ?? 0);
  let answered = chain.pi.slice(0, n).reduce((s, p) => s + p, 0);
  let pmf = Math.exp(-rate * T);
  let atLeast = 1 - pmf;
  for (let k = 1; k < 20_000 && atLeast > 1e-15; k++) {
    const gained = ((v[0] ?? 0) * n * mu) / rate;
    for (let i = 0; i < positions; i++) {
      const stay = 1 - (n * mu + (i + 1) * theta) / rate;
      const up = i + 1 < positions ? ((v[i + 1] ?? 0) * (n * mu + (i + 1) * theta)) / rate : 0;
      v[i] = (v[i] ?? 0) * stay + up;
    }
    answered += gained * atLeast;
    pmf *= (rate * T) / k;
    atLeast -= pmf;
  }
  return answered;
}

const poisson = (a: number, k: number): number => {
  let p = Math.exp(-a);
  for (let i = 1; i <= k; i++) p *= a / i;
  return p;
};

describe('Erlang A', () => {
  it.each([
    { n: 3, calls: 60, aht: 120, patience: 90 },
    { n: 8, calls: 144.4, aht: 204.4, patience: 426 },
    { n: 12, calls: 200, aht: 180, patience: 60 },
  ])(
    'matches the birth–death chain solved numerically (n=$n, $calls calls/h, AHT $aht s, patience $patience s)',
    ({ n, calls, aht, patience }) => {
      const lambda = calls / 3600;
      const m = erlangAMetrics(n, lambda, aht, patience, 20);
      const chain = chainByBalance(n, lambda, 1 / aht, 1 / patience, 400);
      expect(m.pWait).toBeCloseTo(chain.pWait, 10);
      expect(m.pAbandon).toBeCloseTo(chain.pAbandon, 10);
      expect(m.occupancy).toBeCloseTo(chain.occupancy, 10);
    },
  );

  it.each([
    { n: 8, calls: 144.4, aht: 204.4, patience: 426 },
    { n: 5, calls: 100, aht: 180, patience: 120 },
  ])(
    'mean wait of served calls and service level agree with a 400,000-call simulation (n=$n)',
    ({ n, calls, aht, patience }) => {
      const lambda = calls / 3600;
      const m = erlangAMetrics(n, lambda, aht, patience, 20);
      const sim = simulate(n, lambda, aht, patience, 20);
      expect(m.pAbandon).toBeCloseTo(sim.pAbandon, 2);
      expect(m.serviceLevel).toBeCloseTo(sim.serviceLevel, 2);
      expect(Math.abs((m.meanWait ?? 0) / sim.meanWait - 1)).toBeLessThan(0.03);
    },
  );

  it.each([
    { n: 3, calls: 60, aht: 120, patience: 90, T: 20 },
    { n: 8, calls: 144.4, aht: 204.4, patience: 426, T: 20 },
    { n: 12, calls: 200, aht: 180, patience: 60, T: 60 },
    { n: 6, calls: 150, aht: 180, patience: 15, T: 10 },
  ])(
    'service level agrees with uniformization of the position chain (n=$n, patience $patience s, T $T s)',
    ({ n, calls, aht, patience, T }) => {
      const lambda = calls / 3600;
      const m = erlangAMetrics(n, lambda, aht, patience, T);
      expect(m.serviceLevel).toBeCloseTo(
        serviceLevelByUniformization(n, lambda, aht, patience, T),
        9,
      );
    },
  );

  it('with patience rate equal to service rate is M/M/∞: calls in system are Poisson(a)', () => {
    const aht = 200;
    const lambda = 9 / aht; // a = 9 Erlangs
    const n = 7;
    const m = erlangAMetrics(n, lambda, aht, aht, 20);
    const chain = chainByBalance(n, lambda, 1 / aht, 1 / aht, 80);
    let tail = 0;
    let excess = 0;
    let busy = 0;
    for (let k = 0; k < 80; k++) {
      const p = poisson(9, k);
      expect(chain.pi[k]).toBeCloseTo(p, 12);
      if (k >= n) tail += p;
      excess += Math.max(k - n, 0) * p;
      busy += Math.min(k, n) * p;
    }
    expect(m.pWait).toBeCloseTo(tail, 12);
    expect(m.pAbandon).toBeCloseTo(excess / 9, 12);
    expect(m.occupancy).toBeCloseTo(busy / n, 12);
  });

  it('with infinite patience (θ → 0) is Erlang C', () => {
    for (const n of [11, 12, 13, 14]) {
      const a = erlangAMetrics(n, 100 / 1800, 180, 1e13, 20);
      const c = erlangCMetrics(n, 10, 180, 20);
      expect(a.pWait).toBeCloseTo(c.pWait, 7);
      expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 7);
      expect(a.meanWait).toBeCloseTo(c.meanWait ?? Number.NaN, 4);
      expect(a.pAbandon).toBeLessThan(1e-8);
    }
  });

  it('P(abandon) from the queue length equals 1 − P(served) by position', () => {
    const m = erlangAMetrics(9, 0.05, 180, 300, 20);
    // occupancy·n = served load = a·(1 − P(abandon)); recompute P(abandon) that way.
    expect(1 - (m.occupancy * 9) / 9).toBeCloseTo(m.pAbandon ?? Number.NaN, 12);
  });

  it('stays finite when heavily overloaded with very patient callers (rescaled sums)', () => {
    const m = erlangAMetrics(5, 2, 180, 5000, 20);
    expect(Number.isFinite(m.pWait)).toBe(true);
    expect(m.pWait).toBeCloseTo(1, 9);
    // Almost everyone abandons: served load cannot exceed the 5 agents.
    expect(m.pAbandon).toBeGreaterThan(0.98);
    expect(m.occupancy).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('probabilities lie in [0, 1] and every metric improves with an added agent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 150, noNaN: true }),
        fc.integer({ min: 30, max: 600 }),
        fc.integer({ min: 5, max: 1200 }),
        fc.integer({ min: 1, max: 160 }),
        (load, aht, patience, n) => {
          const lambda = load / aht;
          const m = erlangAMetrics(n, lambda, aht, patience, 20);
          const next = erlangAMetrics(n + 1, lambda, aht, patience, 20);
          for (const p of [m.pWait, m.pAbandon ?? -1, m.serviceLevel, m.occupancy]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1 + 1e-12);
          }
          expect(next.pWait).toBeLessThanOrEqual(m.pWait + 1e-12);
          expect(next.pAbandon ?? 1).toBeLessThanOrEqual((m.pAbandon ?? 0) + 1e-12);
          expect(next.meanWait ?? 0).toBeLessThanOrEqual((m.meanWait ?? 0) * (1 + 1e-9) + 1e-12);
          expect(next.serviceLevel).toBeGreaterThanOrEqual(m.serviceLevel - 1e-9);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});
