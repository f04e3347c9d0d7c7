import type { Db } from '../../../db/index.ts';
import { FINAL_STATES } from './retry.ts';

// A campaign's outcome figures from its call records and list entries, with the definitions of
// METRICS.md: connection rate (answered ÷ attempts), effective connection rate (answered with
// talk ≥ 30 s or core information delivered ÷ answered), abandon rate (answered, not connected to
// an agent ÷ answered: the pacing cap's definition) and task completion (entries in a final
// state ÷ entries). A rate without a denominator is null ("no data").

export interface CampaignReport {
  campaignId: string;
  entries: number;
  finalEntries: number;
  entriesByState: Record<string, number>;
  attempts: number;
  answered: number;
  connected: number;
  abandoned: number;
  effective: number;
  connectionRate: number | null;
  effectiveConnectionRate: number | null;
  abandonRate: number | null;
  taskCompletionRate: number | null;
  billedCost: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export async function campaignReport(
  db: Db,
  tenantId: string,
  campaignId: string,
): Promise<CampaignReport> {
  const [calls, entries] = await Promise.all([
    db.kysely
      .selectFrom('call_records')
      .select([
        'answer_at',
        'agent_answer_at',
        'end_at',
        'core_info_delivered',
        'billed_cost',
        'disposition',
      ])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .where('direction', '=', 'outbound')
      .execute(),
    db.kysely
      .selectFrom('campaign_entries')
      .select(['state', 'final'])
      .where('tenant_id', '=', tenantId)
      .where('campaign_id', '=', campaignId)
      .execute(),
  ]);
  let answered = 0;
  let connected = 0;
  let effective = 0;
  let billedCost = 0;
  for (const c of calls) {
    billedCost += Number(c.billed_cost ?? 0);
    if (c.answer_at === null) continue;
    answered += 1;
    if (c.agent_answer_at !== null) connected += 1;
    const talk = c.end_at !== null ? (Number(c.end_at) - Number(c.answer_at)) / 1000 : 0;
    if (talk >= 30 || Number(c.core_info_delivered) === 1) effective += 1;
  }
  const byState: Record<string, number> = {};
  let finals = 0;
  for (const e of entries) {
    byState[e.state] = (byState[e.state] ?? 0) + 1;
    if (Number(e.final) === 1 && (FINAL_STATES as readonly string[]).includes(e.state)) finals += 1;
  }
  const abandoned = answered - connected;
  return {
    campaignId,
    entries: entries.length,
    finalEntries: finals,
    entriesByState: byState,
    attempts: calls.length,
    answered,
    connected,
    abandoned,
    effective,
    connectionRate: ratio(answered, calls.length),
    effectiveConnectionRate: ratio(effective, answered),
    abandonRate: ratio(abandoned, answered),
    taskCompletionRate: ratio(finals, entries.length),
    billedCost: Math.round(billedCost * 10_000) / 10_000,
  };
}
