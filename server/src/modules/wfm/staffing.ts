import { AppError } from '../../platform/index.ts';
import { erlangAMetrics } from './erlang-a.ts';
import { ErlangBTable, erlangCMetrics } from './erlang-c.ts';
import type {
  QueueMetrics,
  QueueModel,
  Recommendation,
  StaffingTargets,
  Traffic,
} from './wfm.types.ts';

// The fewest agents meeting every target together. Every metric is monotone in the number of
// agents (waits, abandonment and occupancy fall, the service level rises; the property tests
// check it), so the search starts near the offered load and bisects or walks in the direction
// that matters, reusing the Erlang B recursion.

export const modelOf = (traffic: Traffic): QueueModel =>
  traffic.patience !== undefined && Number.isFinite(traffic.patience) ? 'erlang-a' : 'erlang-c';

export const offeredLoad = (traffic: Traffic): number => traffic.arrivalRate * traffic.aht;

/** The model's metrics for n agents; `table` carries Erlang B values between calls. */
export function metricsFor(
  traffic: Traffic,
  n: number,
  slSeconds: number,
  table: ErlangBTable = new ErlangBTable(offeredLoad(traffic)),
  withServiceLevel = true,
): QueueMetrics {
  const a = table.load;
  if (modelOf(traffic) === 'erlang-c') {
    return erlangCMetrics(n, a, traffic.aht, slSeconds, table.at(n));
  }
  return erlangAMetrics(
    n,
    traffic.arrivalRate,
    traffic.aht,
    traffic.patience ?? Number.POSITIVE_INFINITY,
    slSeconds,
    table.at(n),
    { serviceLevel: withServiceLevel },
  );
}

/** Whether metrics meet every target given (a missing service level counts as unchecked). */
export function meetsTargets(m: QueueMetrics, targets: StaffingTargets): boolean {
  if (targets.targetWait !== undefined && (m.meanWait === null || m.meanWait > targets.targetWait))
    return false;
  if (targets.slGoal !== undefined && !(m.serviceLevel >= targets.slGoal)) return false;
  if (targets.maxAbandon !== undefined && (m.pAbandon ?? 0) > targets.maxAbandon) return false;
  if (targets.maxOccupancy !== undefined && m.occupancy > targets.maxOccupancy) return false;
  // Erlang C with n ≤ a never settles, whatever the targets say.
  return m.meanWait !== null || m.agents === 0;
}

/** Fewest agents meeting all targets, with its metrics (service level always filled in). */
export function requiredAgents(traffic: Traffic, targets: StaffingTargets): QueueMetrics {
  const a = offeredLoad(traffic);
  if (!(a > 0)) {
    return {
      agents: 0,
      pWait: 0,
      pAbandon: modelOf(traffic) === 'erlang-a' ? 0 : null,
      meanWait: 0,
      serviceLevel: 1,
      occupancy: 0,
    };
  }
  if (modelOf(traffic) === 'erlang-c') return requiredErlangC(a, traffic.aht, targets);
  const table = new ErlangBTable(a);
  const limit = searchLimit(a);
  // First the targets that need no service level (cheap to evaluate) …
  // Built field by field: object spreads on this path cost more than the queueing maths.
  const quick: StaffingTargets = {
    slSeconds: targets.slSeconds,
    targetWait: targets.targetWait,
    maxAbandon: targets.maxAbandon,
    maxOccupancy: targets.maxOccupancy,
  };
  const ok = (n: number): boolean =>
    meetsTargets(metricsFor(traffic, n, targets.slSeconds, table, false), quick);
  // Callers who abandon shorten the queue, so the Erlang C count for the wait target is usually
  // at or just above the answer: a close start saves most evaluations.
  let n =
    targets.targetWait !== undefined
      ? requiredErlangC(a, traffic.aht, {
          slSeconds: targets.slSeconds,
          targetWait: targets.targetWait,
        }).agents
      : Math.max(1, Math.ceil(a));
  if (ok(n)) {
    // Bisect down to the fewest: served calls cannot outnumber what n agents can serve, so
    // n ≥ a·(1 − maxAbandon) bounds the answer from below (a walk would take ~6 evaluations).
    const floor = Math.max(1, Math.floor(a * (1 - (targets.maxAbandon ?? 0))));
    let lo = Math.min(floor, n) - 1; // the largest count known (or assumed) to fail
    while (lo > 0 && ok(lo)) {
      n = lo;
      lo = Math.floor(lo / 2);
    }
    while (n - lo > 1) {
      const mid = (lo + n) >> 1;
      if (ok(mid)) n = mid;
      else lo = mid;
    }
  } else {
    while (!ok(++n)) if (n >= limit) throw unreachable(a, limit, targets);
  }
  // … then, the service level being monotone too, walk up from there until it holds as well.
  let best = metricsFor(traffic, n, targets.slSeconds, table, true);
  while (!meetsTargets(best, targets)) {
    if (n >= limit) throw unreachable(a, limit, targets);
    best = metricsFor(traffic, ++n, targets.slSeconds, table, true);
  }
  return best;
}

const searchLimit = (a: number): number => Math.ceil(10 * a) + 1000;

const unreachable = (a: number, limit: number, targets: StaffingTargets): AppError =>
  new AppError(
    'invalid_input',
    'wfm.unreachable',
    `No number of agents up to ${limit} meets the targets`,
    { details: { load: a, targets } },
  );

// Erlang C in scalars: the B recursion runs once up to the first stable count and then one step
// per added agent, with no allocation until the answer.
function requiredErlangC(a: number, aht: number, targets: StaffingTargets): QueueMetrics {
  const { slSeconds, targetWait, slGoal, maxOccupancy } = targets;
  const limit = searchLimit(a);
  let n = Math.max(1, Math.floor(a) + 1);
  if (maxOccupancy !== undefined && maxOccupancy > 0) {
    n = Math.max(n, Math.ceil(a / maxOccupancy - 1e-9));
  }
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  for (;;) {
    const c = (n * b) / (n - a * (1 - b));
    if (
      (targetWait === undefined || (c * aht) / (n - a) <= targetWait) &&
      (slGoal === undefined || 1 - c * Math.exp((-(n - a) * slSeconds) / aht) >= slGoal) &&
      (maxOccupancy === undefined || a / n <= maxOccupancy)
    ) {
      return erlangCMetrics(n, a, aht, slSeconds, b);
    }
    if (n >= limit) throw unreachable(a, limit, targets);
    n++;
    b = (a * b) / (n + a * b);
  }
}

/** Heads to schedule so that `agents` remain after shrinkage (breaks, training, absence). */
export function scheduledHeads(agents: number, shrinkage: number): number {
  if (agents <= 0) return 0;
  // The epsilon keeps 7 / (1 − 0.3) = 10.000000000000002 at 10.
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

export function recommend(
  traffic: Traffic,
  targets: StaffingTargets,
  shrinkage: number,
): Recommendation {
  const best = requiredAgents(traffic, targets);
  // Fields listed one by one: an object spread here cost more than the whole search.
  return {
    agents: best.agents,
    pWait: best.pWait,
    pAbandon: best.pAbandon,
    meanWait: best.meanWait,
    serviceLevel: best.serviceLevel,
    occupancy: best.occupancy,
    load: offeredLoad(traffic),
    scheduled: scheduledHeads(best.agents, shrinkage),
    shrinkage,
  };
}

/** Metrics for each agent count in [from, to]. */
export function metricsRange(
  traffic: Traffic,
  from: number,
  to: number,
  slSeconds: number,
): QueueMetrics[] {
  const table = new ErlangBTable(offeredLoad(traffic));
  const rows: QueueMetrics[] = [];
  for (let n = from; n <= to; n++) rows.push(metricsFor(traffic, n, slSeconds, table));
  return rows;
}
