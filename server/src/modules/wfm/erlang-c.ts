import type { QueueMetrics } from './wfm.types.ts';

// Erlang B and C without factorials. B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) stays in (0, 1]
// for any load, so hundreds or thousands of agents neither overflow nor lose precision; Erlang C
// follows from B as C = n·B / (n − a·(1 − B)).

/** Erlang B blocking probability for n agents at offered load a (Erlangs). */
export function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang B values B(0..n) for one load, extended on demand: the staffing search walks n up and
 * down and every step reuses the recursion instead of starting over.
 */
export class ErlangBTable {
  private readonly values: number[] = [1];
  constructor(readonly load: number) {}

  at(n: number): number {
    const a = this.load;
    for (let k = this.values.length; k <= n; k++) {
      const prev = this.values[k - 1] ?? 1;
      this.values.push((a * prev) / (k + a * prev));
    }
    return this.values[n] ?? 1;
  }
}

/** Erlang C probability of waiting; 1 when the queue is unstable (n ≤ a). */
export function erlangCFromB(n: number, a: number, b: number): number {
  if (n <= a) return 1;
  return (n * b) / (n - a * (1 - b));
}

export function erlangC(n: number, a: number): number {
  return erlangCFromB(n, a, erlangB(n, a));
}

/**
 * M/M/n metrics for n agents, load a = λ·AHT, threshold slSeconds. `b` is Erlang B for (n, a)
 * when the caller already has it. Waits of an M/M/n FCFS queue: P(W > t) = C·e^{−(nμ−λ)t}, so
 * ASA = C·AHT/(n − a) and SL(T) = 1 − C·e^{−(n−a)T/AHT}.
 */
export function erlangCMetrics(
  n: number,
  a: number,
  aht: number,
  slSeconds: number,
  b: number = erlangB(n, a),
): QueueMetrics {
  if (a <= 0) {
    return { agents: n, pWait: 0, pAbandon: null, meanWait: 0, serviceLevel: 1, occupancy: 0 };
  }
  if (n <= a) {
    return {
      agents: n,
      pWait: 1,
      pAbandon: null,
      meanWait: null,
      serviceLevel: 0,
      occupancy: n > 0 ? 1 : 0,
    };
  }
  const c = erlangCFromB(n, a, b);
  return {
    agents: n,
    pWait: c,
    pAbandon: null,
    meanWait: (c * aht) / (n - a),
    serviceLevel: 1 - c * Math.exp((-(n - a) * slSeconds) / aht),
    occupancy: a / n,
  };
}
