// Seeded pseudo-random numbers (sfc32 seeded through splitmix32) so that a benchmark run is
// reproducible from its seed and two policies can be fed the very same call sequence.
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number, stream = 0): Rng {
  const init = splitmix32((seed * 0x2545f491) ^ (stream * 0x9e3779b9));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** Standard normal by Box–Muller (one value per call; simple beats fast here). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Inverse-CDF sample from percentiles at 0 %, 1 %, … 100 %, linear between them. */
export function fromPercentiles(rng: Rng, percentiles: readonly number[]): number {
  const steps = percentiles.length - 1;
  const x = rng.next() * steps;
  const i = Math.min(steps - 1, Math.floor(x));
  const lo = percentiles[i] ?? 0;
  const hi = percentiles[i + 1] ?? lo;
  return lo + (hi - lo) * (x - i);
}
