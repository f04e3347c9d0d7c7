import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { ratio, round } from './call-metrics.ts';
import type { CallFacts } from './call-facts.ts';
import type { MetricValue } from './evaluation.types.ts';
import type { EvaluationSettings } from './settings.ts';

// Metrics over CRM rows (tags, deals, tickets, leads, follow-ups, campaign entries, surveys,
// complaints) and the cost settings. Each takes the tenant, [from, to) on the row's own time,
// and the call facts of the same range where the formula needs a call count.

export interface Range {
  tenantId: string;
  from: number | null;
  to: number | null;
}

const DAY = 86_400_000;

const rangeSql = (col: string, r: Range) =>
  sql.join(
    [
      sql`tenant_id = ${r.tenantId}`,
      ...(r.from !== null ? [sql`${sql.ref(col)} >= ${r.from}`] : []),
      ...(r.to !== null ? [sql`${sql.ref(col)} < ${r.to}`] : []),
    ],
    sql` AND `,
  );

async function one(
  db: Db,
  query: ReturnType<typeof sql<Record<string, unknown>>>,
): Promise<Record<string, number>> {
  const { rows } = await query.execute(db.kysely);
  const row = rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v ?? 0)]));
}

export async function intentRate(db: Db, r: Range, facts: CallFacts): Promise<MetricValue> {
  const row = await one(
    db,
    sql`SELECT COUNT(DISTINCT customer_id) AS n,
          COUNT(DISTINCT CASE WHEN level = 'high' THEN customer_id END) AS high,
          COUNT(DISTINCT CASE WHEN level = 'medium' THEN customer_id END) AS medium,
          COUNT(DISTINCT CASE WHEN level = 'low' THEN customer_id END) AS low
        FROM tags WHERE kind = 'intent' AND ${rangeSql('created_at', r)}`,
  );
  const n = row.n ?? 0;
  const v = ratio('intent_rate', n, facts.effective);
  if (n === 0) return { ...v, value: null, details: { note: 'no intent tags in the range' } };
  return {
    ...v,
    details: { levels: { high: row.high ?? 0, medium: row.medium ?? 0, low: row.low ?? 0 } },
  };
}

export async function dealConversionRate(
  db: Db,
  r: Range,
  s: EvaluationSettings,
): Promise<MetricValue> {
  const windowMs = s.attributionDays * DAY;
  const row = await one(
    db,
    sql`SELECT COUNT(DISTINCT t.customer_id) AS intents,
          COUNT(DISTINCT CASE WHEN EXISTS (
            SELECT 1 FROM deals d WHERE d.tenant_id = t.tenant_id AND d.customer_id = t.customer_id
              AND d.closed_won_at IS NOT NULL AND d.closed_won_at >= t.created_at
              AND d.closed_won_at < t.created_at + ${windowMs}) THEN t.customer_id END) AS won
        FROM tags t WHERE t.kind = 'intent' AND ${rangeSql('t.created_at', { ...r })}`,
  );
  const v = ratio('deal_conversion_rate', row.won ?? 0, row.intents ?? 0);
  const details: Record<string, unknown> = { attributionDays: s.attributionDays };
  if (v.value === null) {
    Object.assign(details, await supplementaryConversion(db, r));
    details.note = 'no intent tags: supplementary conversion figures in details';
  }
  return { ...v, details };
}

/** Conversion figures for data sets without intent tags (e.g. the bank telemarketing import). */
async function supplementaryConversion(db: Db, r: Range): Promise<Record<string, unknown>> {
  const won = await one(
    db,
    sql`SELECT COUNT(DISTINCT customer_id) AS customers, COUNT(*) AS deals
        FROM deals WHERE closed_won_at IS NOT NULL AND ${rangeSql('closed_won_at', r)}`,
  );
  if (!won.deals) return {};
  const calls = await one(
    db,
    sql`SELECT COUNT(DISTINCT customer_id) AS customers, COUNT(*) AS attempts,
          SUM(CASE WHEN direction = 'outbound' THEN 1 ELSE 0 END) AS outbound
        FROM call_records WHERE ${rangeSql('created_at', r)}`,
  );
  const contacted = calls.customers ?? 0;
  const attempts = calls.outbound ?? 0;
  return {
    closedWonCustomers: won.customers,
    contactedCustomers: contacted,
    wonPerContactedCustomer: contacted > 0 ? round((won.customers ?? 0) / contacted) : null,
    outboundAttempts: attempts,
    wonPerAttempt: attempts > 0 ? round((won.customers ?? 0) / attempts) : null,
  };
}

export async function resolutionRate(db: Db, r: Range): Promise<MetricValue> {
  const row = await one(
    db,
    sql`SELECT COUNT(*) AS n, SUM(resolved) AS resolved, SUM(first_contact_resolution) AS fcr
        FROM tickets WHERE ${rangeSql('created_at', r)}`,
  );
  const v = ratio('resolution_rate', row.resolved ?? 0, row.n ?? 0);
  return {
    ...v,
    details: {
      firstContactResolution: (row.n ?? 0) > 0 ? round((row.fcr ?? 0) / (row.n ?? 1)) : null,
    },
  };
}

export async function leadFollowupRate(
  db: Db,
  r: Range,
  s: EvaluationSettings,
  effectiveTalkMs: number,
): Promise<MetricValue> {
  const windowMs = s.followUpDays * DAY;
  const sources = s.callCenterLeadSources.length > 0 ? s.callCenterLeadSources : ['call'];
  const row = await one(
    db,
    sql`SELECT COUNT(*) AS n, SUM(CASE WHEN EXISTS (
            SELECT 1 FROM follow_ups f WHERE f.tenant_id = l.tenant_id
              AND (f.lead_id = l.id OR f.customer_id = l.customer_id)
              AND f.at >= l.created_at AND f.at < l.created_at + ${windowMs})
          OR EXISTS (
            SELECT 1 FROM call_records c WHERE c.tenant_id = l.tenant_id AND c.customer_id = l.customer_id
              AND c.created_at >= l.created_at AND c.created_at < l.created_at + ${windowMs}
              AND c.answer_at IS NOT NULL
              AND ((c.end_at IS NOT NULL AND c.end_at - c.answer_at >= ${effectiveTalkMs}) OR c.core_info_delivered = 1))
          THEN 1 ELSE 0 END) AS followed
        FROM leads l WHERE l.source IN (${sql.join(sources)}) AND ${rangeSql('l.created_at', r)}`,
  );
  return {
    ...ratio('lead_followup_rate', row.followed ?? 0, row.n ?? 0),
    details: { windowDays: s.followUpDays, leadSources: sources },
  };
}

/** Operating cost of the range: billed telecom cost + seat and cloud fees pro-rated by time. */
export function operatingCost(
  s: EvaluationSettings,
  facts: CallFacts,
  spanMs: number | null,
): { total: number | null; telecom: number | null; fees: number | null } {
  const c = s.cost;
  // Rounded: float sums differ in the last bits between roll-ups and a raw scan.
  const telecom = facts.billed_n > 0 ? round(facts.billed_cost, 6) : null;
  const monthly = (c.seatFeePerMonth ?? 0) * (c.seats ?? 0) + (c.cloudFeePerMonth ?? 0);
  const fees = monthly > 0 && spanMs !== null ? (monthly * spanMs) / (30 * DAY) : null;
  const total = telecom === null && fees === null ? null : (telecom ?? 0) + (fees ?? 0);
  return {
    total: total === null ? null : round(total, 4),
    telecom,
    fees: fees === null ? null : round(fees, 4),
  };
}

export function unitCallCost(
  s: EvaluationSettings,
  facts: CallFacts,
  spanMs: number | null,
): MetricValue {
  const cost = operatingCost(s, facts, spanMs);
  if (cost.total === null) {
    return {
      id: 'unit_call_cost',
      value: null,
      numerator: null,
      denominator: facts.calls,
      details: { note: 'no billed cost on calls and no seat / cloud fees configured' },
    };
  }
  const v = ratio('unit_call_cost', cost.total, facts.calls);
  return {
    ...v,
    value: v.value === null ? null : round(v.value, 4),
    details: { ...cost, traditionalCostPerCall: s.cost.traditionalCostPerCall ?? null },
  };
}

export async function roi(
  db: Db,
  r: Range,
  s: EvaluationSettings,
  facts: CallFacts,
  spanMs: number | null,
): Promise<MetricValue> {
  const row = await one(
    db,
    sql`SELECT COUNT(*) AS n, SUM(amount) AS revenue FROM deals
        WHERE closed_won_at IS NOT NULL AND call_id IS NOT NULL AND ${rangeSql('closed_won_at', r)}`,
  );
  const cost = operatingCost(s, facts, spanMs).total;
  if (cost === null || cost <= 0) {
    return {
      id: 'roi',
      value: null,
      numerator: null,
      denominator: cost,
      details: { revenue: row.revenue ?? 0, deals: row.n ?? 0, note: 'operating cost unknown' },
    };
  }
  const revenue = row.revenue ?? 0;
  return { ...ratio('roi', revenue - cost, cost), details: { revenue, deals: row.n ?? 0 } };
}

export async function repeatConversionRate(db: Db, r: Range): Promise<MetricValue> {
  if (r.from === null) {
    return {
      id: 'repeat_conversion_rate',
      value: null,
      numerator: 0,
      denominator: 0,
      details: { note: 'needs a range: existing customers are those won before it starts' },
    };
  }
  const row = await one(
    db,
    sql`SELECT COUNT(DISTINCT c.customer_id) AS existing,
          COUNT(DISTINCT CASE WHEN EXISTS (
            SELECT 1 FROM deals n WHERE n.tenant_id = c.tenant_id AND n.customer_id = c.customer_id
              AND n.call_id IS NOT NULL AND n.closed_won_at IS NOT NULL AND n.closed_won_at >= ${r.from}
              ${r.to !== null ? sql`AND n.closed_won_at < ${r.to}` : sql``}) THEN c.customer_id END) AS repeat
        FROM call_records c
        WHERE ${rangeSql('c.created_at', r)} AND c.customer_id IN (
          SELECT d.customer_id FROM deals d WHERE d.tenant_id = ${r.tenantId}
            AND d.closed_won_at IS NOT NULL AND d.closed_won_at < ${r.from})`,
  );
  return ratio('repeat_conversion_rate', row.repeat ?? 0, row.existing ?? 0);
}

export async function outboundTaskCompletionRate(db: Db, r: Range): Promise<MetricValue> {
  const row = await one(
    db,
    sql`SELECT COUNT(*) AS n, SUM(final) AS done FROM campaign_entries WHERE ${rangeSql('planned_at', r)}`,
  );
  return ratio('outbound_task_completion_rate', row.done ?? 0, row.n ?? 0);
}

export async function surveys(db: Db, r: Range): Promise<[MetricValue, MetricValue]> {
  const row = await one(
    db,
    sql`SELECT SUM(CASE WHEN csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_n,
          SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END) AS satisfied,
          SUM(CASE WHEN nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_n,
          SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) AS promoters,
          SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) AS detractors
        FROM survey_responses WHERE ${rangeSql('created_at', r)}`,
  );
  const n = row.nps_n ?? 0;
  const net = (row.promoters ?? 0) - (row.detractors ?? 0);
  return [
    ratio('csat', row.satisfied ?? 0, row.csat_n ?? 0),
    {
      id: 'nps',
      value: n > 0 ? round((net / n) * 100, 3) : null,
      numerator: net,
      denominator: n,
      details: { promoters: row.promoters ?? 0, detractors: row.detractors ?? 0 },
    },
  ];
}

export interface ComplaintCounts {
  callCenter: number;
  harassment: number;
  /** False when the tenant never recorded a complaint: the rates are then "no data", not 0. */
  tracked: boolean;
}

export async function complaintCounts(db: Db, r: Range): Promise<ComplaintCounts> {
  const row = await one(
    db,
    sql`SELECT SUM(CASE WHEN call_center = 1 THEN 1 ELSE 0 END) AS cc,
          SUM(CASE WHEN type = 'harassment' THEN 1 ELSE 0 END) AS har
        FROM complaints WHERE ${rangeSql('created_at', r)}`,
  );
  const any = await db.kysely
    .selectFrom('complaints')
    .select('id')
    .where('tenant_id', '=', r.tenantId)
    .limit(1)
    .executeTakeFirst();
  return { callCenter: row.cc ?? 0, harassment: row.har ?? 0, tracked: any !== undefined };
}

const untracked = (v: MetricValue): MetricValue => ({
  ...v,
  value: null,
  details: {
    note: 'no complaint has ever been recorded for this tenant: complaints are not tracked',
  },
});

export function complaintRate(c: ComplaintCounts, facts: CallFacts): MetricValue {
  const v = ratio('complaint_rate', c.callCenter, facts.calls);
  return c.tracked ? v : untracked(v);
}

export function harassmentRate(c: ComplaintCounts, facts: CallFacts): MetricValue {
  const v = ratio('harassment_rate', c.harassment, facts.outbound);
  return c.tracked ? v : untracked(v);
}
