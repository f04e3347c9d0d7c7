import { erlangB, erlangCMetrics } from './erlang-c.ts';
import type { QueueMetrics } from './wfm.types.ts';

// Erlang A (M/M/n+M, Palm's queue with exponential patience), exact from its birth–death chain:
// state k = calls in the system; births at λ; deaths at kμ for k ≤ n and nμ + (k−n)θ above.
// Stationary probabilities relative to π_n:
//   Σ_{k<n} π_k / π_n = 1/B − 1            (B = Erlang B(n, a): the loss system's own ratio)
//   π_{n+j} / π_n = Π_{i=1..j} λ / (nμ + iθ)
// The queue terms are summed until the tail bound t·r/(1−r) (r = the next, falling, ratio) is
// negligible. A call that arrives at state n+j stands at position j+1; at position p it leaves
// at rate nμ + pθ (service starts nμ, the p−1 ahead abandon, it abandons itself θ) and moves up
// with probability (nμ + (p−1)θ)/(nμ + pθ), so it is served with probability nμ/(nμ + (j+1)θ)
// (the product telescopes) after a sum of Exp(nμ + pθ) stages, p = 1..j+1, whose lengths do not
// depend on where each stage leads (competing exponential clocks).

const MAX_QUEUE_STATES = 5_000_000;
const RESCALE_ABOVE = 1e200;
const RESCALE_BY = 1e-200;

// Reused between calls: the staffing plan evaluates many intervals back to back.
let terms = new Float64Array(1024);
let stepBuffer = new Float64Array(256);
let advanceBuffer = new Float64Array(256);

export interface ErlangAOptions {
  /** Skip the service-level computation (the costliest part) when the caller does not need it. */
  serviceLevel?: boolean;
}

/**
 * Erlang A metrics for n agents. λ per second, aht = 1/μ and patience = 1/θ in seconds.
 * `b` is Erlang B for (n, λ·aht) when the caller has it already.
 */
export function erlangAMetrics(
  n: number,
  lambda: number,
  aht: number,
  patience: number,
  slSeconds: number,
  b?: number,
  options: ErlangAOptions = {},
): QueueMetrics {
  const mu = 1 / aht;
  const theta = 1 / patience;
  const a = lambda * aht;
  if (lambda <= 0) {
    return { agents: n, pWait: 0, pAbandon: 0, meanWait: 0, serviceLevel: 1, occupancy: 0 };
  }
  if (!(theta > 0)) {
    // Infinite patience is Erlang C; nobody abandons.
    return { ...erlangCMetrics(n, a, aht, slSeconds, b), pAbandon: 0 };
  }
  if (n <= 0) {
    return { agents: 0, pWait: 1, pAbandon: 1, meanWait: null, serviceLevel: 0, occupancy: 0 };
  }
  const blocking = b ?? erlangB(n, a);
  if (blocking < 1e-290) {
    // So many agents that waiting is impossible at double precision (and 1/B would overflow).
    return { agents: n, pWait: 0, pAbandon: 0, meanWait: 0, serviceLevel: 1, occupancy: a / n };
  }

  const nmu = n * mu;
  let below = 1 / blocking - 1;
  let t = 1;
  let sumQueue = 0; // Σ π_{n+j}
  let sumServed = 0; // Σ π_{n+j} · P(served | j)
  let sumWaitServed = 0; // Σ π_{n+j} · P(served | j) · E[wait | j]
  let sumLength = 0; // Σ j · π_{n+j}
  let stageMeans = 0; // Σ_{p=1..j+1} 1/(nμ + pθ)
  let j = 0;
  let inv = 1 / (nmu + theta); // 1 / exit rate at position j+1
  for (;;) {
    if (j >= terms.length) {
      const grown = new Float64Array(terms.length * 2);
      grown.set(terms);
      terms = grown;
    }
    terms[j] = t;
    stageMeans += inv;
    const served = nmu * inv;
    sumQueue += t;
    sumServed += t * served;
    sumWaitServed += t * served * stageMeans;
    sumLength += j * t;
    t *= lambda * inv; // π_{n+j+1} / π_{n+j}
    j++;
    if (t > RESCALE_ABOVE) {
      below *= RESCALE_BY;
      sumQueue *= RESCALE_BY;
      sumServed *= RESCALE_BY;
      sumWaitServed *= RESCALE_BY;
      sumLength *= RESCALE_BY;
      t *= RESCALE_BY;
      // Flush what would turn subnormal: arithmetic on subnormals is ~100× slower.
      for (let i = 0; i < j; i++) {
        const scaled = (terms[i] ?? 0) * RESCALE_BY;
        terms[i] = scaled < 1e-280 ? 0 : scaled;
      }
    }
    inv = 1 / (nmu + (j + 1) * theta);
    const next = lambda * inv;
    if (next < 1 && (t / (1 - next)) * Math.max(1, j) < 1e-16 * (below + sumQueue)) break;
    if (j >= MAX_QUEUE_STATES) break;
  }

  const z = below + sumQueue;
  const pServed = (below + sumServed) / z;
  const pAbandon = Math.min(1, Math.max(0, (theta * sumLength) / (lambda * z)));
  const serviceLevel =
    options.serviceLevel === false
      ? Number.NaN
      : below / z + servedWithin(j, nmu, theta, slSeconds, z);
  return {
    agents: n,
    pWait: sumQueue / z,
    pAbandon,
    meanWait: pServed > 0 ? sumWaitServed / z / pServed : null,
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    occupancy: (a * (1 - pAbandon)) / n,
  };
}

/**
 * Σ_j (terms[j] / z) · P(served within T | arrived at position j+1), by uniformization of the tagged
 * call's pure-death chain over positions: one rate R ≥ every position's exit rate, and
 * P(served by T) = Σ_k P(served within k jumps) · P(Poisson(RT) = k).
 */
function servedWithin(count: number, nmu: number, theta: number, T: number, z: number): number {
  if (T <= 0) return 0;
  // A call at position m waits at least a Gamma(m, nμ + mθ) time (every stage is slower than
  // the fastest), so P(served within T) ≤ P(Poisson((nμ + mθ)T) ≥ m); past the position where
  // that Chernoff bound, e^{−x}(ex/m)^m, drops below 1e−10 nobody is answered in time (the
  // service level is reported to a tenth of a percent; 1e−10 leaves ample margin).
  let positions = count;
  for (let m = 1; m <= count; m++) {
    const x = (nmu + m * theta) * T;
    if (m > x && m * Math.log((Math.E * x) / m) - x < -23) {
      positions = m;
      break;
    }
  }
  // Positions whose whole tail weighs under 1e−12 cannot move the result either.
  let tail = 0;
  while (positions > 1 && tail + (terms[positions - 1] ?? 0) < 1e-12 * z) {
    tail += terms[positions - 1] ?? 0;
    positions--;
  }
  // Work in probabilities; weights below 1e-20 cannot matter and would decay into subnormals.
  if (stepBuffer.length < positions) stepBuffer = new Float64Array(positions * 2);
  const v = stepBuffer;
  let mass = 0;
  for (let p = 0; p < positions; p++) {
    const w = (terms[p] ?? 0) / z;
    v[p] = w < 1e-20 ? 0 : w;
    mass += v[p] ?? 0;
  }
  const rate = nmu + positions * theta;
  const rt = rate * T;
  // advance[i]: probability per jump that the call at index i moves up (index 0: is answered).
  if (advanceBuffer.length <= positions) advanceBuffer = new Float64Array(positions * 2 + 2);
  const advance = advanceBuffer;
  for (let i = 0; i <= positions; i++) advance[i] = (nmu + i * theta) / rate;
  // P(N = k) for N ~ Poisson(RT) by the recurrence pmf·RT/k; in logs only when e^{−RT} would
  // underflow (RT > 700, i.e. thousands of agents), since exp/log per jump cost more than a jump.
  const inLogs = rt > 700;
  const logRt = Math.log(rt);
  let logPmf = -rt;
  let pmf = inLogs ? 0 : Math.exp(-rt);
  let cdf = inLogs ? Math.exp(logPmf) : pmf; // P(N ≤ k − 1) when used at step k
  let result = 0;
  for (let k = 1; ; k++) {
    const atLeastK = Math.max(0, 1 - cdf);
    // 1 − cdf bottoms out at rounding error, so past the mode bound the tail by the pmf instead.
    const current = inLogs ? Math.exp(logPmf) : pmf;
    const tailBound = k > rt ? (current * k) / (k - rt) : 1;
    if (atLeastK < 1e-11 || tailBound < 1e-11 || mass < 1e-11) break;
    // One jump of the uniformized chain, in place from the front: index i keeps 1 − advance[i+1]
    // of its mass (its exit rate is that of the next index's advance) and gains index i+1's
    // advance; index i is read before it is overwritten, index i+1 after.
    const gained = (v[0] ?? 0) * (advance[0] ?? 0);
    const last = positions - 1;
    let here = v[0] ?? 0;
    for (let i = 0; i < last; i++) {
      const above = v[i + 1] ?? 0;
      v[i] = here + (advance[i + 1] ?? 0) * (above - here);
      here = above;
    }
    v[last] = (v[last] ?? 0) * (1 - (advance[positions] ?? 0));
    mass = mass - gained - (mass * theta) / rate;
    result += gained * atLeastK;
    if (inLogs) {
      logPmf += logRt - Math.log(k);
      cdf += Math.exp(logPmf);
    } else {
      pmf *= rt / k;
      cdf += pmf;
    }
  }
  return result;
}
