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
// check it), so the search starts near the offered load and walks one agent at a time in the
// direction that matters, reusing the Erlang B recursion.

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
  const table = new ErlangBTable(a);
  const needSl = targets.slGoal !== undefined;
  const ok = (n: number): boolean =>
    meetsTargets(metricsFor(traffic, n, targets.slSeconds, table, needSl), targets);
  const erlangC = modelOf(traffic) === 'erlang-c';
  // Erlang C needs n > a to be stable; Erlang A is stable with any n ≥ 1.
  const floor = erlangC ? Math.floor(a) + 1 : 1;
  const limit = Math.ceil(10 * a) + 1000;
  let n = Math.max(floor, Math.ceil(a));
  if (ok(n)) {
    while (n - 1 >= floor && ok(n - 1)) n--;
  } else {
    while (!ok(++n)) {
      if (n >= limit) {
        throw new AppError(
          'invalid_input',
          'wfm.unreachable',
          `No number of agents up to ${limit} meets the targets`,
          { details: { load: a, targets } },
        );
      }
    }
  }
  return metricsFor(traffic, n, targets.slSeconds, table, true);
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
  return {
    ...best,
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
