import type { Db } from '../../db/index.ts';
import type { InboundFacts } from './forecast.ts';

const DAY_MS = 86_400_000;

/** Latest and earliest creation instants of the tenant's finished inbound calls. */
export async function inboundSpan(
  db: Db,
  tenantId: string,
): Promise<{ first: number; last: number } | null> {
  const row = await db.kysely
    .selectFrom('call_records')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('tenant_id', '=', tenantId)
    .where('direction', '=', 'inbound')
    .where('status', '!=', 'active')
    .executeTakeFirst();
  if (!row || row.first === null || row.last === null) return null;
  return { first: Number(row.first), last: Number(row.last) };
}

/**
 * Finished inbound calls that asked for an agent between `from` and `to` (UTC ms). The query
 * runs on the (tenant_id, created_at) index with a day of margin, since a call asks for an agent
 * after it was created; the forecast filters the exact local days.
 */
export async function loadInboundFacts(
  db: Db,
  tenantId: string,
  from: number,
  to: number,
): Promise<InboundFacts[]> {
  return db.kysely
    .selectFrom('call_records')
    .select([
      'queue_entry_at',
      'queue_exit_at',
      'agent_answer_at',
      'end_at',
      'acw_seconds',
      'agent_id',
    ])
    .where('tenant_id', '=', tenantId)
    .where('direction', '=', 'inbound')
    .where('status', '!=', 'active')
    .where('created_at', '>=', from - DAY_MS)
    .where('created_at', '<', to)
    .where((eb) =>
      eb.or([eb('queue_entry_at', 'is not', null), eb('agent_answer_at', 'is not', null)]),
    )
    .execute();
}
