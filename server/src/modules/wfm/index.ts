// Workforce planning: Erlang C / Erlang A queueing, staffing to targets, per-interval forecast
// from inbound call history, and the peak plan the evaluation's peak-wait alert links to.
export { erlangB, erlangC, erlangCMetrics, ErlangBTable } from './erlang-c.ts';
export { erlangAMetrics } from './erlang-a.ts';
export {
  metricsFor,
  metricsRange,
  meetsTargets,
  modelOf,
  offeredLoad,
  recommend,
  requiredAgents,
  scheduledHeads,
} from './staffing.ts';
export { forecastIntervals, patienceEstimate, type IntervalForecast } from './forecast.ts';
export {
  planForPeak,
  planFromHistory,
  planFromParameters,
  type HistoryPlan,
  type PeakInterval,
  type PeakPlanOptions,
  type PlannedInterval,
} from './wfm.service.ts';
export { parsePlanInput, parseWeekdays, planInputSchema, type PlanInput } from './wfm.schema.ts';
export { formatHistoryTable, formatPlanTable } from './wfm.table.ts';
export type {
  PlanResult,
  QueueMetrics,
  QueueModel,
  Recommendation,
  StaffingTargets,
  Traffic,
} from './wfm.types.ts';
