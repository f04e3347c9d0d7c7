import type { z } from 'zod';
import type { Database, Role } from '../../db/index.ts';
import type { Actor } from './crm.types.ts';

// The plainer CRM objects (follow-ups, deals, tickets, complaints, surveys, tags, teams, agents,
// campaigns) share one CRUD implementation driven by a field list; customers, leads and users
// have rules of their own and their own services.

export type RefTable = 'customers' | 'leads' | 'call_records' | 'teams' | 'users' | 'campaigns';
export type ResourceTable = Exclude<
  keyof Database,
  'tenants' | 'incidents' | 'audit_log' | 'kv' | 'sessions' | 'import_runs'
>;

export interface FieldSpec {
  column: string;
  /** Input schema without null/optional/default; those come from the flags below. */
  schema: z.ZodType;
  required?: boolean;
  default?: unknown;
  /** 'flag' maps booleans to 0/1; 'json' stores JSON text; 'secret' is sealed and never returned. */
  kind?: 'flag' | 'json' | 'secret';
  /** Must name an object of the same tenant. */
  ref?: RefTable;
  /** Exact-match query parameter. */
  filter?: boolean;
  /** Searched by ?q= (case-insensitive substring). */
  search?: boolean;
  /** Unique within the tenant (409 on a duplicate). */
  unique?: boolean;
}

export type Row = Record<string, unknown>;

export interface ResourceSpec {
  /** URL segment: /api/<path>. */
  path: string;
  table: ResourceTable;
  idPrefix: string;
  label: string;
  fields: Record<string, FieldSpec>;
  /** Column lists are ordered by (descending) and ?from=&to= filter on. */
  timeColumn: string;
  /** Set to now on insert when the table has one. */
  createdColumn?: string;
  readRoles?: readonly Role[];
  writeRoles: readonly Role[];
  deleteRoles: readonly Role[];
  /** Derives columns before a write (`current` is the stored row on update). */
  beforeWrite?: (row: Row, context: { actor: Actor; now: number; current?: Row }) => void;
}
