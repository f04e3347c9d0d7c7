import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/index.ts';
import { FACT_NAMES, factExpressions, type CallFacts, type FactThresholds } from './call-facts.ts';

// Two sources of the same call facts: the incremental roll-up table (what dashboards read) and a
// raw scan of call_records (what the roll-ups are checked against, and the benchmark baseline).

export type FactSource = 'rollups' | 'raw';
/** Grouping of a facts query: a breakdown key, or week (trends), or none. */
export type FactGroup =
  'agent' | 'team' | 'campaign' | 'queue' | 'province' | 'carrier' | 'hour' | 'day' | 'week';

export type FactFilter = Partial<
  Record<'agent' | 'team' | 'campaign' | 'queue' | 'province' | 'carrier', string>
>;

export interface FactQuery {
  tenantId: string;
  from: number | null;
  to: number | null;
  filter: FactFilter;
  /** Fixed UTC offset of the tenant's time zone, for hour-of-day / day / week grouping. */
  offsetMs: number;
  /** Campaigns whose attempt outcomes are unknown: left out of the connection-rate counts. */
  excludeCampaigns: string[];
  thresholds: FactThresholds;
}

export interface FactRow {
  key: string;
  facts: CallFacts;
  /** Distinct agents who handled calls. */
  agents: number;
  /** Distinct local days with handled calls. */
  activeDays: number;
  /** Outbound attempts / answered with known outcome, campaigns of excludeCampaigns left out. */
  connAttempts: number;
  connAnswered: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Key value marking the columns a roll-up grain does not keep (no real key is '*'). */
const GRAIN_MARK = '*';

const RAW_KEYS = {
  agent: 'agent_id',
  team: 'team_id',
  campaign: 'campaign_id',
  queue: 'queue_id',
  province: 'callee_province',
  carrier: 'callee_carrier',
} as const;
const ROLLUP_KEYS = {
  agent: 'agent_id',
  team: 'team_id',
  campaign: 'campaign_id',
  queue: 'queue_id',
  province: 'province',
  carrier: 'carrier',
} as const;

function keyExpr(source: FactSource, group: FactGroup | null, offsetMs: number): string {
  const ts = source === 'raw' ? 'created_at' : 'hour_start';
  const off = String(Math.round(offsetMs));
  switch (group) {
    case null:
      return "''";
    case 'hour':
      return `((${ts} + ${off}) % ${DAY}) / ${HOUR}`;
    case 'day':
      return `(${ts} + ${off}) / ${DAY}`;
    case 'week':
      // Epoch day 0 was a Thursday; +3 days makes weeks start on Monday.
      return `(${ts} + ${off} + ${3 * DAY}) / ${7 * DAY}`;
    case 'agent':
    case 'team':
    case 'campaign':
    case 'queue':
    case 'province':
    case 'carrier':
      return source === 'raw' ? `COALESCE(${RAW_KEYS[group]}, '')` : ROLLUP_KEYS[group];
  }
}

function whereClause(source: FactSource, q: FactQuery): RawBuilder<unknown> {
  const ts = source === 'raw' ? 'created_at' : 'hour_start';
  const parts: RawBuilder<unknown>[] = [sql`tenant_id = ${q.tenantId}`];
  if (q.from !== null) parts.push(sql`${sql.raw(ts)} >= ${q.from}`);
  if (q.to !== null) parts.push(sql`${sql.raw(ts)} < ${q.to}`);
  for (const [k, v] of Object.entries(q.filter) as [keyof FactFilter, string | undefined][]) {
    if (v === undefined) continue;
    const col = source === 'raw' ? `COALESCE(${RAW_KEYS[k]}, '')` : ROLLUP_KEYS[k];
    parts.push(sql`${sql.raw(col)} = ${v}`);
  }
  return sql.join(parts, sql` AND `);
}

/** Sums of every fact for [from, to) grouped by one key; ranges must be hour-aligned for roll-ups. */
export async function queryFacts(
  db: Db,
  source: FactSource,
  q: FactQuery,
  group: FactGroup | null,
): Promise<FactRow[]> {
  const exprs = factExpressions(q.thresholds);
  // Callee province / carrier live in the second roll-up grain, which has no agents: per-agent
  // figures are not broken down by callee region (on either source, so both agree).
  const regional =
    group === 'province' ||
    group === 'carrier' ||
    q.filter.province !== undefined ||
    q.filter.carrier !== undefined;
  if (
    regional &&
    source === 'rollups' &&
    (group === 'agent' ||
      group === 'team' ||
      group === 'queue' ||
      q.filter.agent !== undefined ||
      q.filter.team !== undefined ||
      q.filter.queue !== undefined)
  ) {
    return queryFacts(db, 'raw', q, group);
  }
  const cell = (n: (typeof FACT_NAMES)[number]): string => (source === 'raw' ? `(${exprs[n]})` : n);
  const ts = source === 'raw' ? 'created_at' : 'hour_start';
  const handled = source === 'raw' ? `(${exprs.handled}) = 1` : 'handled > 0';
  const agentCol = source === 'raw' ? "COALESCE(agent_id, '')" : 'agent_id';
  const campaignCol = source === 'raw' ? "COALESCE(campaign_id, '')" : 'campaign_id';
  const excluded =
    q.excludeCampaigns.length > 0
      ? sql`${sql.raw(campaignCol)} IN (${sql.join(q.excludeCampaigns)})`
      : sql`1 = 0`;
  const key = keyExpr(source, group, q.offsetMs);
  const sums = FACT_NAMES.map((n) => `SUM(${cell(n)}) AS ${n}`).join(', ');
  const table = source === 'raw' ? 'call_records' : 'eval_call_rollups';
  const query = sql<Record<string, unknown>>`
    SELECT ${sql.raw(key)} AS k, ${sql.raw(sums)},
      ${regional ? sql`0` : sql`COUNT(DISTINCT CASE WHEN ${sql.raw(handled)} AND ${sql.raw(agentCol)} <> '' THEN ${sql.raw(agentCol)} END)`} AS agents_n,
      COUNT(DISTINCT CASE WHEN ${sql.raw(handled)} THEN (${sql.raw(ts)} + ${sql.raw(String(Math.round(q.offsetMs)))}) / ${sql.raw(String(DAY))} END) AS days_n,
      SUM(CASE WHEN ${excluded} THEN 0 ELSE ${sql.raw(cell('out_known'))} END) AS conn_n,
      SUM(CASE WHEN ${excluded} THEN 0 ELSE ${sql.raw(cell('out_known_answered'))} END) AS conn_a
    FROM ${sql.raw(table)}
    WHERE ${whereClause(source, q)}${source === 'rollups' ? (regional ? sql` AND agent_id = ${GRAIN_MARK}` : sql` AND province = ${GRAIN_MARK}`) : sql``}
    ${group === null ? sql`` : sql`GROUP BY ${sql.raw(key)}`}`;
  const { rows } = await query.execute(db.kysely);
  return rows
    .filter((r) => Number(r.calls ?? 0) > 0)
    .map((r) => {
      const facts = {} as CallFacts;
      for (const n of FACT_NAMES) facts[n] = Number(r[n] ?? 0);
      return {
        key: String(r.k),
        facts,
        agents: Number(r.agents_n ?? 0),
        activeDays: Number(r.days_n ?? 0),
        connAttempts: Number(r.conn_n ?? 0),
        connAnswered: Number(r.conn_a ?? 0),
      };
    });
}

const ROLLUP_STATE_KEY = 'evaluation.rollups';

interface RollupState {
  effectiveTalkMs: number;
  serviceLevelMs: number;
}

/** True when the roll-ups exist and were built with these thresholds. */
export async function rollupsCurrent(
  db: Db,
  tenantId: string,
  t: FactThresholds,
): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('kv')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', ROLLUP_STATE_KEY)
    .executeTakeFirst();
  if (!row) return false;
  const state = JSON.parse(row.value) as RollupState;
  return state.effectiveTalkMs === t.effectiveTalkMs && state.serviceLevelMs === t.serviceLevelMs;
}

/**
 * Recomputes the roll-up hours that [from, to) touches (all hours without a range) from
 * call_records. Idempotent; a full rebuild happens instead when the thresholds the roll-ups were
 * built with changed.
 */
export async function rebuildRollups(
  db: Db,
  tenantId: string,
  range: { from?: number | null; to?: number | null },
  t: FactThresholds,
  now: number,
): Promise<{ hours: number | null; rebuilt: boolean }> {
  const full = !(await rollupsCurrent(db, tenantId, t));
  const from = full || range.from == null ? null : Math.floor(range.from / HOUR) * HOUR;
  const to = full || range.to == null ? null : Math.ceil(range.to / HOUR) * HOUR;
  const exprs = factExpressions(t);
  const keys = [
    'agent_id',
    'team_id',
    'campaign_id',
    'queue_id',
    'direction',
    'province',
    'carrier',
  ];
  const mark = `'${GRAIN_MARK}'`;
  // Grain A: hour × agent × team × campaign × queue × direction (province, carrier = mark).
  // Grain B: hour × campaign × direction × province × carrier (agent, team, queue = mark).
  const grains = [
    [
      "COALESCE(agent_id, '')",
      "COALESCE(team_id, '')",
      "COALESCE(campaign_id, '')",
      "COALESCE(queue_id, '')",
      'direction',
      mark,
      mark,
    ],
    [
      mark,
      mark,
      "COALESCE(campaign_id, '')",
      mark,
      'direction',
      "COALESCE(callee_province, '')",
      "COALESCE(callee_carrier, '')",
    ],
  ];
  const hourExpr = `created_at - (created_at % ${HOUR})`;
  const range2 = (col: string): RawBuilder<unknown> =>
    sql.join(
      [
        sql`tenant_id = ${tenantId}`,
        ...(from !== null ? [sql`${sql.raw(col)} >= ${from}`] : []),
        ...(to !== null ? [sql`${sql.raw(col)} < ${to}`] : []),
      ],
      sql` AND `,
    );
  await db.kysely.transaction().execute(async (trx) => {
    await sql`DELETE FROM eval_call_rollups WHERE ${range2('hour_start')}`.execute(trx);
    for (const keySelect of grains) {
      const groupBy = keySelect.filter((k) => k !== mark);
      await sql`
        INSERT INTO eval_call_rollups (tenant_id, hour_start, ${sql.raw(keys.join(', '))}, ${sql.raw(FACT_NAMES.join(', '))})
        SELECT tenant_id, ${sql.raw(hourExpr)}, ${sql.raw(keySelect.join(', '))},
          ${sql.raw(FACT_NAMES.map((n) => `SUM(${exprs[n]})`).join(', '))}
        FROM call_records
        WHERE ${range2('created_at')}
        GROUP BY tenant_id, ${sql.raw(hourExpr)}, ${sql.raw(groupBy.join(', '))}`.execute(trx);
    }
    if (full) {
      const value = JSON.stringify({ ...t, builtAt: now } satisfies RollupState & {
        builtAt: number;
      });
      await trx
        .deleteFrom('kv')
        .where('tenant_id', '=', tenantId)
        .where('key', '=', ROLLUP_STATE_KEY)
        .execute();
      await trx
        .insertInto('kv')
        .values({ tenant_id: tenantId, key: ROLLUP_STATE_KEY, value, updated_at: now })
        .execute();
    }
  });
  return { hours: from !== null && to !== null ? (to - from) / HOUR : null, rebuilt: full };
}
