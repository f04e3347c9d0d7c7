import type { Kysely } from 'kysely';

// Dial-time compliance: do-not-call entries (the tenant's own list and the imported national
// refuse-calls list), opt-outs, the consent ledger, the attempt ledger behind frequency caps,
// abandon lockouts and caller-ID health, and the log of refused attempts. Numbers are stored
// only as the keyed hash (cipher.hash) plus a masked form for display; row types live in
// modules/compliance/compliance.tables.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dnc_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('dnc_entries_number', ['tenant_id', 'list', 'phone_hash'])
    .execute();

  await db.schema
    .createTable('opt_outs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('call_id', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dial_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('caller_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('abandoned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('talk_seconds', 'double precision')
    .execute();

  await db.schema
    .createTable('compliance_refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('caller_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  const indexes: [string, string, string[]][] = [
    ['dnc_entries_lookup', 'dnc_entries', ['tenant_id', 'phone_hash']],
    ['opt_outs_lookup', 'opt_outs', ['tenant_id', 'phone_hash', 'at']],
    ['consents_lookup', 'consents', ['tenant_id', 'phone_hash', 'granted_at']],
    ['dial_attempts_number', 'dial_attempts', ['tenant_id', 'phone_hash', 'at']],
    ['dial_attempts_caller_id', 'dial_attempts', ['tenant_id', 'caller_id', 'at']],
    ['compliance_refusals_time', 'compliance_refusals', ['tenant_id', 'at']],
  ];
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'compliance_refusals',
    'dial_attempts',
    'consents',
    'opt_outs',
    'dnc_entries',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
