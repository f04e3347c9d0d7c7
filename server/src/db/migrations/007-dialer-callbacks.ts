import type { Kysely } from 'kysely';

// Callbacks an agent schedules on a campaign's list entry ("call me tomorrow at 3"): who promised
// it, when it is due, and whether it still stands. The entry itself waits in state 'callback'
// with next_attempt_at = due_at; its prior state is kept to restore on cancel. Row type: modules/dialer/campaigns/callbacks.tables.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('prior_state', 'text', (c) => c.notNull())
    .addColumn('prior_next_attempt_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('campaign_callbacks_user')
    .on('campaign_callbacks')
    .columns(['tenant_id', 'user_id', 'due_at'])
    .execute();
  await db.schema
    .createIndex('campaign_callbacks_entry')
    .on('campaign_callbacks')
    .columns(['tenant_id', 'entry_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('campaign_callbacks').ifExists().execute();
}
