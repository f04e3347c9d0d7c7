// Expected abandons of the calls in flight plus n new dials, by a small Markov chain over time
// bins as wide as the connect limit: in each bin agents become free (Poisson, mean from the
// talk/wrap-up distributions), then answered calls arrive (Poisson, mean from ring time × answer
// probability) and take free agents; arrivals beyond the free agents are abandoned. Tracking the
// distribution of free agents bin by bin counts the abandons that a comparison of cumulative
// supply and demand misses (an agent freed at 15 s does not save a call answered at 3 s).

export interface ForecastBins {
  /** Agents free now. */
  freeNow: number;
  /** Expected agents becoming free in each bin. */
  frees: readonly number[];
  /** Expected answers in each bin from calls already ringing (bin 0: plus those waiting). */
  arrivals: readonly number[];
  /** Expected answers in each bin per new dial. */
  perDial: readonly number[];
}

// Poisson tails beyond mean + 5 sd + 4 and states below 1e-10 are dropped: far below anything a
// 3 % cap can notice, and they keep a decision at a few thousand operations.
const TAIL_SD = 5;
const TAIL_PAD = 4;
const NEGLIGIBLE = 1e-10;

function poisson(mean: number, into: Float64Array): number {
  const max = Math.min(into.length - 1, Math.ceil(mean + TAIL_SD * Math.sqrt(mean) + TAIL_PAD));
  let term = Math.exp(-mean);
  let total = 0;
  for (let k = 0; k <= max; k++) {
    into[k] = term;
    total += term;
    term = (term * mean) / (k + 1);
  }
  for (let k = 0; k <= max; k++) into[k] = (into[k] ?? 0) / total;
  return max;
}

const plausibleMax = (mean: number): number =>
  Math.ceil(mean + TAIL_SD * Math.sqrt(mean) + TAIL_PAD);

/** Expected abandoned calls over the bins when n new dials are placed now. */
export function expectedAbandons(bins: ForecastBins, n: number): number {
  const count = bins.arrivals.length;
  // Arrivals still to come from bin b on: free agents beyond their plausible maximum never
  // matter, so the state space shrinks bin by bin.
  const remaining = new Float64Array(count + 1);
  for (let b = count - 1; b >= 0; b--) {
    remaining[b] = (remaining[b + 1] ?? 0) + (bins.arrivals[b] ?? 0) + n * (bins.perDial[b] ?? 0);
  }
  const size = plausibleMax(remaining[0] ?? 0) + 1;
  const dist = new Float64Array(size);
  const scratch = new Float64Array(size);
  const freePmf = new Float64Array(size + 64);
  const arrivePmf = new Float64Array(size + 64);
  let cap = size - 1;
  dist[Math.min(cap, Math.max(0, bins.freeNow))] = 1;
  let abandoned = 0;
  for (let b = 0; b < count; b++) {
    const binCap = Math.min(cap, plausibleMax(remaining[b] ?? 0));
    const fMax = poisson(bins.frees[b] ?? 0, freePmf);
    const aMax = poisson((bins.arrivals[b] ?? 0) + n * (bins.perDial[b] ?? 0), arrivePmf);
    scratch.fill(0, 0, binCap + 1);
    for (let x = 0; x <= cap; x++) {
      const px = dist[x] ?? 0;
      if (px < NEGLIGIBLE) continue;
      for (let f = 0; f <= fMax; f++) {
        const y = Math.min(binCap, x + f);
        scratch[y] = (scratch[y] ?? 0) + px * (freePmf[f] ?? 0);
      }
    }
    dist.fill(0, 0, binCap + 1);
    for (let x = 0; x <= binCap; x++) {
      const px = scratch[x] ?? 0;
      if (px < NEGLIGIBLE) continue;
      for (let a = 0; a <= aMax; a++) {
        const pa = px * (arrivePmf[a] ?? 0);
        if (a > x) {
          abandoned += pa * (a - x);
          dist[0] = (dist[0] ?? 0) + pa;
        } else dist[x - a] = (dist[x - a] ?? 0) + pa;
      }
    }
    cap = binCap;
  }
  return abandoned;
}
