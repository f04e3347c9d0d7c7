import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/index.ts';

// Row shape of ivr_flows (db/migrations/006-ivr.ts), added to the core Database type locally.
export type IvrFlowTable = {
  tenant_id: string;
  flow_id: string;
  version: number;
  name: string;
  /** The flow JSON as validated (defaults applied). */
  json: string;
  /** 1 for the version calls run; exactly one per (tenant, flow) once saved. */
  active: number;
  created_by: string | null;
  created_at: number;
};

export type IvrTables = { ivr_flows: IvrFlowTable };
export type IvrDb = Kysely<Database & IvrTables>;
export const ivrDb = (db: Db): IvrDb => db.kysely.withTables<IvrTables>();
