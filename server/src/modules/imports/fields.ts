import type { ReportBuilder } from './import-report.ts';
import type { SourceRow } from './imports.types.ts';

// Field parsers shared by the kinds: each returns null and records an error naming the line
// and the column when the value is not acceptable.

export function intField(
  row: SourceRow,
  column: string,
  report: ReportBuilder,
  range: { min?: number; max?: number } = {},
): number | null {
  const text = row.values[column] ?? '';
  if (!/^[-+]?\d+$/.test(text)) {
    report.error(row.line, `"${text}" is not a whole number`, column);
    return null;
  }
  const value = Number(text);
  if (
    (range.min !== undefined && value < range.min) ||
    (range.max !== undefined && value > range.max)
  ) {
    const bounds = `${range.min ?? '−∞'}…${range.max ?? '∞'}`;
    report.error(row.line, `${value} is outside ${bounds}`, column);
    return null;
  }
  return value;
}

export function numberField(
  row: SourceRow,
  column: string,
  report: ReportBuilder,
  range: { min?: number; max?: number } = {},
): number | null | undefined {
  const text = row.values[column] ?? '';
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    report.error(row.line, `"${text}" is not a number`, column);
    return null;
  }
  if (
    (range.min !== undefined && value < range.min) ||
    (range.max !== undefined && value > range.max)
  ) {
    report.error(row.line, `${value} is outside ${range.min ?? '−∞'}…${range.max ?? '∞'}`, column);
    return null;
  }
  return value;
}

export function enumField<T extends string>(
  row: SourceRow,
  column: string,
  allowed: readonly T[],
  report: ReportBuilder,
): T | null {
  const text = (row.values[column] ?? '').toLowerCase();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  report.error(
    row.line,
    `"${row.values[column] ?? ''}" is not one of ${allowed.join(', ')}`,
    column,
  );
  return null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
