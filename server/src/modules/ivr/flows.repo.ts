// Versioned IVR flow storage per tenant: saving validates, adds version n+1 and makes it the
// active one in one transaction; activateIvrFlowVersion rolls back to an older version.
import type { Db } from '../../db/index.ts';
import { conflict, notFound } from '../../platform/index.ts';
import { parseIvrFlow, type IvrFlow } from './flow.schema.ts';
import { ivrDb, type IvrFlowTable } from './ivr.tables.ts';

export interface IvrFlowVersion {
  flowId: string;
  version: number;
  name: string;
  active: boolean;
  createdBy: string | null;
  createdAt: number;
  flow: IvrFlow;
}

const toVersion = (row: IvrFlowTable): IvrFlowVersion => ({
  flowId: row.flow_id,
  version: Number(row.version),
  name: row.name,
  active: Number(row.active) === 1,
  createdBy: row.created_by,
  createdAt: Number(row.created_at),
  flow: JSON.parse(row.json) as IvrFlow,
});

/** Validates (throws AppError ivr_flow_invalid naming the bad path) and stores a new version. */
export async function saveIvrFlow(
  db: Db,
  tenantId: string,
  input: unknown,
  options: { createdBy?: string | null; now?: number } = {},
): Promise<IvrFlowVersion> {
  const flow = parseIvrFlow(input);
  const at = options.now ?? Date.now();
  try {
    return await ivrDb(db)
      .transaction()
      .execute(async (trx) => {
        const last = await trx
          .selectFrom('ivr_flows')
          .select((eb) => eb.fn.max('version').as('max'))
          .where('tenant_id', '=', tenantId)
          .where('flow_id', '=', flow.id)
          .executeTakeFirst();
        const version = Number(last?.max ?? 0) + 1;
        await trx
          .updateTable('ivr_flows')
          .set({ active: 0 })
          .where('tenant_id', '=', tenantId)
          .where('flow_id', '=', flow.id)
          .execute();
        const row: IvrFlowTable = {
          tenant_id: tenantId,
          flow_id: flow.id,
          version,
          name: flow.name,
          json: JSON.stringify(flow),
          active: 1,
          created_by: options.createdBy ?? null,
          created_at: at,
        };
        await trx.insertInto('ivr_flows').values(row).execute();
        return toVersion(row);
      });
  } catch (error) {
    if (/unique|duplicate|primary key/i.test(String(error))) {
      throw conflict('ivr_flow_concurrent_save', `flow ${flow.id} was saved concurrently; retry`);
    }
    throw error;
  }
}

export async function getActiveIvrFlow(
  db: Db,
  tenantId: string,
  flowId: string,
): Promise<IvrFlowVersion | null> {
  const row = await ivrDb(db)
    .selectFrom('ivr_flows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('flow_id', '=', flowId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

export async function getIvrFlowVersion(
  db: Db,
  tenantId: string,
  flowId: string,
  version: number,
): Promise<IvrFlowVersion | null> {
  const row = await ivrDb(db)
    .selectFrom('ivr_flows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('flow_id', '=', flowId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** The active version of every flow of the tenant. */
export async function listIvrFlows(db: Db, tenantId: string): Promise<IvrFlowVersion[]> {
  const rows = await ivrDb(db)
    .selectFrom('ivr_flows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active', '=', 1)
    .orderBy('flow_id')
    .execute();
  return rows.map(toVersion);
}

/** Every version of one flow, newest first, without the JSON body. */
export async function listIvrFlowVersions(
  db: Db,
  tenantId: string,
  flowId: string,
): Promise<Omit<IvrFlowVersion, 'flow'>[]> {
  const rows = await ivrDb(db)
    .selectFrom('ivr_flows')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('flow_id', '=', flowId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => {
    const { flow: _flow, ...rest } = toVersion(row);
    return rest;
  });
}

/** Makes an existing version the active one (rollback). */
export async function activateIvrFlowVersion(
  db: Db,
  tenantId: string,
  flowId: string,
  version: number,
): Promise<IvrFlowVersion> {
  return ivrDb(db)
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom('ivr_flows')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!row)
        throw notFound('ivr_flow_not_found', `IVR flow ${flowId} has no version ${version}`);
      await trx
        .updateTable('ivr_flows')
        .set({ active: 0 })
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', flowId)
        .execute();
      await trx
        .updateTable('ivr_flows')
        .set({ active: 1 })
        .where('tenant_id', '=', tenantId)
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .execute();
      return { ...toVersion(row), active: true };
    });
}
