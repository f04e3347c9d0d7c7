import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { SourceRow } from './imports.types.ts';
import { SourceError, type RowSource } from './source.types.ts';

// Streaming CSV: the file is read in chunks and parsed record by record, so memory stays flat
// whatever the size. A line longer than MAX_LINE_BYTES stops the read with its line number
// instead of being buffered whole.
export const MAX_LINE_BYTES = 1_000_000;
const SNIFF_BYTES = 64 * 1024;
const CANDIDATES = [',', ';', '\t', '|'] as const;

/** The delimiter of the header line: the candidate that occurs most often outside quotes. */
export function sniffDelimiter(headerLine: string): string | null {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (CANDIDATES as readonly string[]).includes(ch)) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [ch, n] of counts) {
    if (n > bestCount) [best, bestCount] = [ch, n];
  }
  return best;
}

// Bytes that are not UTF-8 decode to U+FFFD: a GBK export from Excel would otherwise store every
// Chinese name as "����". A NUL byte means binary data, and PostgreSQL text cannot hold it.
const NOT_TEXT = /[\uFFFD\0]/;

function checkText(record: readonly string[], names: readonly string[], line: number): void {
  const i = record.findIndex((cell) => NOT_TEXT.test(cell));
  if (i < 0) return;
  // The report names the line and the column; a field beyond the header is named by position.
  const column = names[i];
  const field = column === undefined ? `Field ${i + 1}: ` : '';
  const message = (record[i] ?? '').includes('\0')
    ? `${field}A NUL byte: this is not a text file`
    : `${field}Not UTF-8 text (a GBK/GB18030 export?): save the file as "CSV UTF-8"`;
  throw new SourceError(line, message, column);
}

const describe = (delimiter: string): string => (delimiter === '\t' ? 'TAB' : `'${delimiter}'`);

export async function openCsvSource(
  filePath: string,
  totalBytes: number,
  accepted: readonly string[],
  kindLabel: string,
): Promise<RowSource> {
  if (totalBytes === 0) throw new SourceError(0, 'The file is empty');
  const handle = await open(filePath, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, totalBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
  const newline = head.search(/\r?\n/);
  if (newline < 0 && totalBytes > SNIFF_BYTES) {
    throw new SourceError(1, `Line 1 is longer than ${SNIFF_BYTES} bytes: not a CSV header`);
  }
  const headerLine = newline < 0 ? head : head.slice(0, newline);
  if (headerLine.trim() === '') throw new SourceError(1, 'The first line is empty: no header');
  // Checked before the delimiter, which binary data also "has" ("separated by '|'").
  if (head.startsWith('PK\u0003\u0004')) {
    throw new SourceError(0, 'This is an XLSX (ZIP) file, not CSV: give it the .xlsx extension');
  }
  if (NOT_TEXT.test(headerLine)) {
    throw new SourceError(1, 'The header is not UTF-8 text: a binary file, or a GBK export?');
  }
  const found = sniffDelimiter(headerLine);
  const delimiter = found ?? accepted[0] ?? ',';
  if (found && !accepted.includes(found)) {
    throw new SourceError(
      1,
      `Wrong delimiter: the header is separated by ${describe(found)}, ` +
        `${kindLabel} files use ${accepted.map(describe).join(' or ')}`,
    );
  }

  let bytes = 0;
  const stream = createReadStream(filePath);
  stream.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const parser = stream.pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted field (e.g. a line with the wrong delimiter) stays text, so
      // the row is reported with the others instead of stopping the read.
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_LINE_BYTES,
    }),
  );

  let header: string[] | null = null;
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;

  const next = async (): Promise<{ record: string[]; line: number } | null> => {
    try {
      const step = await iterator.next();
      if (step.done) return null;
      return { record: step.value.record, line: step.value.info.lines };
    } catch (error) {
      stream.destroy();
      const err = error as { code?: string; lines?: number; message?: string };
      const line = typeof err.lines === 'number' ? err.lines : 0;
      if (err.code === 'CSV_MAX_RECORD_SIZE') {
        throw new SourceError(
          line,
          `Line ${line} is longer than ${MAX_LINE_BYTES} bytes; reading stopped there`,
        );
      }
      throw new SourceError(line, `Unreadable CSV: ${err.message ?? String(error)}`);
    }
  };

  const first = await next();
  if (!first) throw new SourceError(0, 'The file is empty');
  checkText(first.record, [], first.line);
  header = first.record.map((h) => h.trim().toLowerCase());

  async function* rows(): AsyncGenerator<SourceRow> {
    const names = header ?? [];
    for (;;) {
      const item = await next();
      if (!item) return;
      checkText(item.record, names, item.line);
      const values: Record<string, string> = {};
      names.forEach((name, i) => {
        values[name] = (item.record[i] ?? '').trim();
      });
      yield { line: item.line, values, cells: item.record, fieldCount: item.record.length };
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
