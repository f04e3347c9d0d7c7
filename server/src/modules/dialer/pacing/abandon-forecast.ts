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

function poisson(mean: number, into: number[]): number {
  // Truncated at mean + 6 sd + 6; the cut tail is far below anything the cap cares about.
  const max = Math.ceil(mean + 6 * Math.sqrt(mean) + 6);
  into.length = max + 1;
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

/** Expected abandoned calls over the bins when n new dials are placed now. */
export function expectedAbandons(bins: ForecastBins, n: number): number {
  let totalArrivals = 0;
  for (let b = 0; b < bins.arrivals.length; b++) {
    totalArrivals += (bins.arrivals[b] ?? 0) + n * (bins.perDial[b] ?? 0);
  }
  // Free agents beyond every arrival that could plausibly come are never the limit.
  const cap = Math.ceil(totalArrivals + 6 * Math.sqrt(totalArrivals) + 6);
  let dist = new Float64Array(cap + 1);
  let abandoned = 0;
  dist[Math.min(cap, Math.max(0, bins.freeNow))] = 1;
  const freePmf: number[] = [];
  const arrivePmf: number[] = [];
  for (let b = 0; b < bins.arrivals.length; b++) {
    const fMax = poisson(bins.frees[b] ?? 0, freePmf);
    const aMax = poisson((bins.arrivals[b] ?? 0) + n * (bins.perDial[b] ?? 0), arrivePmf);
    const afterFree = new Float64Array(cap + 1);
    for (let x = 0; x <= cap; x++) {
      const px = dist[x] ?? 0;
      if (px < 1e-12) continue;
      for (let f = 0; f <= fMax; f++) {
        const y = Math.min(cap, x + f);
        afterFree[y] = (afterFree[y] ?? 0) + px * (freePmf[f] ?? 0);
      }
    }
    const next = new Float64Array(cap + 1);
    for (let x = 0; x <= cap; x++) {
      const px = afterFree[x] ?? 0;
      if (px < 1e-12) continue;
      for (let a = 0; a <= aMax; a++) {
        const pa = px * (arrivePmf[a] ?? 0);
        if (a > x) {
          abandoned += pa * (a - x);
          next[0] = (next[0] ?? 0) + pa;
        } else next[x - a] = (next[x - a] ?? 0) + pa;
      }
    }
    dist = next;
  }
  return abandoned;
}
