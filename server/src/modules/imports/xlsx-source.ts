import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { SourceRow } from './imports.types.ts';
import { SourceError, type RowSource } from './source.types.ts';

// Streaming XLSX: exceljs' WorkbookReader parses the first worksheet row by row; the first
// non-empty row is the header. Row numbers are the sheet's own, so errors name the row a user
// sees in Excel / WPS.

const pad = (n: number): string => String(n).padStart(2, '0');

/** A cell as the text an operator would have typed: dates as local wall-clock time. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Spreadsheet dates carry no zone; exceljs reads them as if UTC. Keep the wall-clock text
    // so the importer applies the tenant's time zone, as it does for CSV text without offset.
    return (
      `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ` +
      `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`
    );
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return v.error;
  }
  return '';
}

export async function openXlsxSource(filePath: string, totalBytes: number): Promise<RowSource> {
  if (totalBytes === 0) throw new SourceError(0, 'The file is empty');
  let bytes = 0;
  const stream = createReadStream(filePath);
  stream.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
  });

  type Cells = { line: number; cells: string[] };
  async function* sheetRows(): AsyncGenerator<Cells> {
    try {
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
          // exceljs row.values is 1-based: index 0 is empty.
          const cells = values.slice(1).map(cellText);
          if (cells.every((c) => c.trim() === '')) continue;
          yield { line: row.number, cells };
        }
        return; // first worksheet only
      }
    } catch (error) {
      throw new SourceError(0, `Unreadable XLSX file: ${(error as Error).message}`);
    }
  }

  const iterator = sheetRows();
  const first = await iterator.next();
  if (first.done) throw new SourceError(0, 'The workbook has no rows');
  const header = first.value.cells.map((h) => h.trim().toLowerCase());

  async function* rows(): AsyncGenerator<SourceRow> {
    for (;;) {
      const step = await iterator.next();
      if (step.done) return;
      const { line, cells } = step.value;
      const values: Record<string, string> = {};
      header.forEach((name, i) => {
        values[name] = (cells[i] ?? '').trim();
      });
      // Trailing empty cells are not stored in XLSX: count fields up to the header's width.
      yield { line, values, cells, fieldCount: Math.max(cells.length, header.length) };
    }
  }

  return {
    header,
    rows: rows(),
    bytesRead: () => bytes,
    close: () => {
      stream.destroy();
    },
  };
}
