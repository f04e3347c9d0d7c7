import type { Db } from '../../db/index.ts';
import {
  averageHandleTime,
  connectionRate,
  effectiveConnectionRate,
  effectiveTalkTimePerAgent,
  handledCallsPerAgent,
  inboundQueueWait,
  ratio,
  videoConnectionRate,
  voiceClarity,
} from './call-metrics.ts';
import type { BreakdownKey, BreakdownRow, MetricValue } from './evaluation.types.ts';
import type { FactRow } from './rollups.repo.ts';

// Breakdown rows: the call-record metrics per agent / team / campaign / queue / province /
// carrier / hour of day / day. Metrics over other tables are reported for the whole range only.

export const BREAKDOWN_METRICS = [
  'connection_rate',
  'effective_connection_rate',
  'effective_talk_time_per_agent',
  'handled_calls_per_agent',
  'average_handle_time',
  'inbound_queue_wait',
  'abandonment_rate',
  'campaign_abandon_rate',
  'voice_clarity',
  'video_connection_rate',
  'calls',
] as const;

function rowMetrics(r: FactRow): MetricValue[] {
  const f = r.facts;
  return [
    connectionRate(r),
    effectiveConnectionRate(f),
    effectiveTalkTimePerAgent(r),
    handledCallsPerAgent(r),
    averageHandleTime(f),
    inboundQueueWait(f, null),
    ratio('abandonment_rate', f.abandoned, f.served + f.abandoned),
    // Dialer abandons (answered, no agent within the connect limit), as on connection_rate.
    ratio('campaign_abandon_rate', f.dialer_abandoned, f.dialer_answered),
    voiceClarity(f),
    videoConnectionRate(f),
    { id: 'calls', value: f.calls, numerator: f.calls, denominator: 1 },
  ];
}

export interface Labels {
  agents: Map<string, string>;
  teams: Map<string, string>;
  campaigns: Map<string, string>;
}

export async function loadLabels(db: Db, tenantId: string): Promise<Labels> {
  const [agents, teams, campaigns] = await Promise.all([
    db.kysely
      .selectFrom('agents')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db.kysely
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db.kysely
      .selectFrom('campaigns')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  return {
    agents: new Map(agents.map((a) => [a.id, a.name])),
    teams: new Map(teams.map((t) => [t.id, t.name])),
    campaigns: new Map(campaigns.map((c) => [c.id, c.name])),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local date of an epoch-day index (days since 1970-01-01 in the tenant's time zone). */
export const dayLabel = (day: number): string =>
  new Date(day * 86_400_000).toISOString().slice(0, 10);

export function labelOf(by: BreakdownKey, key: string, labels: Labels): string {
  if (key === '') return '（无）none';
  switch (by) {
    case 'agent':
      return labels.agents.get(key) ?? key;
    case 'team':
      return labels.teams.get(key) ?? key;
    case 'campaign':
      return labels.campaigns.get(key) ?? key;
    case 'hour':
      return `${pad(Number(key))}:00–${pad(Number(key) + 1)}:00`;
    case 'day':
      return dayLabel(Number(key));
    case 'queue':
    case 'province':
    case 'carrier':
      return key;
  }
}

export function breakdownRows(by: BreakdownKey, rows: FactRow[], labels: Labels): BreakdownRow[] {
  return rows
    .map((r) => ({
      key: r.key,
      label: labelOf(by, r.key, labels),
      metrics: Object.fromEntries(
        rowMetrics(r).map((m) => [
          m.id,
          { value: m.value, numerator: m.numerator, denominator: m.denominator },
        ]),
      ),
    }))
    .sort((a, b) =>
      by === 'hour' || by === 'day' ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key),
    );
}
