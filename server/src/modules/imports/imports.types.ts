import type { Database } from '../../db/index.ts';

export type ImportKind = 'bank-marketing' | 'anonymous-bank' | 'cdr';
export const IMPORT_KINDS: readonly ImportKind[] = ['bank-marketing', 'anonymous-bank', 'cdr'];

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface RunImportOptions {
  tenantId: string;
  kind: ImportKind;
  filePath: string;
  /** Name shown in the run log; defaults to the file's base name. */
  fileName?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportRowError {
  /** 1-based line of the file (CSV) or row of the sheet (XLSX); 0 for the file as a whole. */
  line: number;
  column?: string;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  /** completed: rows written; rejected: nothing written; unchanged: the file was imported before. */
  status: 'completed' | 'rejected' | 'unchanged';
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows written per table (0 for rows that already existed). */
  inserted: Record<string, number>;
  /** Rows read but deliberately not imported, by reason (e.g. phantom). */
  skipped: Record<string, number>;
  /** Up to MAX_REPORTED_ERRORS bad rows with their file line; errorCount has the total. */
  errors: ImportRowError[];
  errorCount: number;
  /** Rows kept after a documented adjustment, by reason. */
  adjusted: Record<string, number>;
  /** What the data cannot say, or how it was interpreted (see docs/imports.md). */
  notes: string[];
  file: { name: string; sha256: string; bytes: number };
  /** Time span of the imported calls (epoch ms), null when none. */
  range: { from: number; to: number } | null;
  runId: string | null;
  durationMs: number;
}

export const MAX_REPORTED_ERRORS = 100;

/** One data row of a CSV or XLSX file, keyed by the (trimmed, lower-case) header names. */
export interface SourceRow {
  line: number;
  values: Record<string, string>;
  /** The raw cells in file order (used for row-derived stable keys). */
  cells: string[];
  /** Number of fields the line had (a count unlike the header's points at a wrong delimiter). */
  fieldCount: number;
}

export type TableName = keyof Database;
