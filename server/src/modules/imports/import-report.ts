import type { TableName } from './imports.types.ts';
import {
  MAX_REPORTED_ERRORS,
  type ImportKind,
  type ImportReport,
  type ImportRowError,
} from './imports.types.ts';

/** Accumulates counts and bad rows while a file is read; reports all bad rows up to a cap. */
export class ReportBuilder {
  rows = 0;
  readonly inserted: Record<string, number> = {};
  readonly skipped: Record<string, number> = {};
  readonly adjusted: Record<string, number> = {};
  readonly errors: ImportRowError[] = [];
  readonly notes: string[] = [];
  errorCount = 0;
  /** Set by a structural error (bad header, unreadable line): stop reading the file. */
  fatal = false;
  from: number | null = null;
  to: number | null = null;

  constructor(readonly kind: ImportKind) {}

  get failed(): boolean {
    return this.errorCount > 0;
  }

  error(line: number, message: string, column?: string): void {
    this.errorCount += 1;
    if (this.errors.length < MAX_REPORTED_ERRORS) {
      this.errors.push(column === undefined ? { line, message } : { line, column, message });
    }
  }

  fail(line: number, message: string, column?: string): void {
    this.error(line, message, column);
    this.fatal = true;
  }

  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  adjust(reason: string): void {
    this.adjusted[reason] = (this.adjusted[reason] ?? 0) + 1;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  addInserted(table: TableName, count: number): void {
    this.inserted[table] = (this.inserted[table] ?? 0) + count;
  }

  span(at: number): void {
    if (this.from === null || at < this.from) this.from = at;
    if (this.to === null || at > this.to) this.to = at;
  }

  build(
    status: ImportReport['status'],
    file: ImportReport['file'],
    runId: string | null,
    durationMs: number,
  ): ImportReport {
    return {
      kind: this.kind,
      status,
      rows: this.rows,
      inserted: status === 'completed' ? { ...this.inserted } : {},
      skipped: { ...this.skipped },
      errors: [...this.errors],
      errorCount: this.errorCount,
      adjusted: { ...this.adjusted },
      notes: [...this.notes],
      file,
      range:
        status === 'completed' && this.from !== null && this.to !== null
          ? { from: this.from, to: this.to }
          : null,
      runId,
      durationMs,
    };
  }
}
