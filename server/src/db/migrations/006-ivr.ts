import type { Kysely } from 'kysely';

// IVR flows, versioned per tenant: saving a flow adds a version and makes it the active one;
// older versions stay for audit and rollback. Row type: modules/ivr/ivr.tables.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ivr_flows')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ivr_flows_pk', ['tenant_id', 'flow_id', 'version'])
    .execute();
  await db.schema
    .createIndex('ivr_flows_active')
    .on('ivr_flows')
    .columns(['tenant_id', 'flow_id', 'active'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ivr_flows').ifExists().execute();
}
