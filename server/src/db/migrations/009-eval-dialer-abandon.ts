import { sql, type Kysely } from 'kysely';

// Two more call facts in the evaluation roll-ups: campaign calls answered, and those abandoned
// (answered, no agent within the connect limit) — the campaign abandon rate. Existing roll-up
// rows hold 0 for them, so the roll-up state is dropped: the next evaluation rebuilds them all.
const FACTS = ['dialer_answered', 'dialer_abandoned'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const fact of FACTS) {
    await db.schema
      .alterTable('eval_call_rollups')
      .addColumn(fact, 'double precision', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await sql`DELETE FROM kv WHERE key = 'evaluation.rollups'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const fact of FACTS) {
    await db.schema.alterTable('eval_call_rollups').dropColumn(fact).execute();
  }
  await sql`DELETE FROM kv WHERE key = 'evaluation.rollups'`.execute(db);
}
