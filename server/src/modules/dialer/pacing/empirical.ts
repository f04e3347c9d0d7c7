// A sliding window of the latest observations with its sorted copy, for CDF look-ups. Talk times
// are heavy-tailed (bank-full: median 180 s, p99 1269 s), so the empirical distribution of recent
// calls serves the predictor better than a fitted mean.
export class SlidingSample {
  private readonly values: number[] = [];
  private next = 0;
  /** The same values kept sorted on every add (O(n) splice beats re-sorting per look-up). */
  private readonly sorted: number[] = [];
  private sum = 0;

  constructor(private readonly capacity: number) {}

  add(value: number): void {
    if (this.values.length < this.capacity) this.values.push(value);
    else {
      const evicted = this.values[this.next] ?? 0;
      this.values[this.next] = value;
      this.sum -= evicted;
      this.sorted.splice(this.lowerBound(evicted), 1);
    }
    this.sum += value;
    this.sorted.splice(this.upperBound(value), 0, value);
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.values.length;
  }

  private lowerBound(x: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private upperBound(x: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] ?? 0) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Share of observations ≤ x (0 when empty). */
  cdf(x: number): number {
    const n = this.sorted.length;
    return n === 0 ? 0 : this.upperBound(x) / n;
  }

  quantile(q: number): number {
    const s = this.sorted;
    if (s.length === 0) return 0;
    const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
    return s[i] ?? 0;
  }

  mean(): number {
    return this.values.length === 0 ? 0 : this.sum / this.values.length;
  }

  /**
   * P(X ≤ elapsed + h | X > elapsed). Past the largest observation the tail is taken as
   * exponential with a mean residual of max(elapsed, mean): long calls tend to go on, and the
   * window under-represents them early in the day (only short calls have finished yet).
   */
  conditionalWithin(elapsed: number, h: number): number {
    if (h <= 0) return 0;
    const n = this.sorted.length;
    if (n === 0) return 0;
    const survive = 1 - this.cdf(elapsed);
    if (survive * n < 1) return 1 - Math.exp(-h / Math.max(elapsed, this.mean(), 1));
    return (this.cdf(elapsed + h) - this.cdf(elapsed)) / survive;
  }
}

/** Rolling share of true outcomes over the latest `capacity` trials. */
export class SlidingRate {
  private readonly values: boolean[] = [];
  private next = 0;
  private hits = 0;

  constructor(private readonly capacity: number) {}

  add(hit: boolean): void {
    if (this.values.length < this.capacity) this.values.push(hit);
    else {
      if (this.values[this.next]) this.hits--;
      this.values[this.next] = hit;
    }
    if (hit) this.hits++;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.values.length;
  }

  rate(): number {
    return this.values.length === 0 ? 0 : this.hits / this.values.length;
  }
}
