import type { CreateTableBuilder, Kysely } from 'kysely';

// The core domain model. Every table but incidents is scoped by tenant_id.
type Table = CreateTableBuilder<string, string>;

const tenantTable = (db: Kysely<unknown>, name: string): Table =>
  db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'users')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('users_tenant_username', ['tenant_id', 'username'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'teams')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'agents')
    .addColumn('user_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('extension', 'text')
    .addColumn('team_id', 'text')
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sip_password', 'text')
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'customers')
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('province', 'text')
    .addColumn('city', 'text')
    .addColumn('carrier', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'leads')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('pool', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('intent_level', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'tags')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'follow_ups')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('next_at', 'bigint')
    .execute();

  await tenantTable(db, 'deals')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('amount', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('closed_won_at', 'bigint')
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'tickets')
    .addColumn('customer_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_contact_resolution', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();

  await tenantTable(db, 'complaints')
    .addColumn('customer_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('call_center', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'survey_responses')
    .addColumn('call_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('csat', 'integer')
    .addColumn('nps', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'campaigns')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dial_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'campaign_entries')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('planned_at', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('final_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_result', 'text')
    .addColumn('next_attempt_at', 'bigint')
    .execute();

  let calls = tenantTable(db, 'call_records')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('caller', 'text')
    .addColumn('callee', 'text')
    .addColumn('callee_province', 'text')
    .addColumn('callee_city', 'text')
    .addColumn('callee_carrier', 'text');
  for (const ref of [
    'customer_id',
    'trunk_id',
    'caller_id_used',
    'campaign_id',
    'entry_id',
    'queue_id',
    'agent_id',
    'team_id',
  ]) {
    calls = calls.addColumn(ref, 'text');
  }
  calls = calls.addColumn('created_at', 'bigint', (c) => c.notNull());
  for (const instant of [
    'ring_at',
    'answer_at',
    'agent_answer_at',
    'end_at',
    'ivr_entry_at',
    'ivr_exit_at',
    'queue_entry_at',
    'queue_exit_at',
  ]) {
    calls = calls.addColumn(instant, 'bigint');
  }
  await calls
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('completed'))
    .addColumn('disposition', 'text')
    .addColumn('hangup_cause', 'text')
    .addColumn('sip_status', 'integer')
    .addColumn('core_info_delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acw_seconds', 'double precision')
    .addColumn('billed_seconds', 'double precision')
    .addColumn('billed_cost', 'double precision')
    .addColumn('loss_pct', 'double precision')
    .addColumn('jitter_ms', 'double precision')
    .addColumn('rtt_ms', 'double precision')
    .addColumn('mos', 'double precision')
    .addColumn('video_offered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('video_established', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recording_path', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text')
    .addColumn('component', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('recovered_at', 'bigint')
    .addColumn('note', 'text')
    .execute();

  await tenantTable(db, 'latency_samples')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text')
    .addColumn('value_ms', 'double precision', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('personal_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_scope', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('detail', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'import_runs')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kv')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('kv_pk', ['tenant_id', 'key'])
    .execute();

  const indexes: [string, string, string[], boolean?][] = [
    ['customers_phone', 'customers', ['tenant_id', 'phone_hash']],
    ['customers_ref', 'customers', ['tenant_id', 'external_ref'], true],
    ['leads_customer', 'leads', ['tenant_id', 'customer_id']],
    ['leads_pool', 'leads', ['tenant_id', 'pool', 'owner_user_id']],
    ['tags_customer', 'tags', ['tenant_id', 'customer_id']],
    ['follow_ups_lead', 'follow_ups', ['tenant_id', 'lead_id', 'at']],
    ['deals_customer', 'deals', ['tenant_id', 'customer_id']],
    ['deals_ref', 'deals', ['tenant_id', 'external_ref'], true],
    ['campaigns_ref', 'campaigns', ['tenant_id', 'external_ref'], true],
    ['entries_campaign', 'campaign_entries', ['tenant_id', 'campaign_id', 'state']],
    ['calls_time', 'call_records', ['tenant_id', 'created_at']],
    ['calls_customer', 'call_records', ['tenant_id', 'customer_id']],
    ['calls_ref', 'call_records', ['tenant_id', 'external_ref'], true],
    ['calls_status', 'call_records', ['status']],
    ['agents_ref', 'agents', ['tenant_id', 'external_ref'], true],
    ['agents_extension', 'agents', ['tenant_id', 'extension']],
    ['latency_kind', 'latency_samples', ['tenant_id', 'kind', 'at']],
    ['audit_time', 'audit_log', ['tenant_id', 'at']],
    ['complaints_time', 'complaints', ['tenant_id', 'created_at']],
    ['surveys_time', 'survey_responses', ['tenant_id', 'created_at']],
    ['import_runs_file', 'import_runs', ['tenant_id', 'kind', 'file_sha256']],
  ];
  for (const [name, table, columns, unique] of indexes) {
    let index = db.schema.createIndex(name).on(table).columns(columns);
    if (unique) index = index.unique();
    await index.execute();
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the core schema cannot be rolled back'));
}
