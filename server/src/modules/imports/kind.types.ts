import type { AppContext } from '../../context.ts';
import type { TenantTable } from '../../db/index.ts';
import type { BatchWriter } from './batch-writer.ts';
import type { ReportBuilder } from './import-report.ts';
import type { ImportKind, SourceRow } from './imports.types.ts';

/** What a kind's session gets: the tenant, the writer of the open transaction, the report. */
export interface KindEnv {
  ctx: AppContext;
  tenant: TenantTable;
  out: BatchWriter;
  report: ReportBuilder;
  /** Reads inside the import's transaction (e.g. existing agents by external_ref). */
  lookup: BatchLookup;
}

export interface BatchLookup {
  agentIdsByRef(): Promise<Map<string, string>>;
  customerIdsByPhoneHash(): Promise<Map<string, string>>;
  /** Campaign ids by name and by external_ref. */
  campaignIds(): Promise<Map<string, string>>;
}

export interface KindSession {
  /** Validates and maps one data row; bad fields go to env.report with line and column. */
  row(row: SourceRow): void;
  /** Called once after the last row when no row was bad: writes summary rows. */
  finish(): void;
}

export interface KindHandler {
  kind: ImportKind;
  /** Human label used in messages. */
  label: string;
  /** CSV delimiters this kind accepts; the first is the documented one. */
  delimiters: readonly string[];
  /** Header names that must be present (lower-case). */
  requiredColumns: readonly string[];
  /** Whether every data line must have exactly as many fields as the header. */
  strictFieldCount: boolean;
  start(env: KindEnv): Promise<KindSession>;
}
