import type { AppContext } from '../../context.ts';
import type { Db, TenantTable } from '../../db/index.ts';
import type { Clock } from '../../platform/index.ts';
import { planForPeak } from '../wfm/index.ts';
import { buildAlerts } from './alerts.ts';
import { breakdownRows, dayLabel, loadLabels } from './breakdowns.ts';
import { emptyFacts, type FactThresholds } from './call-facts.ts';
import { CATALOGUE } from './catalogue.ts';
import type {
  BreakdownKey,
  BreakdownRow,
  EvaluationReport,
  MetricResult,
  Scenario,
  TrendPoint,
} from './evaluation.types.ts';
import { computeMetrics } from './metrics.ts';
import {
  queryFacts,
  rebuildRollups,
  rollupsCurrent,
  type FactFilter,
  type FactQuery,
  type FactRow,
  type FactSource,
} from './rollups.repo.ts';
import { buildScorecard, toResult } from './scorecard.ts';
import { resolveEvaluationSettings, type EvaluationSettings } from './settings.ts';

/** db and clock suffice; given the whole AppContext, the peak-wait alert embeds the WFM plan. */
export type EvaluationDeps = { db: Db; clock: Clock } | AppContext;

export interface EvaluateOptions {
  from?: number | null;
  to?: number | null;
  scenario?: Scenario;
  /** Breakdowns to report; default every key but day (days are in the trends). */
  by?: BreakdownKey[];
  filter?: FactFilter;
  /** Force a source; default roll-ups when the range is hour-aligned, else a raw scan. */
  source?: FactSource;
  /** Trend periods to report (most recent); default 31 days and 12 weeks. */
  trendDays?: number;
  trendWeeks?: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** UTC offset of a time zone at an instant (whole-hour zones keep hours aligned to roll-ups). */
export function tzOffsetMs(timeZone: string, at: number): number {
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(dtf.formatToParts(at).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return local - Math.floor(at / 1000) * 1000;
}

export function settingsOf(tenant: TenantTable): EvaluationSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(tenant.settings);
  } catch {
    parsed = {};
  }
  return resolveEvaluationSettings(parsed);
}

export const factThresholdsOf = (s: EvaluationSettings): FactThresholds => ({
  effectiveTalkMs: Math.round(s.effectiveTalkSeconds * 1000),
  serviceLevelMs: Math.round(s.serviceLevelSeconds * 1000),
});

async function excludedCampaigns(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('campaigns')
    .select(['id', 'settings'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows
    .filter((r) => {
      try {
        return (
          (JSON.parse(r.settings) as { attemptOutcomesKnown?: unknown }).attemptOutcomesKnown ===
          false
        );
      } catch {
        return false;
      }
    })
    .map((r) => r.id);
}

const totalOf = (rows: FactRow[]): FactRow =>
  rows[0] ?? {
    key: '',
    facts: emptyFacts(),
    agents: 0,
    activeDays: 0,
    connAttempts: 0,
    connAnswered: 0,
  };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function evaluate(
  deps: EvaluationDeps,
  tenant: TenantTable,
  options: EvaluateOptions = {},
): Promise<EvaluationReport> {
  const { db, clock } = deps;
  const now = clock.now();
  const from = options.from ?? null;
  const to = options.to ?? null;
  const scenario = options.scenario ?? 'telemarketing';
  const settings = settingsOf(tenant);
  const thresholds = factThresholdsOf(settings);
  const offsetMs = tzOffsetMs(tenant.time_zone, to ?? now);
  const aligned =
    (from === null || from % HOUR === 0) &&
    (to === null || to % HOUR === 0) &&
    offsetMs % HOUR === 0;
  const source: FactSource = options.source ?? (aligned ? 'rollups' : 'raw');
  if (source === 'rollups' && !(await rollupsCurrent(db, tenant.id, thresholds))) {
    await rebuildRollups(db, tenant.id, {}, thresholds, now);
  }
  const q: FactQuery = {
    tenantId: tenant.id,
    from,
    to,
    filter: options.filter ?? {},
    offsetMs,
    excludeCampaigns: await excludedCampaigns(db, tenant.id),
    thresholds,
  };
  const facts = (group: Parameters<typeof queryFacts>[3]) => queryFacts(db, source, q, group);

  const total = totalOf(await facts(null));
  const hours = await facts('hour');
  const provinces = await facts('province');
  const carriers = await facts('carrier');
  const range = { tenantId: tenant.id, from, to };
  const spanMs = from !== null ? (to ?? now) - from : null;
  const values = await computeMetrics({
    db,
    range,
    now,
    settings,
    total,
    hours,
    provinces,
    carriers,
    spanMs,
  });
  const metrics: MetricResult[] = values.map((v) =>
    toResult(v, settings.thresholds[v.id] ?? { target: null, redLine: null, floor: null }),
  );

  // Breakdowns: the requested ones are reported; all but day feed the alerts' worst row.
  const labels = await loadLabels(db, tenant.id);
  const requested = options.by ?? [
    'agent',
    'team',
    'campaign',
    'queue',
    'province',
    'carrier',
    'hour',
  ];
  const wanted = new Set<BreakdownKey>([
    ...requested,
    'agent',
    'team',
    'campaign',
    'queue',
    'province',
    'carrier',
    'hour',
  ]);
  const all: Partial<Record<BreakdownKey, BreakdownRow[]>> = {};
  for (const by of wanted) {
    const rows =
      by === 'hour'
        ? hours
        : by === 'province'
          ? provinces
          : by === 'carrier'
            ? carriers
            : await facts(by);
    all[by] = breakdownRows(by, rows, labels);
  }
  const breakdowns = Object.fromEntries(requested.map((k) => [k, all[k] ?? []]));

  const weights = settings.weights[scenario];
  const card = buildScorecard(metrics, weights);
  const alerts = buildAlerts(metrics, {
    breakdowns: all,
    staffingLink: staffingLink(from, to, tenant.time_zone, settings),
  });
  const waitAlert = alerts.find((a) => a.metric === 'inbound_queue_wait');
  if (waitAlert && 'config' in deps) {
    waitAlert.action.plan = await peakPlan(deps, tenant.id, from, to, settings);
  }
  const trends = await buildTrends(deps, q, source, settings, options);

  return {
    tenant: { id: tenant.id, name: tenant.name, timeZone: tenant.time_zone },
    range: { from, to, fromIso: iso(from), toIso: iso(to) },
    scenario,
    source,
    overall: { score: card.overall, weights: { ...weights.dimensions }, note: card.note },
    dimensions: card.dimensions,
    metrics,
    breakdowns,
    alerts,
    trends,
    generatedAt: now,
  };
}

/** The WFM staffing plan (GET /api/wfm/plan from history) for the range at the peak-wait target. */
function staffingLink(
  from: number | null,
  to: number | null,
  timeZone: string,
  s: EvaluationSettings,
): string {
  const day = (ms: number): string =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(ms);
  const params = new URLSearchParams({
    fromHistory: 'true',
    intervalMinutes: '60',
    targetWait: String(s.thresholds.inbound_queue_wait?.redLine ?? 30),
    slSeconds: String(s.serviceLevelSeconds),
    ...(from !== null ? { from: day(from) } : {}),
    ...(to !== null ? { to: day(to - 1) } : {}),
  });
  return `/api/wfm/plan?${params.toString()}`;
}

/** The staffing the Erlang planner recommends for the busiest hour, in short. */
async function peakPlan(
  ctx: AppContext,
  tenantId: string,
  from: number | null,
  to: number | null,
  s: EvaluationSettings,
): Promise<Record<string, unknown> | undefined> {
  const plan = await planForPeak(ctx, tenantId, {
    ...(from !== null ? { from } : {}),
    ...(to !== null ? { to } : {}),
    targetWait: s.thresholds.inbound_queue_wait?.redLine ?? 30,
    slSeconds: s.serviceLevelSeconds,
  });
  if (!plan) return undefined;
  return {
    model: plan.model,
    weekdays: plan.weekdays,
    start: plan.start,
    end: plan.end,
    callsPerInterval: plan.calls,
    ahtSeconds: plan.aht,
    recommendedAgents: plan.agents,
    scheduledHeads: plan.scheduled,
    expectedMeanWaitSeconds: plan.meanWait,
    expectedServiceLevel: plan.serviceLevel,
    observedAgents: plan.atObservedStaffing?.agents ?? null,
    observedModelMeanWaitSeconds: plan.atObservedStaffing?.meanWait ?? null,
  };
}

async function buildTrends(
  deps: EvaluationDeps,
  q: FactQuery,
  source: FactSource,
  settings: EvaluationSettings,
  options: EvaluateOptions,
): Promise<EvaluationReport['trends']> {
  const out: EvaluationReport['trends'] = { day: {}, week: {} };
  for (const [kind, size, limit] of [
    ['day', DAY, options.trendDays ?? 31],
    ['week', WEEK, options.trendWeeks ?? 12],
  ] as const) {
    const rows =
      limit > 0
        ? (await queryFacts(deps.db, source, q, kind))
            .sort((a, b) => Number(a.key) - Number(b.key))
            .slice(-limit)
        : [];
    const series: Record<string, TrendPoint[]> = Object.fromEntries(
      CATALOGUE.map((c) => [c.id, [] as TrendPoint[]]),
    );
    for (const row of rows) {
      const index = Number(row.key);
      // Week keys count Monday-started weeks from 1969-12-29 (see rollups.repo keyExpr).
      const localStart = kind === 'day' ? index * DAY : index * WEEK - 3 * DAY;
      let pFrom = localStart - q.offsetMs;
      let pTo = pFrom + size;
      if (q.from !== null) pFrom = Math.max(pFrom, q.from);
      if (q.to !== null) pTo = Math.min(pTo, q.to);
      const values = await computeMetrics({
        db: deps.db,
        range: { tenantId: q.tenantId, from: pFrom, to: pTo },
        now: deps.clock.now(),
        settings,
        total: row,
        spanMs: pTo - pFrom,
        light: true,
      });
      const period = kind === 'day' ? dayLabel(index) : `${dayLabel(localStart / DAY)}/W`;
      for (const v of values) {
        const list = series[v.id];
        if (!list) continue;
        const prev = list.at(-1)?.value ?? null;
        list.push({
          period,
          from: pFrom,
          to: pTo,
          value: v.value,
          numerator: v.numerator,
          denominator: v.denominator,
          change:
            v.value !== null && prev !== null ? Math.round((v.value - prev) * 1e6) / 1e6 : null,
        });
      }
    }
    out[kind] = series;
  }
  return out;
}
