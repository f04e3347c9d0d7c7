import type { Kysely } from 'kysely';

// Callbacks that keep the caller's place in the queue (virtual hold): why a task is still open
// (e.g. no outbound trunk), which agent took it and the call that dialled the customer back.
// Row type: modules/calls/calls.tables.ts (CallbackTaskTable).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('callback_tasks').addColumn('note', 'text').execute();
  await db.schema.alterTable('callback_tasks').addColumn('agent_id', 'text').execute();
  await db.schema.alterTable('callback_tasks').addColumn('callback_call_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['callback_call_id', 'agent_id', 'note'])
    await db.schema.alterTable('callback_tasks').dropColumn(column).execute();
}
