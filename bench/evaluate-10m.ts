// Evaluation at scale: generates N call records (default 10 million) into a SQLite file through
// batched Kysely inserts, builds the roll-ups, times a full `evaluate` from the roll-ups and from a
// raw scan, and compares the raw scan with DuckDB (@duckdb/node-api) on the same rows in the
// same run. Prints figures; not a test.
//   npx tsx bench/evaluate-10m.ts [N]          e.g. npx tsx bench/evaluate-10m.ts 200000
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import SQLite from 'better-sqlite3';
import { openAndMigrate, type CallRecordTable } from '../server/src/db/index.ts';
import { evaluate, refreshRollups } from '../server/src/modules/evaluation/index.ts';
import { FACT_NAMES, factExpressions } from '../server/src/modules/evaluation/call-facts.ts';
import { ensureTenant } from '../server/src/modules/tenants/index.ts';
import { systemClock } from '../server/src/platform/index.ts';

const N = Number(process.argv[2] ?? 10_000_000);
const BATCH = 500; // rows per INSERT (SQLite's 32,766 bound-parameter limit / ~27 columns)
const TX_ROWS = 50_000; // rows per transaction
const DAYS = 30;
const END = Date.UTC(2026, 10, 30, 16, 0, 0); // 2026-12-01 00:00 Asia/Shanghai
const START = END - DAYS * 86_400_000;
const TENANT = 'bench';

// mulberry32, seeded: the same calls every run.
let seed = 20261203;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};
const PROVINCES = Array.from({ length: 31 }, (_, i) => `省${i}`);
const CARRIERS = ['中国移动', '中国联通', '中国电信'];

type Row = Omit<
  CallRecordTable,
  | 'caller'
  | 'callee'
  | 'callee_city'
  | 'customer_id'
  | 'trunk_id'
  | 'caller_id_used'
  | 'entry_id'
  | 'ring_at'
  | 'ivr_entry_at'
  | 'ivr_exit_at'
  | 'hangup_cause'
  | 'sip_status'
  | 'recording_path'
  | 'external_ref'
>;

function makeCall(i: number): Row {
  const created = START + Math.floor(random() * (END - START));
  const inbound = random() < 0.4;
  const agent = Math.floor(random() * 200);
  const answered = random() < (inbound ? 0.97 : 0.45);
  const answer = answered ? created + Math.floor(random() * (inbound ? 2_000 : 20_000)) : null;
  const queued = inbound && random() < 0.6;
  const queueEntry = queued ? created + 15_000 : null;
  const served = inbound && answered && random() < 0.85;
  const wait = Math.floor(random() * random() * 180_000);
  const agentAnswer = served ? (queueEntry ?? created + 15_000) + (queued ? wait : 0) : null;
  const talk = Math.floor(20_000 + random() * random() * 600_000);
  const end = answer !== null ? Math.max(answer, agentAnswer ?? 0) + talk : created + 25_000;
  const quality = answered && random() < 0.5;
  return {
    id: `b${i.toString(36).padStart(8, '0')}`,
    tenant_id: TENANT,
    direction: inbound ? 'inbound' : 'outbound',
    callee_province: inbound ? null : PROVINCES[Math.floor(random() * 31)]!,
    callee_carrier: inbound ? null : CARRIERS[Math.floor(random() * 3)]!,
    // Agents work one campaign (outbound) or one queue (inbound), as in a real center.
    campaign_id: inbound ? null : `c${agent % 10}`,
    queue_id: inbound ? `q${agent % 5}` : null,
    agent_id: (inbound ? served : answered) ? `a${agent}` : null,
    team_id: (inbound ? served : answered) ? `t${agent % 20}` : null,
    created_at: created,
    answer_at: answer,
    agent_answer_at: agentAnswer,
    end_at: end,
    queue_entry_at: queueEntry,
    queue_exit_at: queued ? (agentAnswer ?? queueEntry! + wait) : null,
    status: 'completed',
    disposition: answered ? 'answered' : 'no_answer',
    core_info_delivered: random() < 0.1 ? 1 : 0,
    acw_seconds: served ? Math.floor(random() * 60) : null,
    billed_seconds: answered && !inbound ? Math.ceil(talk / 60_000) * 60 : null,
    billed_cost: answered && !inbound ? Math.ceil(talk / 60_000) * 0.05 : null,
    loss_pct: quality ? Math.round(random() * random() * 800) / 100 : null,
    jitter_ms: quality ? Math.floor(random() * 40) : null,
    rtt_ms: quality ? Math.floor(60 + random() * 300) : null,
    mos: null,
    video_offered: 0,
    video_established: 0,
    source: 'bench',
  };
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const timed = async <T>(label: string, f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${secs(ms)}`);
  return [v, ms];
};

const dir = mkdtempSync(path.join(tmpdir(), 'yunhu-bench-eval-'));
const file = path.join(dir, 'yunhu.db');
console.log(`evaluate bench: ${N.toLocaleString()} calls, SQLite file ${file}`);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg()[0]?.toFixed(2)}`,
);
const db = await openAndMigrate({ url: file });
const ctx = { db, clock: systemClock };
const tenant = await ensureTenant(
  db,
  { id: TENANT, name: 'bench', timeZone: 'Asia/Shanghai' },
  END,
);

try {
  // 1. Inserts: the first rows through Kysely (500 rows per INSERT, 50,000 per transaction, the
  // importers' path), the rest through one prepared better-sqlite3 statement per row in
  // 50,000-row transactions (the fastest path SQLite offers from Node).
  const kyselyRows = Math.min(N, 200_000);
  const [, kyselyMs] = await timed(
    `insert ${kyselyRows.toLocaleString()} rows (Kysely, batched)`,
    async () => {
      let i = 0;
      while (i < kyselyRows) {
        const txEnd = Math.min(kyselyRows, i + TX_ROWS);
        await db.kysely.transaction().execute(async (trx) => {
          while (i < txEnd) {
            const rows: Row[] = [];
            const end = Math.min(txEnd, i + BATCH);
            for (; i < end; i++) rows.push(makeCall(i));
            await trx.insertInto('call_records').values(rows).execute();
          }
        });
      }
    },
  );
  console.log(`  throughput ${Math.round(kyselyRows / (kyselyMs / 1000)).toLocaleString()} rows/s`);
  if (N > kyselyRows) {
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = NORMAL');
    const cols = Object.keys(makeCall(-1));
    const insert = writer.prepare(
      `INSERT INTO call_records (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    const tx = writer.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(...(Object.values(makeCall(i)) as unknown[]));
    });
    const rest = N - kyselyRows;
    const [, fastMs] = await timed(
      `insert ${rest.toLocaleString()} rows (prepared statement)`,
      () => {
        for (let i = kyselyRows; i < N; i += TX_ROWS) {
          tx(i, Math.min(N, i + TX_ROWS));
          if ((i + TX_ROWS) % 1_000_000 === 0)
            console.log(`  ${(i + TX_ROWS).toLocaleString()} rows`);
        }
        return Promise.resolve();
      },
    );
    console.log(`  throughput ${Math.round(rest / (fastMs / 1000)).toLocaleString()} rows/s`);
    writer.close();
  }

  // 2. Roll-ups: one full build (what an import of this size triggers once).
  await timed('roll-up build (refreshRollups, all hours)', () => refreshRollups(ctx, TENANT, {}));
  const countLite = new SQLite(file, { readonly: true });
  const { n } = countLite.prepare('SELECT COUNT(*) AS n FROM eval_call_rollups').get() as {
    n: number;
  };
  countLite.close();
  console.log(
    `  roll-up rows ${Number(n).toLocaleString()} (${(N / Number(n)).toFixed(1)} calls per row)`,
  );
  // An hour refresh as a live writer does per call.
  await timed('roll-up refresh of one hour', () =>
    refreshRollups(ctx, TENANT, { from: START + 5 * 3_600_000, to: START + 5 * 3_600_000 + 1 }),
  );

  // 3. Full evaluate (all metrics, breakdowns, alerts, 31 daily + 12 weekly trend periods).
  const [viaRollups] = await timed('evaluate via roll-ups', () =>
    evaluate(ctx, tenant, { scenario: 'telemarketing', source: 'rollups' }),
  );
  const [viaRaw] = await timed('evaluate via raw scan', () =>
    evaluate(ctx, tenant, { scenario: 'telemarketing', source: 'raw' }),
  );
  const same =
    JSON.stringify(viaRollups.metrics.map((m) => m.value)) ===
    JSON.stringify(viaRaw.metrics.map((m) => m.value));
  console.log(`  same metric values from both: ${same}`);

  // 4. The raw aggregate (every call fact, whole history) on SQLite and on DuckDB.
  const exprs = factExpressions({ effectiveTalkMs: 30_000, serviceLevelMs: 20_000 });
  const aggregate = (cast: string) =>
    `SELECT ${FACT_NAMES.map((f) => `SUM(${exprs[f]})${cast} AS ${f}`).join(', ')} FROM call_records WHERE tenant_id = '${TENANT}'`;
  const byProvince = (cast: string) =>
    `SELECT callee_province, ${FACT_NAMES.map((f) => `SUM(${exprs[f]})${cast} AS ${f}`).join(', ')} FROM call_records WHERE tenant_id = '${TENANT}' GROUP BY callee_province`;
  const lite = new SQLite(file, { readonly: true });
  const [liteRow] = await timed('raw aggregate, SQLite', () =>
    Promise.resolve(lite.prepare(aggregate('')).get() as Record<string, number>),
  );
  await timed('raw aggregate by province, SQLite', () =>
    Promise.resolve(lite.prepare(byProvince('')).all()),
  );

  const duck = await DuckDBInstance.create(':memory:');
  const con = await duck.connect();
  const columns: [string, string][] = [
    ['tenant_id', 'VARCHAR'],
    ['direction', 'VARCHAR'],
    ['callee_province', 'VARCHAR'],
    ['callee_carrier', 'VARCHAR'],
    ['campaign_id', 'VARCHAR'],
    ['queue_id', 'VARCHAR'],
    ['agent_id', 'VARCHAR'],
    ['team_id', 'VARCHAR'],
    ['created_at', 'BIGINT'],
    ['answer_at', 'BIGINT'],
    ['agent_answer_at', 'BIGINT'],
    ['end_at', 'BIGINT'],
    ['queue_entry_at', 'BIGINT'],
    ['queue_exit_at', 'BIGINT'],
    ['disposition', 'VARCHAR'],
    ['core_info_delivered', 'INTEGER'],
    ['acw_seconds', 'DOUBLE'],
    ['billed_seconds', 'DOUBLE'],
    ['billed_cost', 'DOUBLE'],
    ['loss_pct', 'DOUBLE'],
    ['jitter_ms', 'DOUBLE'],
    ['rtt_ms', 'DOUBLE'],
    ['mos', 'DOUBLE'],
    ['video_offered', 'INTEGER'],
    ['video_established', 'INTEGER'],
  ];
  // DuckDB's sqlite extension is downloaded on first use, which this offline machine cannot do;
  // the rows go over as a CSV export instead (timed separately), read by DuckDB's own reader.
  let attached = false;
  try {
    await con.run('LOAD sqlite');
    await con.run(`ATTACH '${file}' AS lite (TYPE sqlite, READ_ONLY)`);
    await con.run(
      `CREATE TABLE call_records AS SELECT ${columns.map(([c]) => c).join(', ')} FROM lite.call_records`,
    );
    attached = true;
    console.log('  DuckDB: attached the SQLite file with the sqlite extension');
  } catch {
    const csv = path.join(dir, 'calls.csv');
    await timed('export to CSV for DuckDB (SQLite → file)', async () => {
      const out = createWriteStream(csv);
      const stmt = lite
        .prepare(`SELECT ${columns.map(([c]) => c).join(', ')} FROM call_records`)
        .raw(true);
      let chunk: string[] = [];
      for (const row of stmt.iterate() as Iterable<(string | number | null)[]>) {
        chunk.push(row.map((v) => (v === null ? '' : String(v))).join(','));
        if (chunk.length === 10_000) {
          if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
          chunk = [];
        }
      }
      if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
      out.end();
      await once(out, 'finish');
    });
    console.log(`  CSV ${(statSync(csv).size / 1e9).toFixed(2)} GB`);
    await timed('DuckDB load (read_csv)', async () => {
      await con.run(
        `CREATE TABLE call_records (${columns.map(([c, t]) => `${c} ${t}`).join(', ')})`,
      );
      await con.run(
        `INSERT INTO call_records SELECT * FROM read_csv('${csv}', header = false, nullstr = '', columns = {${columns.map(([c, t]) => `'${c}': '${t}'`).join(', ')}})`,
      );
    });
  }
  void attached;
  const [duckRows] = await timed('raw aggregate, DuckDB', async () =>
    (await con.runAndReadAll(aggregate('::DOUBLE'))).getRowObjectsJS(),
  );
  await timed('raw aggregate by province, DuckDB', async () =>
    (await con.runAndReadAll(byProvince('::DOUBLE'))).getRowObjectsJS(),
  );
  const duckRow = duckRows[0] as Record<string, number>;
  const mismatches = FACT_NAMES.filter(
    (f) =>
      Math.abs(Number(duckRow[f]) - Number(liteRow[f])) >
      1e-6 * Math.max(1, Math.abs(Number(liteRow[f]))),
  );
  console.log(
    `  DuckDB and SQLite agree on all ${FACT_NAMES.length} facts: ${mismatches.length === 0 ? 'yes' : mismatches.join(', ')}`,
  );
  con.closeSync();
  duck.closeSync();
  lite.close();
  console.log(`database file ${(statSync(file).size / 1e9).toFixed(2)} GB`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
