// Staffing plan for 10,000 intervals: the module's incremental search (Erlang B recursion reused
// between agent counts) against a naive baseline (factorial Erlang C, every count recomputed
// from scratch) on the same intervals. Prints figures; not a test.
//   node --import tsx bench/wfm-plan.ts     (or: npx tsx bench/wfm-plan.ts)
import { loadavg } from 'node:os';
import { recommend, type StaffingTargets, type Traffic } from '../server/src/modules/wfm/index.ts';

const INTERVALS = 10_000;
const RUNS = 5;

// mulberry32, seeded: the same 10,000 intervals every run.
let seed = 20260601;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};

// 30-minute intervals, 5 to 600 calls each, AHT 120–400 s (0.3 … 133 Erlangs), patience 60–600 s.
const intervals = Array.from({ length: INTERVALS }, () => ({
  calls: 5 + Math.floor(random() * 596),
  aht: 120 + random() * 280,
  patience: 60 + random() * 540,
}));
const traffic = (i: (typeof intervals)[number], withPatience: boolean): Traffic => ({
  arrivalRate: i.calls / 1800,
  aht: i.aht,
  patience: withPatience ? i.patience : undefined,
});

function time(label: string, plan: () => number[]): number[] {
  plan(); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  let agents: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    agents = plan();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  // CPU time is reported beside wall time: on a shared, loaded machine it is the steadier one.
  const median = (xs: number[]): string =>
    ([...xs].sort((a, b) => a - b)[RUNS >> 1] ?? 0).toFixed(1).padStart(7);
  const min = (xs: number[]): string =>
    Math.min(...xs)
      .toFixed(1)
      .padStart(7);
  const total = agents.reduce((s, a) => s + a, 0);
  console.log(
    `${label.padEnd(62)} wall median ${median(wall)} ms, min ${min(wall)} ms;` +
      ` cpu median ${median(cpu)} ms;  Σ agents ${total}`,
  );
  return agents;
}

// Baseline: P(wait) from the textbook formula with powers and factorials, recomputed for every
// agent count from ⌊a⌋+1 up. Overflows past ~170 agents (Infinity / Infinity).
function naiveErlangC(n: number, a: number): number {
  let sum = 0;
  let fact = 1;
  for (let k = 0; k < n; k++) {
    if (k > 0) fact *= k;
    sum += a ** k / fact;
  }
  const top = (a ** n / (fact * n)) * (n / (n - a));
  return top / (sum + top);
}
function naivePlan(i: (typeof intervals)[number], targets: StaffingTargets): number {
  const a = (i.calls / 1800) * i.aht;
  for (let n = Math.floor(a) + 1; ; n++) {
    const c = naiveErlangC(n, a);
    if (Number.isNaN(c)) return -1;
    const meanWait = (c * i.aht) / (n - a);
    const sl = 1 - c * Math.exp((-(n - a) * targets.slSeconds) / i.aht);
    if (
      meanWait <= (targets.targetWait ?? Infinity) &&
      sl >= (targets.slGoal ?? 0) &&
      a / n <= (targets.maxOccupancy ?? 1)
    ) {
      return n;
    }
  }
}

const erlangC: StaffingTargets = { slSeconds: 20, targetWait: 30, slGoal: 0.8, maxOccupancy: 0.9 };
const erlangA: StaffingTargets = { slSeconds: 20, targetWait: 30, maxAbandon: 0.05 };
const erlangASl: StaffingTargets = { ...erlangA, slGoal: 0.8 };

console.log(
  `Staffing plan for ${INTERVALS} intervals (node ${process.version}, load average ` +
    `${loadavg()[0]?.toFixed(1)})`,
);
const fastC = time('Erlang C  wait ≤ 30 s, SL 80/20, occupancy ≤ 90 %', () =>
  intervals.map((i) => recommend(traffic(i, false), erlangC, 0.3).agents),
);
const slowC = time('baseline: factorial Erlang C, recomputed per count', () =>
  intervals.map((i) => naivePlan(i, erlangC)),
);
time('Erlang A  wait ≤ 30 s, abandon ≤ 5 % (SL of the answer only)', () =>
  intervals.map((i) => recommend(traffic(i, true), erlangA, 0.3).agents),
);
time('Erlang A  wait ≤ 30 s, abandon ≤ 5 %, SL 80/20 in the search', () =>
  intervals.map((i) => recommend(traffic(i, true), erlangASl, 0.3).agents),
);
const differ = fastC.filter((n, k) => slowC[k] !== -1 && slowC[k] !== n).length;
const overflow = slowC.filter((n) => n === -1).length;
console.log(
  `Erlang C: baseline agrees on ${INTERVALS - differ - overflow} intervals, differs on ${differ}, ` +
    `overflows on ${overflow} (loads above ~150 Erlangs need > 170 agents)`,
);
