// Evaluation at scale: generates N call records (default 10 million) into a fresh SQLite file
// through the real migrations, builds the roll-ups, times a full `evaluate` from the roll-ups and
// from a raw scan, and replays the raw scan's statements verbatim on DuckDB (@duckdb/node-api)
// loaded with the same rows in the same run, checking both engines return the same figures.
// Prints a Markdown table and JSON; not a test.
//   npx tsx bench/evaluate-10m.ts [--rows N]          e.g. --rows 100000
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type KyselyPlugin, type UnknownRow } from 'kysely';
import { openAndMigrate, type Database, type Db } from '../server/src/db/index.ts';
import { evaluate, refreshRollups } from '../server/src/modules/evaluation/index.ts';
import { ensureTenant } from '../server/src/modules/tenants/index.ts';
import { systemClock } from '../server/src/platform/index.ts';
import { callGenerator, END, START, TENANT, type BenchCall } from './evaluate-10m/calls.ts';
import { differences, exportCsv, loadCsv, runDuck, type Statement } from './evaluate-10m/duckdb.ts';

const { values: opts } = parseArgs({ options: { rows: { type: 'string' } } });
const N = Number(opts.rows ?? 10_000_000);
if (!Number.isInteger(N) || N < 1)
  throw new Error(`--rows must be a positive integer, got ${opts.rows}`);
const KYSELY_ROWS = Math.min(N, 200_000); // the importers' path, for its own throughput figure
const KYSELY_BATCH = 500; // rows per INSERT: SQLite's 32,766 bound-parameter limit / 29 columns
const TX_ROWS = 50_000; // rows per transaction
const STMT_ROWS = 100; // rows per prepared multi-row INSERT on the fast path

const figures: Record<string, number | string | boolean | null> = { rows: N };
const timed = async <T>(label: string, key: string, f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const v = await f();
  const ms = performance.now() - t0;
  // CPU time of this process (all its threads): other work shares the 2 cores, so wall time
  // alone overstates what the step costs on an idle machine.
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  figures[key] = Math.round(ms);
  figures[key.replace(/Ms$/, 'CpuMs')] = Math.round(cpuMs);
  console.log(
    `${label.padEnd(48)} ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU`,
  );
  return v;
};
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
const perSec = (rows: number, key: string): number =>
  Math.round(rows / (Number(figures[key]) / 1000));

const dir = mkdtempSync(path.join(tmpdir(), 'yunhu-bench-eval-'));
const file = path.join(dir, 'yunhu.db');
console.log(`evaluate bench: ${N.toLocaleString()} calls, SQLite file ${file}`);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}`,
);
console.log(`uptime at start: ${uptime()}`);
figures.loadAtStart = Number(loadavg()[0]?.toFixed(2));

const db = await openAndMigrate({ url: file });
const ctx = { db, clock: systemClock };
const tenant = await ensureTenant(
  db,
  { id: TENANT, name: 'bench', timeZone: 'Asia/Shanghai' },
  END,
);
const makeCall = callGenerator();
const cols = Object.keys(callGenerator()(0)) as (keyof BenchCall)[];

try {
  // 0. What generating the rows alone costs (a separate generator: the data are not affected).
  const probe = callGenerator(7);
  const probeRows = Math.min(N, 1_000_000);
  await timed(`generate ${probeRows.toLocaleString()} rows only (no insert)`, 'generateMs', () => {
    for (let i = 0; i < probeRows; i++) probe(i);
  });
  figures.generateRowsPerSec = perSec(probeRows, 'generateMs');

  // 1a. Inserts through Kysely as the importers write: 500 rows per INSERT, 50,000 per transaction.
  await timed(
    `insert ${KYSELY_ROWS.toLocaleString()} rows (Kysely, batched)`,
    'kyselyInsertMs',
    async () => {
      let i = 0;
      while (i < KYSELY_ROWS) {
        const txEnd = Math.min(KYSELY_ROWS, i + TX_ROWS);
        await db.kysely.transaction().execute(async (trx) => {
          while (i < txEnd) {
            const rows: BenchCall[] = [];
            for (const end = Math.min(txEnd, i + KYSELY_BATCH); i < end; i++)
              rows.push(makeCall(i));
            await trx.insertInto('call_records').values(rows).execute();
          }
        });
      }
    },
  );
  figures.kyselyRowsPerSec = perSec(KYSELY_ROWS, 'kyselyInsertMs');
  console.log(`  ${figures.kyselyRowsPerSec.toLocaleString()} rows/s`);

  // 1b. The rest through prepared 100-row INSERTs in 50,000-row transactions on a second
  // better-sqlite3 connection (the fastest path SQLite offers from Node; same indexes).
  const rest = N - KYSELY_ROWS;
  if (rest > 0) {
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = NORMAL');
    // A bulk loader's page cache (SQLite's default is 2 MB): the (tenant_id, created_at) index
    // takes rows in random time order, and 10 M rows of it do not fit 2 MB.
    writer.pragma('cache_size = -1048576');
    const one = `(${cols.map(() => '?').join(', ')})`;
    const head = `INSERT INTO call_records (${cols.join(', ')}) VALUES `;
    const multi = writer.prepare(head + Array<string>(STMT_ROWS).fill(one).join(', '));
    const single = writer.prepare(head + one);
    const values: unknown[] = new Array<unknown>(STMT_ROWS * cols.length);
    const tx = writer.transaction((from: number, to: number) => {
      let i = from;
      for (; i + STMT_ROWS <= to; i += STMT_ROWS) {
        let k = 0;
        for (let j = 0; j < STMT_ROWS; j++) {
          const call = makeCall(i + j);
          for (const c of cols) values[k++] = call[c];
        }
        multi.run(values);
      }
      for (; i < to; i++) {
        const call = makeCall(i);
        single.run(cols.map((c) => call[c]));
      }
    });
    await timed(
      `insert ${rest.toLocaleString()} rows (prepared, 100 per INSERT)`,
      'fastInsertMs',
      () => {
        for (let i = KYSELY_ROWS; i < N; i += TX_ROWS) {
          tx(i, Math.min(N, i + TX_ROWS));
          if ((i - KYSELY_ROWS + TX_ROWS) % 1_000_000 === 0) {
            console.log(`  ${(i + TX_ROWS).toLocaleString()} rows`);
          }
        }
      },
    );
    figures.fastRowsPerSec = perSec(rest, 'fastInsertMs');
    console.log(`  ${figures.fastRowsPerSec.toLocaleString()} rows/s`);
    writer.close();
  }
  figures.insertMs = Number(figures.kyselyInsertMs) + Number(figures.fastInsertMs ?? 0);
  figures.insertRowsPerSec = perSec(N, 'insertMs');
  figures.insertCpuMs = Number(figures.kyselyInsertCpuMs) + Number(figures.fastInsertCpuMs ?? 0);
  console.log(`  all inserts: ${figures.insertRowsPerSec.toLocaleString()} rows/s`);

  // 2. Roll-ups: one full build (what an import of this size triggers once), then the one-hour
  // refresh a live call writer does per call.
  await timed('roll-up build (refreshRollups, all hours)', 'rollupBuildMs', () =>
    refreshRollups(ctx, TENANT, {}),
  );
  const lite = new SQLite(file, { readonly: true });
  const count = (t: string): number =>
    Number((lite.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n);
  figures.rollupRows = count('eval_call_rollups');
  if (count('call_records') !== N)
    throw new Error(`call_records holds ${count('call_records')} rows, not ${N}`);
  console.log(`  ${figures.rollupRows.toLocaleString()} roll-up rows`);
  const hour = START + 5 * 3_600_000;
  await timed('roll-up refresh of one hour', 'rollupHourMs', () =>
    refreshRollups(ctx, TENANT, { from: hour, to: hour + 1 }),
  );

  // 3. Full evaluate (all metrics, 7 breakdowns, alerts, 31 daily + 12 weekly trend periods).
  const viaRollups = await timed('evaluate via roll-ups', 'evaluateRollupsMs', () =>
    evaluate(ctx, tenant, { scenario: 'telemarketing', source: 'rollups' }),
  );
  // The raw scan runs on a connection that records every statement, its time and its rows.
  const traced = tracingDb(file);
  const viaRaw = await timed('evaluate via raw scan', 'evaluateRawMs', () =>
    evaluate({ db: traced.db, clock: systemClock }, tenant, {
      scenario: 'telemarketing',
      source: 'raw',
    }),
  );
  await traced.db.close();
  figures.sameMetricsBothSources =
    JSON.stringify(viaRollups.metrics.map((m) => m.value)) ===
    JSON.stringify(viaRaw.metrics.map((m) => m.value));
  console.log(`  same metric values from both sources: ${figures.sameMetricsBothSources}`);
  // The statements that read call_records and no other table (DuckDB holds only that table).
  const tablesOf = (q: string): string[] =>
    [...q.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/gi)].map((m) => m[1]!.toLowerCase());
  const scans = traced.log.filter((st) => {
    const t = tablesOf(st.sql);
    return t.length > 0 && t.every((x) => x === 'call_records');
  });
  const otherMs = traced.log.filter((s) => !scans.includes(s)).reduce((a, s) => a + s.ms, 0);
  figures.rawScanStatements = scans.length;
  figures.rawScanSqliteMs = Math.round(scans.reduce((a, s) => a + s.ms, 0));
  console.log(
    `  ${scans.length} statements scan call_records: ${(Number(figures.rawScanSqliteMs) / 1000).toFixed(2)} s; ${traced.log.length - scans.length} others: ${(otherMs / 1000).toFixed(2)} s`,
  );

  // 4. DuckDB: the same rows, the same statements.
  const csv = path.join(dir, 'calls.csv');
  const columns = await timed('export call_records to CSV for DuckDB', 'csvExportMs', () =>
    exportCsv(lite, csv),
  );
  figures.csvGB = Number((statSync(csv).size / 1e9).toFixed(2));
  const duck = await DuckDBInstance.create(':memory:');
  const con = await duck.connect();
  await timed('DuckDB load (read_csv into a table)', 'duckLoadMs', () =>
    loadCsv(con, csv, columns),
  );
  rmSync(csv);
  const duckCount = (
    await runDuck(con, { sql: 'SELECT COUNT(*) AS n FROM call_records', parameters: [] })
  )[0];
  if (Number(duckCount?.n) !== N)
    throw new Error(`DuckDB loaded ${String(duckCount?.n)} rows, not ${N}`);
  console.log('\n| raw-scan statement | rows out | SQLite s | DuckDB s | equal |');
  console.log('|---|---:|---:|---:|---|');
  let duckMs = 0;
  const duckCpu0 = process.cpuUsage();
  let diffCells = 0;
  let total: { lite: UnknownRow; duck: UnknownRow } | null = null;
  for (const s of scans) {
    const t0 = performance.now();
    const rows = await runDuck(con, s);
    const ms = performance.now() - t0;
    duckMs += ms;
    const diff = differences(s.rows, rows);
    diffCells += diff.length;
    const label = labelOf(s.sql);
    if (label === 'totals') total = { lite: s.rows[0] ?? {}, duck: rows[0] ?? {} };
    console.log(
      `| ${label} | ${s.rows.length} | ${(s.ms / 1000).toFixed(2)} | ${(ms / 1000).toFixed(2)} | ${diff.length === 0 ? 'yes' : `NO: ${diff.slice(0, 3).join('; ')}`} |`,
    );
  }
  figures.rawScanDuckMs = Math.round(duckMs);
  const duckCpu = process.cpuUsage(duckCpu0);
  figures.rawScanDuckCpuMs = Math.round((duckCpu.user + duckCpu.system) / 1000);
  figures.differingCells = diffCells;
  if (total) {
    console.log('\n| fact (whole history) | Yunhu raw scan (SQLite) | DuckDB |\n|---|---:|---:|');
    for (const f of [
      'calls',
      'answered',
      'talk_ms',
      'effective',
      'handled',
      'queued',
      'served',
      'abandoned',
      'wait_ms',
      'served_in_sl',
      'mos_sum',
      'billed_cost',
    ]) {
      console.log(
        `| ${f} | ${Number(total.lite[f]).toLocaleString()} | ${Number(total.duck[f]).toLocaleString()} |`,
      );
    }
  }
  con.closeSync();
  duck.closeSync();
  lite.close();
  figures.dbFileGB = Number((statSync(file).size / 1e9).toFixed(2));
  figures.loadAtEnd = Number(loadavg()[0]?.toFixed(2));

  const ratio = (a: string, b: string): number =>
    Number((Number(figures[a]) / Number(figures[b])).toFixed(1));
  figures.rawScanSqliteOverDuck = ratio('rawScanSqliteMs', 'rawScanDuckMs');
  figures.evaluateRawOverDuck = ratio('evaluateRawMs', 'rawScanDuckMs');
  figures.evaluateRollupsOverRaw = Number(
    (Number(figures.evaluateRollupsMs) / Number(figures.evaluateRawMs)).toFixed(3),
  );
  const sec = (k: string): string =>
    figures[k] == null ? '' : (Number(figures[k]) / 1000).toFixed(1);
  const rate = (k: string): string =>
    figures[k] == null ? '' : `${Number(figures[k]).toLocaleString()} rows/s`;
  const row = (step: string, key: string, note = ''): string =>
    `| ${step} | ${sec(key)} | ${sec(key.replace(/Ms$/, 'CpuMs'))} | ${note} |`;
  console.log(`\n| ${N.toLocaleString()} calls | wall s | CPU s | |\n|---|---:|---:|---|`);
  console.log(
    [
      row('insert, all rows', 'insertMs', rate('insertRowsPerSec')),
      row(
        `… ${KYSELY_ROWS.toLocaleString()} via Kysely (importers' path)`,
        'kyselyInsertMs',
        rate('kyselyRowsPerSec'),
      ),
      row('… the rest via prepared 100-row INSERTs', 'fastInsertMs', rate('fastRowsPerSec')),
      row(
        'roll-up build, all hours',
        'rollupBuildMs',
        `${Number(figures.rollupRows).toLocaleString()} roll-up rows`,
      ),
      row('roll-up refresh, one hour', 'rollupHourMs'),
      row('evaluate via roll-ups', 'evaluateRollupsMs'),
      row('evaluate via raw scan', 'evaluateRawMs'),
      row(`… its ${scans.length} statements on call_records, SQLite`, 'rawScanSqliteMs'),
      row(
        `the same ${scans.length} statements, DuckDB`,
        'rawScanDuckMs',
        diffCells === 0 ? 'every cell equal' : `${diffCells} cells differ`,
      ),
      row('DuckDB load: CSV export from SQLite', 'csvExportMs'),
      row('DuckDB load: read_csv', 'duckLoadMs'),
    ].join('\n'),
  );
  console.log(
    `\nratios (wall): raw-scan statements SQLite ÷ DuckDB ${figures.rawScanSqliteOverDuck}×; evaluate roll-ups ÷ raw scan ${figures.evaluateRollupsOverRaw}`,
  );
  console.log(`\nuptime at end: ${uptime()}`);
  console.log(`JSON ${JSON.stringify(figures)}`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

/** What a replayed statement computes, from its GROUP BY (see rollups.repo keyExpr). */
function labelOf(q: string): string {
  const group = /GROUP BY\s+(.+?)\s*$/is.exec(q)?.[1] ?? '';
  if (group === '') return /\bAS calls\b/.test(q) ? 'totals' : 'totals (encryption compliance)';
  if (group.includes('% 86400000')) return 'by hour of day';
  if (group.includes('+ 259200000')) return 'by week';
  if (group.includes('/ 86400000')) return 'by day';
  return `by ${/COALESCE\((\w+)/.exec(group)?.[1] ?? group.slice(0, 30)}`;
}

interface Traced extends Statement {
  ms: number;
  rows: UnknownRow[];
}

/** A Db on the same file whose every statement is recorded with its duration and result rows. */
function tracingDb(dbFile: string): { db: Db; log: Traced[] } {
  const log: Traced[] = [];
  const rowsById = new Map<string, UnknownRow[]>();
  const capture: KyselyPlugin = {
    transformQuery: (a) => a.node,
    transformResult: (a) => {
      rowsById.set(a.queryId.queryId, [...a.result.rows]);
      return Promise.resolve(a.result);
    },
  };
  const sqlite = new SQLite(dbFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [capture],
    log: (e) => {
      if (e.level !== 'query') return;
      const q = e.query;
      // The plugin sees the result after the log line; rows are looked up when read.
      const entry: Traced = {
        sql: q.sql,
        parameters: q.parameters,
        ms: e.queryDurationMillis,
        rows: [],
      };
      Object.defineProperty(entry, 'rows', { get: () => rowsById.get(q.queryId.queryId) ?? [] });
      log.push(entry);
    },
  });
  return { db: { kysely, dialect: 'sqlite', close: () => kysely.destroy() }, log };
}
