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
 * Σ_j (terms[j] / z) · P(answered within T | arrived at position m = j+1), exactly, in one pass.
 * From position m the wait to service is S_m = Σ_{p=1..m} Exp(nμ + pθ). With k = nμ/θ its Laplace
 * transform Π_p (k+p)/(k+p+s/θ) is that of −ln(1−B)/θ for B ~ Beta(m, k+1), so
 *   P(S_m ≤ T) = I_x(m, k+1), x = 1 − e^{−θT}   (regularized incomplete beta),
 * and I_x(m+1, b) = I_x(m, b) − D_m with D_1 = b·x·(1−x)^b, D_{m+1} = D_m·x·(m+b)/(m+1).
 * The call is answered with probability k/(k+m), independently of the stage lengths.
 */
function servedWithin(count: number, nmu: number, theta: number, T: number, z: number): number {
  if (T <= 0) return 0;
  const k = nmu / theta;
  const b = k + 1;
  const x = -Math.expm1(-theta * T);
  const logOneMinusX = -theta * T;
  const logD1 = Math.log(b) + Math.log(x) + b * logOneMinusX;
  // D_m in logs only when (1 − x)^b underflows (nμT above ~700: thousands of agents).
  const inLogs = logD1 < -700;
  let logD = logD1;
  let d = inLogs ? 0 : Math.exp(logD1);
  let cdf = -Math.expm1(b * logOneMinusX); // I_x(1, b) = 1 − (1 − x)^b
  let result = 0;
  for (let m = 1; m <= count && cdf > 1e-13; m++) {
    result += (terms[m - 1] ?? 0) * (k / (k + m)) * cdf;
    const ratio = (x * (m + b)) / (m + 1);
    if (inLogs) {
      cdf -= Math.exp(logD);
      logD += Math.log(ratio);
    } else {
      cdf -= d;
      d *= ratio;
    }
  }
  return result / z;
}
