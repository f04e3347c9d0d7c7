import type { Kysely } from 'kysely';

// Indexes behind the CRM lists (newest first per tenant), session clean-up per user and the
// audit log's denied-access view.
const INDEXES: [string, string, string[]][] = [
  ['customers_created', 'customers', ['tenant_id', 'created_at']],
  ['leads_updated', 'leads', ['tenant_id', 'updated_at']],
  ['sessions_user', 'sessions', ['user_id']],
  ['audit_outcome', 'audit_log', ['tenant_id', 'outcome', 'at']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
