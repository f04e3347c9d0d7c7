import type { Kysely } from 'kysely';

// Inbound telephony: service numbers (a dialled number → an IVR flow), queues (routing skill,
// ring timeout, max wait, overflow, recording policy) and callback tasks (a caller who chose a
// callback instead of holding). Agents' SIP accounts use agents.extension / agents.sip_password.
// Row types live in modules/calls/calls.tables.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_numbers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('callback_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text')
    .addColumn('queue_id', 'text')
    .addColumn('caller', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('waited_ms', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('callback_tasks_open')
    .on('callback_tasks')
    .columns(['tenant_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('callback_tasks').execute();
  await db.schema.dropTable('queues').execute();
  await db.schema.dropTable('service_numbers').execute();
}
