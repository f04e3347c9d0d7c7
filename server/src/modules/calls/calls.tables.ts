import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/index.ts';

// Row shapes of the tables created by db/migrations/004-telephony.ts, added to the core Database
// type locally (Kysely.withTables) so that the shared schema file stays the core's.

export type ServiceNumberTable = {
  tenant_id: string;
  /** The dialled number as it arrives in the Request-URI user part (e.g. '4000' or E.164). */
  number: string;
  /** JSON: the flow reference the IVR runs (e.g. { "menu": "demo" } or { "flowId": "…" }). */
  flow: string;
  created_at: number;
};

export type QueueTable = {
  id: string;
  tenant_id: string;
  name: string;
  /** Agents need this skill (agents.skills) to take the queue's calls. */
  skill: string;
  /** JSON QueueSettings. */
  settings: string;
  created_at: number;
};

export type CallbackTaskTable = {
  id: string;
  tenant_id: string;
  call_id: string | null;
  queue_id: string | null;
  /** Sealed caller number. */
  caller: string | null;
  /** waiting: keeps the caller's place in the queue; open: for an agent to call back. */
  status: 'waiting' | 'calling' | 'open' | 'done' | 'cancelled';
  waited_ms: number | null;
  created_at: number;
  done_at: number | null;
  /** Why the task is still open (no trunk, customer did not answer …). */
  note?: string | null;
  agent_id?: string | null;
  callback_call_id?: string | null;
};

export type CallsTables = {
  service_numbers: ServiceNumberTable;
  queues: QueueTable;
  callback_tasks: CallbackTaskTable;
};

export type CallsDb = Kysely<Database & CallsTables>;

export const callsDb = (db: Db): CallsDb => db.kysely.withTables<CallsTables>();
