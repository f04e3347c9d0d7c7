import type { Kysely } from 'kysely';
import type { Database, Db, Flag } from '../../db/index.ts';

// Row shapes (type aliases: Kysely's withTables wants index-compatible types) of the tables created by db/migrations/005-dialer.ts. They extend the core Database
// type locally (Kysely.withTables) so that the shared schema file stays the core's.

export type DncList = 'tenant' | 'national';
export type OptOutChannel = 'agent' | 'ivr' | 'sms' | 'web' | 'complaint';
export type ConsentChannel = 'web_form' | 'call_recording' | 'sms' | 'paper' | 'app' | 'other';

export type DncEntryTable = {
  id: string;
  tenant_id: string;
  list: DncList;
  phone_hash: string;
  phone_masked: string;
  reason: string | null;
  /** 'manual', 'import:<file name>', 'opt-out' … */
  source: string;
  created_by: string | null;
  created_at: number;
};

export type OptOutTable = {
  id: string;
  tenant_id: string;
  phone_hash: string;
  phone_masked: string;
  channel: OptOutChannel;
  /** Disposition code, IVR key, or the SMS text that carried the opt-out. */
  detail: string | null;
  call_id: string | null;
  campaign_id: string | null;
  recorded_by: string | null;
  at: number;
};

export type ConsentTable = {
  id: string;
  tenant_id: string;
  phone_hash: string;
  phone_masked: string;
  channel: ConsentChannel;
  purpose: string;
  /** Where the proof is: form id, recording id, SMS id … */
  evidence: string | null;
  granted_at: number;
  revoked_at: number | null;
  recorded_by: string | null;
  created_at: number;
};

export type DialAttemptTable = {
  id: string;
  tenant_id: string;
  phone_hash: string;
  campaign_id: string | null;
  caller_id: string | null;
  call_id: string | null;
  at: number;
  ended_at: number | null;
  answered: Flag;
  abandoned: Flag;
  talk_seconds: number | null;
};

export type ComplianceRefusalTable = {
  id: string;
  tenant_id: string;
  phone_hash: string | null;
  phone_masked: string | null;
  campaign_id: string | null;
  caller_id: string | null;
  code: string;
  /** "中文 / English" message as shown to the user. */
  message: string;
  /** JSON with the figures behind the refusal (local time, counts, lockout end …). */
  detail: string | null;
  at: number;
};

export type ComplianceTables = {
  dnc_entries: DncEntryTable;
  opt_outs: OptOutTable;
  consents: ConsentTable;
  dial_attempts: DialAttemptTable;
  compliance_refusals: ComplianceRefusalTable;
};

export type ComplianceDb = Kysely<Database & ComplianceTables>;

export const complianceDb = (db: Db): ComplianceDb => db.kysely.withTables<ComplianceTables>();
