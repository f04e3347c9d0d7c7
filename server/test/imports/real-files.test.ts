import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { runImport, type ImportReport } from '../../src/modules/imports/index.ts';
import {
  ANON_FILE,
  BANK_FILE,
  importTestContext,
  tableCounts,
  type ImportTestContext,
} from './helpers.ts';

// The two real data sets imported end to end; every expected figure comes from the data READMEs
// (examples/*/README.md) and is counted back from the database, not from the import report.
const FULL_FILE_TIMEOUT = 300_000;

describe.each(TEST_DIALECTS)('real example files on %s', (dialect) => {
  let t: ImportTestContext;
  let bank: ImportReport;
  let anon: ImportReport;
  const written: number[] = [];

  beforeAll(async () => {
    t = await importTestContext(dialect);
    t.ctx.bus.on('calls.written', (p) => {
      written.push((p as { callIds: string[] }).callIds.length);
    });
    bank = await runImport(t.ctx, { tenantId: 't1', kind: 'bank-marketing', filePath: BANK_FILE });
    anon = await runImport(t.ctx, { tenantId: 't1', kind: 'anonymous-bank', filePath: ANON_FILE });
  }, FULL_FILE_TIMEOUT);
  afterAll(async () => {
    await t.close();
  });

  const q = <T>(query: ReturnType<typeof sql<T>>) =>
    query.execute(t.ctx.db.kysely).then((r) => r.rows[0]!);

  it('bank-marketing: 45,211 customers, leads and entries, 5,289 closed-won deals', async () => {
    expect(bank.status).toBe('completed');
    expect(bank.rows).toBe(45_211);
    expect(bank.errors).toEqual([]);
    const db = t.ctx.db.kysely;
    const count = async (table: 'customers' | 'leads' | 'campaign_entries') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', 't1')
            .where(sql<boolean>`id like ${table === 'campaign_entries' ? 'ent_%' : '%'}`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('leads')).toBe(45_211);
    expect(await count('campaign_entries')).toBe(45_211);
    const customers = await q(
      sql<{
        n: number;
      }>`select count(*) as n from customers where external_ref like 'bank-marketing:%'`,
    );
    expect(Number(customers.n)).toBe(45_211);
    const deals = await q(
      sql<{
        n: number;
      }>`select count(*) as n from deals where stage = 'closed_won' and closed_won_at is not null`,
    );
    expect(Number(deals.n)).toBe(5_289);
  });

  it('bank-marketing: 124,956 outbound contacts, of which the 45,211 last calls carry the talk time', async () => {
    const calls = await q(
      sql<{ total: number; unknown: number; answered: number; short: number; talk: number }>`
        select count(*) as total,
          sum(case when disposition = 'outcome_unknown' then 1 else 0 end) as unknown,
          sum(case when answer_at is not null then 1 else 0 end) as answered,
          sum(case when answer_at is not null and end_at - answer_at < 30000 then 1 else 0 end) as short,
          sum(case when answer_at is not null then end_at - answer_at else 0 end) as talk
        from call_records where source = 'import:bank-marketing'`,
    );
    expect(Number(calls.total)).toBe(124_956);
    expect(Number(calls.unknown)).toBe(124_956 - 45_211);
    expect(Number(calls.answered)).toBe(45_211);
    expect(Number(calls.short)).toBe(1_947);
    expect(Number(calls.talk)).toBe(11_671_811_000);
    expect((Number(calls.talk) / 1000 / 45_211).toFixed(2)).toBe('258.16');
  });

  it('bank-marketing: the campaign says attempt outcomes are unknown; dates run May 2008 – Nov 2010', async () => {
    const campaign = await t.ctx.db.kysely
      .selectFrom('campaigns')
      .selectAll()
      .where('external_ref', '=', 'bank-marketing')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(campaign.settings)).toMatchObject({ attemptOutcomesKnown: false });
    const span = await q(
      sql<{ first: number; last: number }>`select min(answer_at) as first, max(answer_at) as last
        from call_records where source = 'import:bank-marketing'`,
    );
    // 12:00 in Asia/Shanghai = 04:00 UTC.
    expect(new Date(Number(span.first)).toISOString()).toBe('2008-05-05T04:00:00.000Z');
    expect(new Date(Number(span.last)).toISOString()).toBe('2010-11-17T04:00:00.000Z');
  });

  it('anonymous-bank: 42,078 rows, 310 PHANTOM skipped, 41,768 inbound calls', async () => {
    expect(anon.status).toBe('completed');
    expect(anon.rows).toBe(42_078);
    expect(anon.skipped).toEqual({ phantom: 310 });
    const calls = await q(
      sql<{ n: number }>`select count(*) as n from call_records where direction = 'inbound'`,
    );
    expect(Number(calls.n)).toBe(41_768);
    expect(written).toEqual([124_956, 41_768]);
  });

  it('anonymous-bank: abandonment 18.88 %, mean service 184.40 s, mean wait of served 73.81 s', async () => {
    const r = await q(
      sql<{ served: number; abandoned: number; service: number; wait: number }>`
        select sum(case when agent_answer_at is not null then 1 else 0 end) as served,
          sum(case when queue_entry_at is not null and agent_answer_at is null then 1 else 0 end) as abandoned,
          sum(case when agent_answer_at is not null then end_at - agent_answer_at else 0 end) as service,
          sum(case when agent_answer_at is not null and queue_entry_at is not null
                   then agent_answer_at - queue_entry_at else 0 end) as wait
        from call_records where direction = 'inbound'`,
    );
    const served = Number(r.served);
    const abandoned = Number(r.abandoned);
    expect(served).toBe(31_402);
    expect(abandoned).toBe(7_309);
    expect(((abandoned / (served + abandoned)) * 100).toFixed(2)).toBe('18.88');
    expect((Number(r.service) / 1000 / served).toFixed(2)).toBe('184.40');
    expect((Number(r.wait) / 1000 / served).toFixed(2)).toBe('73.81');
  });

  it('anonymous-bank: one agent per server name, hour-of-day in local time (10:00 has 3,729 arrivals)', async () => {
    const agents = await q(sql<{ n: number }>`select count(*) as n from agents`);
    expect(Number(agents.n)).toBe(31);
    // Asia/Shanghai is UTC+8: local hour 10 = 02:00 UTC.
    const ten = await q(
      sql<{ n: number }>`select count(*) as n from call_records where direction = 'inbound'
        and mod(created_at / 1000 + 8 * 3600, 86400) >= 36000
        and mod(created_at / 1000 + 8 * 3600, 86400) < 39600`,
    );
    expect(Number(ten.n)).toBe(3_729);
  });

  it(
    'importing both files again changes nothing',
    async () => {
      const before = await tableCounts(t.ctx);
      const again = await runImport(t.ctx, {
        tenantId: 't1',
        kind: 'bank-marketing',
        filePath: BANK_FILE,
      });
      const again2 = await runImport(t.ctx, {
        tenantId: 't1',
        kind: 'anonymous-bank',
        filePath: ANON_FILE,
      });
      expect([again.status, again2.status]).toEqual(['unchanged', 'unchanged']);
      expect(await tableCounts(t.ctx)).toEqual(before);
    },
    FULL_FILE_TIMEOUT,
  );
});
