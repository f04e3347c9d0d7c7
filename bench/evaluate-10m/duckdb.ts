import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type SQLite from 'better-sqlite3';

// DuckDB side of the evaluation benchmark: the same call_records rows, and the same SQL
// statements a raw-scan `evaluate` ran on SQLite, replayed verbatim.

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

const duckType = (sqliteType: string): string =>
  /INT/i.test(sqliteType)
    ? 'BIGINT'
    : /REAL|DOUB|FLOA|NUM/i.test(sqliteType)
      ? 'DOUBLE'
      : 'VARCHAR';

const csvField = (v: string | number | bigint | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * Copies call_records to DuckDB with every column. DuckDB's sqlite extension is downloaded on
 * first use, which this offline machine cannot do, so the rows go over as CSV read by DuckDB's
 * own reader (both steps timed by the caller).
 */
export async function exportCsv(lite: SQLite.Database, csv: string): Promise<[string, string][]> {
  const info = lite.prepare('PRAGMA table_info(call_records)').all() as {
    name: string;
    type: string;
  }[];
  const columns = info.map((c): [string, string] => [c.name, duckType(c.type)]);
  const out = createWriteStream(csv);
  const stmt = lite.prepare(`SELECT ${columns.map(([c]) => c).join(', ')} FROM call_records`);
  let chunk: string[] = [];
  for (const row of stmt.raw(true).iterate() as Iterable<(string | number | bigint | null)[]>) {
    chunk.push(row.map(csvField).join(','));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return columns;
}

export async function loadCsv(
  con: DuckDBConnection,
  csv: string,
  columns: [string, string][],
): Promise<void> {
  // Yunhu's SQL relies on integer division for its hour / day / week keys, as in SQLite and PG.
  await con.run('SET integer_division = true');
  await con.run(`CREATE TABLE call_records (${columns.map(([c, t]) => `${c} ${t}`).join(', ')})`);
  const spec = columns.map(([c, t]) => `'${c}': '${t}'`).join(', ');
  await con.run(
    `INSERT INTO call_records SELECT * FROM read_csv('${csv}', header = false, nullstr = '', quote = '"', columns = {${spec}})`,
  );
}

export async function runDuck(
  con: DuckDBConnection,
  s: Statement,
): Promise<Record<string, unknown>[]> {
  const reader = await con.runAndReadAll(s.sql, s.parameters as DuckDBValue[]);
  return reader.getRowObjectsJS();
}

/**
 * Cells that differ between two result sets of the same statement (rows matched by their first
 * column; numbers equal within 1e-9 relative, which float sums in another order stay within).
 */
export function differences(a: Record<string, unknown>[], b: Record<string, unknown>[]): string[] {
  const keyOf = (r: Record<string, unknown>): string => String(Object.values(r)[0]);
  const index = new Map(b.map((r) => [keyOf(r), r]));
  const out: string[] = [];
  if (a.length !== b.length) out.push(`rows ${a.length} vs ${b.length}`);
  for (const ra of a) {
    const rb = index.get(keyOf(ra));
    if (!rb) {
      out.push(`row ${keyOf(ra)} missing`);
      continue;
    }
    for (const [col, va] of Object.entries(ra)) {
      const vb = rb[col];
      if (typeof va === 'number' || typeof vb === 'number' || typeof vb === 'bigint') {
        const x = Number(va);
        const y = Number(vb);
        if (!(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)))) {
          out.push(`${keyOf(ra)}.${col}: ${x} vs ${y}`);
        }
      } else if (String(va) !== String(vb))
        out.push(`${keyOf(ra)}.${col}: ${String(va)} vs ${String(vb)}`);
    }
  }
  return out;
}
