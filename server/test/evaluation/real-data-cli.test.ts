import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createContext } from '../../src/context.ts';
import type { EvaluationReport, MetricResult } from '../../src/modules/evaluation/index.ts';
import type { ImportReport } from '../../src/modules/imports/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import { silentLogger } from '../../src/platform/index.ts';

// Acceptance: `yunhu import` of the two real example files into a data dir (the bank file
// twice), then `yunhu evaluate --format json`, all run as child processes, reproduce the
// figures of the data READMEs.

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(REPO, 'server/bin/yunhu.mjs');
const BANK_FILE = path.join(REPO, 'examples/bank-marketing/bank-full.csv');
const ANON_FILE = path.join(REPO, 'examples/callcenter/anonymous-bank-1999-08.csv');
const SLOW = 400_000;

describe('yunhu evaluate on the real example files', () => {
  let dir: string;
  let bank: EvaluationReport;
  let inbound: EvaluationReport;
  let html: string;
  const bankImports: ImportReport[] = [];
  let countsAfterFirst: Record<string, number>;
  let countsAfterSecond: Record<string, number>;

  /** Row counts of the tables an import writes, read from the data dir's SQLite file. */
  const counts = async (): Promise<Record<string, number>> => {
    const ctx = await createContext(
      loadConfig({ YUNHU_DATA_DIR: dir, YUNHU_LOG_LEVEL: 'silent' }),
      silentLogger,
    );
    try {
      const out: Record<string, number> = {};
      for (const table of [
        'customers',
        'leads',
        'campaign_entries',
        'call_records',
        'deals',
      ] as const) {
        const row = await ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        out[table] = Number(row.n);
      }
      return out;
    } finally {
      await ctx.db.close();
    }
  };

  const cli = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: childEnv(),
      maxBuffer: 256 * 1024 * 1024,
      timeout: SLOW,
    });
    return stdout;
  };

  /** The CLI must use the temp data dir's SQLite file, whatever the caller's environment says. */
  const childEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      YUNHU_DATA_DIR: dir,
      YUNHU_LOG_LEVEL: 'silent',
    };
    delete env.YUNHU_DATABASE_URL;
    return env;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yunhu-eval-e2e-'));
    const env = { YUNHU_DATA_DIR: dir, YUNHU_LOG_LEVEL: 'silent' };
    const ctx = await createContext(loadConfig(env), silentLogger);
    try {
      await ensureTenant(
        ctx.db,
        { id: 'callcenter', name: '呼入演示', timeZone: 'Asia/Shanghai' },
        ctx.clock.now(),
      );
    } finally {
      await ctx.db.close();
    }
    const importJson = async (...args: string[]) =>
      JSON.parse(await cli('import', ...args, '--format', 'json')) as ImportReport;
    bankImports.push(await importJson('bank-marketing', BANK_FILE));
    countsAfterFirst = await counts();
    bankImports.push(await importJson('bank-marketing', BANK_FILE));
    countsAfterSecond = await counts();
    const b = await importJson('anonymous-bank', ANON_FILE, '--tenant', 'callcenter');
    expect(b.status).toBe('completed');
    const out = path.join(dir, 'report.html');
    [bank, inbound] = await Promise.all([
      cli('evaluate', '--format', 'json').then((s) => JSON.parse(s) as EvaluationReport),
      cli(
        'evaluate',
        '--tenant',
        'callcenter',
        '--scenario',
        'government',
        '--format',
        'json',
      ).then((s) => JSON.parse(s) as EvaluationReport),
      cli('evaluate', '--tenant', 'callcenter', '--format', 'html', '--out', out),
    ]);
    html = readFileSync(out, 'utf8');
  }, SLOW);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const metric = (r: EvaluationReport, id: string): MetricResult =>
    r.metrics.find((m) => m.id === id)!;

  it('bank: `yunhu import` writes 45,211 customers and 5,289 deals; importing twice changes nothing', () => {
    expect(bankImports.map((r) => r.status)).toEqual(['completed', 'unchanged']);
    expect(bankImports[0]!.rows).toBe(45_211);
    expect(countsAfterFirst).toMatchObject({
      customers: 45_211,
      leads: 45_211,
      campaign_entries: 45_211,
      call_records: 124_956,
      deals: 5_289,
    });
    expect(countsAfterSecond).toEqual(countsAfterFirst);
  });

  it('bank: connection_rate is no data (attempt outcomes unknown), 124,956 attempts excluded', () => {
    const m = metric(bank, 'connection_rate');
    expect([m.value, m.numerator, m.denominator, m.status]).toEqual([null, 0, 0, 'no_data']);
    expect(m.details).toMatchObject({
      outboundAttempts: 124_956,
      excludedAttemptsUnknownOutcome: 124_956,
    });
  });

  it('bank: 5,289 subscribers of 45,211 contacted (11.70 %), 0.04233 per attempt', () => {
    const m = metric(bank, 'deal_conversion_rate');
    expect(m.value).toBeNull();
    expect(m.details).toMatchObject({
      closedWonCustomers: 5_289,
      contactedCustomers: 45_211,
      outboundAttempts: 124_956,
    });
    expect((m.details as { wonPerContactedCustomer: number }).wonPerContactedCustomer).toBeCloseTo(
      0.117,
      4,
    );
    expect((m.details as { wonPerAttempt: number }).wonPerAttempt).toBeCloseTo(0.04233, 5);
  });

  it('bank: mean talk 258.16 s and 1,947 of 45,211 last calls under 30 s', () => {
    const e = metric(bank, 'effective_connection_rate');
    expect([e.numerator, e.denominator]).toEqual([45_211 - 1_947, 45_211]);
    expect(e.details).toMatchObject({ shortCalls: 1_947, answeredCalls: 45_211 });
    expect((e.details as { meanTalkSeconds: number }).meanTalkSeconds).toBeCloseTo(258.16, 2);
    const aht = metric(bank, 'average_handle_time');
    expect(aht.value).toBeCloseTo(258.163, 3);
    expect(aht.details).toMatchObject({ shortCalls: 1_947 });
  });

  it('inbound: abandonment 18.88 %, mean service 184.4 s, mean wait of served calls 73.8 s', () => {
    const w = metric(inbound, 'inbound_queue_wait');
    expect(w.value).toBeCloseTo(73.81, 2);
    expect(w.denominator).toBe(31_402);
    const d = w.details as {
      abandonmentRate: number;
      meanServiceSeconds: number;
      abandonedInQueue: number;
    };
    expect(d.abandonedInQueue).toBe(7_309);
    expect(d.abandonmentRate).toBeCloseTo(0.1888, 4);
    expect(d.meanServiceSeconds).toBeCloseTo(184.4, 1);
    expect(metric(inbound, 'average_handle_time').value).toBeCloseTo(184.4, 1);
  });

  it('inbound: names the peak hour (10:00) and raises a red-line alert on its mean wait', () => {
    const peak = (
      metric(inbound, 'inbound_queue_wait').details as {
        peak: { hour: number; meanWaitSeconds: number };
      }
    ).peak;
    expect(peak.hour).toBe(10);
    expect(peak.meanWaitSeconds).toBeGreaterThan(60);
    const alert = inbound.alerts.find((a) => a.metric === 'inbound_queue_wait');
    expect(alert?.worst).toMatchObject({ by: 'hour', key: '10' });
    expect(alert?.value).toBe(peak.meanWaitSeconds);
    expect(alert?.action.link).toMatch(/^\/api\/wfm\/plan\?/);
    expect(inbound.scenario).toBe('government');
    expect(inbound.overall.score).not.toBeNull();
  });

  it('writes an offline HTML report with the data embedded', () => {
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('inbound_queue_wait');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
