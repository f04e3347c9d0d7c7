import type { Kysely } from 'kysely';

// Evaluation roll-ups: per tenant × hour × agent × team × campaign × queue × direction × callee
// province × carrier, the sums every call-record metric needs (modules/evaluation/call-facts.ts
// names them). Keys use '' for "none" so that the primary key can cover them. Sums are doubles:
// exact for integers below 2^53 and free of bigint/numeric differences between the dialects.
const FACTS = [
  'calls',
  'outbound',
  'out_known',
  'out_known_answered',
  'answered',
  'talked',
  'talk_ms',
  'short_calls',
  'effective',
  'effective_talk_ms',
  'handled',
  'handle_n',
  'handle_ms',
  'acw_n',
  'acw_s',
  'queued',
  'requests',
  'served',
  'abandoned',
  'wait_ms',
  'served_in_sl',
  'abandon_wait_ms',
  'w_0',
  'w_10',
  'w_20',
  'w_30',
  'w_60',
  'w_120',
  'w_300',
  'w_more',
  'quality_n',
  'clear_n',
  'mos_sum',
  'loss_n',
  'loss_sum',
  'jitter_n',
  'jitter_sum',
  'rtt_n',
  'rtt_sum',
  'video_offered',
  'video_established',
  'billed_n',
  'billed_cost',
  'billed_seconds',
];

const KEYS = ['agent_id', 'team_id', 'campaign_id', 'queue_id', 'direction', 'province', 'carrier'];

export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('eval_call_rollups')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('hour_start', 'bigint', (c) => c.notNull());
  for (const key of KEYS) table = table.addColumn(key, 'text', (c) => c.notNull().defaultTo(''));
  for (const fact of FACTS) {
    table = table.addColumn(fact, 'double precision', (c) => c.notNull().defaultTo(0));
  }
  await table
    .addPrimaryKeyConstraint('eval_call_rollups_pk', ['tenant_id', 'hour_start', ...KEYS] as never)
    .execute();

  // Range look-ups of the evaluation queries on the CRM tables (the core schema indexes calls,
  // complaints, surveys, latency samples and the audit log by time already).
  const indexes: [string, string, string[]][] = [
    ['eval_tags_time', 'tags', ['tenant_id', 'kind', 'created_at']],
    ['eval_leads_time', 'leads', ['tenant_id', 'created_at']],
    ['eval_deals_won', 'deals', ['tenant_id', 'closed_won_at']],
    ['eval_tickets_time', 'tickets', ['tenant_id', 'created_at']],
    ['eval_entries_planned', 'campaign_entries', ['tenant_id', 'planned_at']],
    ['eval_follow_ups_customer', 'follow_ups', ['tenant_id', 'customer_id', 'at']],
  ];
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eval_call_rollups').execute();
}
