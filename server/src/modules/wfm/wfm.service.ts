import type { AppContext } from '../../context.ts';
import { AppError, DEFAULT_TIME_ZONE, invalidInput } from '../../platform/index.ts';
import { findTenant } from '../tenants/index.ts';
import { forecastIntervals, patienceEstimate, type IntervalForecast } from './forecast.ts';
import { inboundSpan, loadInboundFacts } from './forecast.repo.ts';
import { dayNumber, isoDate, LocalClock } from './local-time.ts';
import { metricsFor, metricsRange, modelOf, recommend } from './staffing.ts';
import { parsePlanInput, parseWeekdays, weekdayLabel, type PlanInput } from './wfm.schema.ts';
import type {
  PlanResult,
  QueueMetrics,
  QueueModel,
  Recommendation,
  StaffingTargets,
  Traffic,
} from './wfm.types.ts';

// Per interval, abandonments below this leave the patience estimate too noisy; the interval then
// uses its weekday profile's pooled estimate.
const MIN_ABANDONMENTS_PER_INTERVAL = 30;

export interface PlannedInterval extends Recommendation {
  weekdays: string;
  start: string;
  end: string;
  /** Forecast requests for an agent in the interval (mean per day). */
  calls: number;
  aht: number;
  /** Mean patience used (s); null under Erlang C. */
  patience: number | null;
  observed: IntervalForecast['observed'] & { requests: number; days: number };
}

export interface PeakInterval extends PlannedInterval {
  /** The model at the staffing the history shows (activity spans, rounded), beside `observed`. */
  atObservedStaffing: QueueMetrics | null;
}

export interface HistoryPlan extends PlanResult {
  history: {
    tenantId: string;
    timeZone: string;
    from: string;
    to: string;
    intervalMinutes: number;
    weekdays: string;
    requests: number;
  };
  /** The interval with the most forecast calls; `rows` and `recommended` describe it. */
  peak: PeakInterval;
  intervals: PlannedInterval[];
}

const targetsOf = (input: PlanInput, model: QueueModel): StaffingTargets => ({
  slSeconds: input.slSeconds,
  targetWait: input.targetWait ?? undefined,
  slGoal: input.slGoal,
  maxAbandon: model === 'erlang-a' ? input.maxAbandon : undefined,
  maxOccupancy: input.maxOccupancy,
});

function rowsAround(traffic: Traffic, rec: Recommendation, input: PlanInput): QueueMetrics[] {
  const [from, to] = input.agents
    ? input.agents.split('..').map(Number)
    : [Math.max(rec.agents > 0 ? 1 : 0, rec.agents - 3), rec.agents + 3];
  return metricsRange(traffic, from ?? 0, to ?? 0, input.slSeconds);
}

/** `yunhu plan --calls N --interval-minutes M --aht S [--patience S] …` */
export function planFromParameters(input: PlanInput): PlanResult {
  const traffic: Traffic = {
    arrivalRate: (input.calls ?? 0) / ((input.intervalMinutes ?? 30) * 60),
    aht: input.aht ?? 0,
    patience: input.patience,
  };
  const model = modelOf(traffic);
  const recommended = recommend(traffic, targetsOf(input, model), input.shrinkage);
  return { model, rows: rowsAround(traffic, recommended, input), recommended };
}

/** `yunhu plan --from-history`: forecast per interval from stored calls, then staff each. */
export async function planFromHistory(
  ctx: AppContext,
  tenantId: string,
  input: PlanInput,
): Promise<HistoryPlan> {
  const tenant = await findTenant(ctx.db, tenantId);
  const timeZone = tenant?.time_zone ?? DEFAULT_TIME_ZONE;
  const clock = new LocalClock(timeZone);
  const intervalMinutes = input.intervalMinutes ?? 60;
  const groups = parseWeekdays(input.weekday);

  const span = await inboundSpan(ctx.db, tenantId);
  if (!span) {
    throw new AppError('not_found', 'wfm.no_history', 'No finished inbound calls to plan from');
  }
  const lastDay = input.to ? dayNumber(input.to) : clock.parts(span.last).day;
  const firstDay = input.from
    ? dayNumber(input.from)
    : Math.max(clock.parts(span.first).day, lastDay - input.weeks * 7 + 1);
  if (firstDay > lastDay) throw invalidInput('wfm.range', 'from is after to', { where: 'from' });
  const facts = await loadInboundFacts(
    ctx.db,
    tenantId,
    clock.startOfDay(firstDay),
    clock.startOfDay(lastDay + 1),
  );
  const forecasts = forecastIntervals(facts, {
    timeZone,
    intervalMinutes,
    groups,
    firstDay,
    lastDay,
  });

  const pooled = (list: IntervalForecast[]) => {
    let handled = 0;
    let handle = 0;
    let queue = 0;
    let abandoned = 0;
    let requests = 0;
    for (const f of list) {
      handled += f.stats.handled;
      handle += f.stats.handleSeconds;
      queue += f.stats.queueSeconds;
      abandoned += f.stats.abandoned;
      requests += f.stats.requests;
    }
    return {
      aht: handled > 0 ? handle / handled : null,
      patience: patienceEstimate(queue, abandoned),
      requests,
    };
  };
  const overall = pooled(forecasts);
  if (overall.requests === 0) {
    throw new AppError(
      'not_found',
      'wfm.no_history',
      `No inbound calls reached a queue or an agent between ${isoDate(firstDay)} and ${isoDate(lastDay)}`,
    );
  }
  const model: QueueModel =
    input.model ??
    (input.patience !== undefined || overall.patience !== null ? 'erlang-a' : 'erlang-c');
  if (model === 'erlang-a' && input.patience === undefined && overall.patience === null) {
    throw invalidInput(
      'wfm.no_patience',
      'No abandonments in the history: give --patience or use erlang-c',
      {
        where: 'patience',
      },
    );
  }
  const targets = targetsOf(input, model);
  const byGroup = new Map(
    groups.map((g) => [g.join(','), pooled(forecasts.filter((f) => f.weekdays === g))]),
  );

  const trafficOf = (f: IntervalForecast): Traffic => {
    const group = byGroup.get(f.weekdays.join(','));
    const aht = input.aht ?? f.aht ?? group?.aht ?? overall.aht ?? 0;
    const patience =
      model === 'erlang-c'
        ? undefined
        : (input.patience ??
          (f.stats.abandoned >= MIN_ABANDONMENTS_PER_INTERVAL ? f.patience : null) ??
          group?.patience ??
          overall.patience ??
          undefined);
    return { arrivalRate: f.calls / (intervalMinutes * 60), aht, patience };
  };

  let peakIndex = 0;
  const intervals = forecasts.map((f, i): PlannedInterval => {
    const traffic = trafficOf(f);
    if (f.calls > (forecasts[peakIndex]?.calls ?? 0)) peakIndex = i;
    return {
      weekdays: weekdayLabel(f.weekdays),
      start: f.start,
      end: f.end,
      calls: f.calls,
      aht: traffic.aht,
      patience: traffic.patience ?? null,
      ...recommend(traffic, targets, input.shrinkage),
      observed: { ...f.observed, requests: f.stats.requests, days: f.stats.days },
    };
  });
  const peakForecast = forecasts[peakIndex] as IntervalForecast;
  const peakPlan = intervals[peakIndex] as PlannedInterval;
  const peakTraffic = trafficOf(peakForecast);
  const active = peakForecast.observed.activeAgents;
  const peak: PeakInterval = {
    ...peakPlan,
    atObservedStaffing:
      active !== null && Math.round(active) > 0
        ? metricsFor(peakTraffic, Math.round(active), input.slSeconds)
        : null,
  };
  const {
    weekdays: _w,
    start: _s,
    end: _e,
    calls: _c,
    aht: _a,
    patience: _p,
    observed: _o,
    ...recommended
  } = peakPlan;
  return {
    model,
    rows: rowsAround(peakTraffic, peakPlan, input),
    recommended,
    history: {
      tenantId,
      timeZone,
      from: isoDate(firstDay),
      to: isoDate(lastDay),
      intervalMinutes,
      weekdays: groups.length === 7 ? 'each' : weekdayLabel(groups[0] ?? []),
      requests: overall.requests,
    },
    peak,
    intervals,
  };
}

export interface PeakPlanOptions {
  /** Evaluation range, UTC ms; defaults to the last 8 weeks of history. */
  from?: number;
  to?: number;
  /** Mean-wait target at peak (s); default 30, the red line of inbound_queue_wait. */
  targetWait?: number;
  slSeconds?: number;
  shrinkage?: number;
}

/**
 * For the evaluation's peak-wait alert: the busiest weekday hour of the range, its forecast,
 * the agents Erlang A (Erlang C without abandonments) needs to bring the mean wait within the
 * target, and what the model predicts at the staffing the history shows. Null without history.
 */
export async function planForPeak(
  ctx: AppContext,
  tenantId: string,
  options: PeakPlanOptions = {},
): Promise<(PeakInterval & { model: QueueModel; timeZone: string }) | null> {
  const tenant = await findTenant(ctx.db, tenantId);
  const clock = new LocalClock(tenant?.time_zone ?? DEFAULT_TIME_ZONE);
  const raw: Record<string, unknown> = {
    fromHistory: true,
    intervalMinutes: 60,
    targetWait: options.targetWait ?? 30,
    slSeconds: options.slSeconds ?? 20,
    shrinkage: options.shrinkage ?? 0.3,
  };
  if (options.from !== undefined) raw.from = isoDate(clock.parts(options.from).day);
  if (options.to !== undefined) raw.to = isoDate(clock.parts(options.to - 1).day);
  try {
    const plan = await planFromHistory(ctx, tenantId, parsePlanInput(raw));
    return { ...plan.peak, model: plan.model, timeZone: plan.history.timeZone };
  } catch (error) {
    if (error instanceof AppError && error.code === 'wfm.no_history') return null;
    throw error;
  }
}
