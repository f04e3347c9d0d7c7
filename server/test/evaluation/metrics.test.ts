import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECTS, type Db } from '../../src/db/index.ts';
import {
  CATALOGUE,
  evaluate,
  type EvaluationReport,
  type MetricResult,
} from '../../src/modules/evaluation/index.ts';
import { ManualClock } from '../../src/platform/index.ts';
import { call, D, H, seedFixture, T0, tenantRow } from './fixture.ts';

// Every metric of the catalogue against hand-computed values on the fixture (see fixture.ts),
// through both fact sources (roll-ups and raw scan), on every test dialect; plus "no data".

const clock = new ManualClock(T0 + 50 * D);

const metric = (r: EvaluationReport, id: string): MetricResult => {
  const m = r.metrics.find((x) => x.id === id);
  if (!m) throw new Error(`metric ${id} missing`);
  return m;
};

describe.each(TEST_DIALECTS)('evaluation metrics on %s', (dialect) => {
  let db: Db;
  let emptyDb: Db;
  const reports: Record<string, EvaluationReport> = {};

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await seedFixture(db, 'fx');
    // A database of its own: platform-wide incidents of the fixture would count for it too.
    emptyDb = await createTestDb(dialect);
    await emptyDb.kysely.insertInto('tenants').values(tenantRow('empty')).execute();
    const fx = await db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'fx')
      .executeTakeFirstOrThrow();
    const empty = await emptyDb.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'empty')
      .executeTakeFirstOrThrow();
    const deps = { db, clock };
    reports.rollups = await evaluate(deps, fx, { source: 'rollups' });
    reports.raw = await evaluate(deps, fx, { source: 'raw' });
    reports.ranged = await evaluate(deps, fx, { from: T0 - 10 * H, to: T0 });
    reports.repeat = await evaluate(deps, fx, { from: T0 - 2 * H, to: T0 + 40 * D });
    reports.empty = await evaluate({ db: emptyDb, clock }, empty, {});
  });
  afterAll(async () => {
    await db.close();
    await emptyDb.close();
  });

  describe.each(['rollups', 'raw'])('from %s', (source) => {
    const r = (): EvaluationReport => reports[source]!;

    it('connection_rate: 3 answered of 4 known attempts (c2 campaign and outcome_unknown left out)', () => {
      const m = metric(r(), 'connection_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.75, 3, 4]);
      expect(m.details?.outboundAttempts).toBe(6);
    });

    it('effective_connection_rate: 7 of 8 answered (o3 talks 10 s without core info)', () => {
      const m = metric(r(), 'effective_connection_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.875, 7, 8]);
      // talk 60+20+10+40+125+63+65+90 = 473 s over 8 calls; o2 and o3 are under 30 s
      expect(m.details).toMatchObject({ meanTalkSeconds: 59.125, shortCalls: 2 });
    });

    it('intent_rate: 2 intent customers ÷ 7 effective connections, levels split', () => {
      const m = metric(r(), 'intent_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.285714, 2, 7]);
      expect(m.details?.levels).toEqual({ high: 1, medium: 1, low: 1 });
    });

    it('deal_conversion_rate: cu1 won within 90 days, cu2 did not → 1/2', () => {
      const m = metric(r(), 'deal_conversion_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.5, 1, 2]);
    });

    it('resolution_rate: 3 of 4 tickets, first-contact 2 of 4', () => {
      const m = metric(r(), 'resolution_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.75, 3, 4]);
      expect(m.details?.firstContactResolution).toBe(0.5);
    });

    it('lead_followup_rate: l1 (follow-up) and l4 (effective call) of 3 call-center leads', () => {
      const m = metric(r(), 'lead_followup_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.666667, 2, 3]);
    });

    it('roi: (1200 revenue − 0.15 billed) ÷ 0.15', () => {
      const m = metric(r(), 'roi');
      expect([m.value, m.numerator, m.denominator]).toEqual([7999, 1199.85, 0.15]);
    });

    it('repeat_conversion_rate: no data without a range', () => {
      expect(metric(r(), 'repeat_conversion_rate').value).toBeNull();
    });

    it('effective_talk_time_per_agent: 463 s of effective talk ÷ 2 agents', () => {
      const m = metric(r(), 'effective_talk_time_per_agent');
      expect([m.value, m.numerator, m.denominator]).toEqual([231.5, 463, 2]);
    });

    it('handled_calls_per_agent: 7 handled ÷ (2 agents × 1 day)', () => {
      const m = metric(r(), 'handled_calls_per_agent');
      expect([m.value, m.numerator, m.denominator]).toEqual([3.5, 7, 2]);
    });

    it('average_handle_time: 330 s over 7 handled calls, after-call work 20 s', () => {
      const m = metric(r(), 'average_handle_time');
      expect([m.value, m.numerator, m.denominator]).toEqual([47.143, 330, 7]);
      expect(m.details?.afterCallWorkMeanSeconds).toBe(20);
    });

    it('outbound_task_completion_rate: 3 of 4 entries final', () => {
      const m = metric(r(), 'outbound_task_completion_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.75, 3, 4]);
    });

    it('inbound_queue_wait: (20 + 0 + 50) ÷ 3 served; peak 10:00 with 10 s; abandonment 1/4', () => {
      const m = metric(r(), 'inbound_queue_wait');
      expect([m.value, m.numerator, m.denominator]).toEqual([23.333, 70, 3]);
      expect(m.details).toMatchObject({
        abandonmentRate: 0.25,
        serviceLevel: 0.666667,
        meanWaitBeforeAbandonSeconds: 60,
        peak: { hour: 10, queueEntries: 2, served: 2, meanWaitSeconds: 10 },
      });
      expect(m.score).toBe(100);
    });

    it('unit_call_cost: 0.15 billed ÷ 10 calls', () => {
      const m = metric(r(), 'unit_call_cost');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.015, 0.15, 10]);
    });

    it('ops_cost: 0.5 incident hours × 600 (staff cost needs a range)', () => {
      expect(metric(r(), 'ops_cost').value).toBe(300);
    });

    it('csat 2/3 and nps (2 promoters − 1 detractor) ÷ 4 × 100 = 25', () => {
      const c = metric(r(), 'csat');
      expect([c.value, c.numerator, c.denominator]).toEqual([0.666667, 2, 3]);
      const n = metric(r(), 'nps');
      expect([n.value, n.numerator, n.denominator]).toEqual([25, 1, 4]);
    });

    it('complaint_rate 2/10 and harassment_rate 1/6, both past their red lines', () => {
      const c = metric(r(), 'complaint_rate');
      expect([c.value, c.numerator, c.denominator, c.status]).toEqual([0.2, 2, 10, 'breach']);
      const h = metric(r(), 'harassment_rate');
      expect([h.value, h.numerator, h.denominator, h.status]).toEqual([0.166667, 1, 6, 'breach']);
    });

    it('video_connection_rate: 1 of 2 calls offering video', () => {
      const m = metric(r(), 'video_connection_rate');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.5, 1, 2]);
    });

    it('voice_clarity: MOS 4.2 and R 93.2 clear, 10 % loss (R 66.13, MOS 3.41) not', () => {
      const m = metric(r(), 'voice_clarity');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.666667, 2, 3]);
      // (4.2 + 4.409286 + 3.410886) ÷ 3
      expect(m.details?.meanMos).toBeCloseTo(4.007, 3);
      expect(m.details?.meanLossPct).toBe(5);
    });

    it('availability over all history: 1800 s down of 50 days 10 hours observed', () => {
      const m = metric(r(), 'availability');
      expect(m.value).toBe(0.999587);
      expect(m.denominator).toBe(50 * 86_400 + 36_000);
    });

    it('mttr: (600 + 1200) ÷ 2 = 900 s, past the 10 min red line', () => {
      const m = metric(r(), 'mttr');
      expect([m.value, m.numerator, m.denominator, m.status]).toEqual([900, 1800, 2, 'breach']);
    });

    it('dial_latency: p95 of 100…2000 ms is 1900 ms, 10 of 20 within 1 s', () => {
      const m = metric(r(), 'dial_latency');
      expect([m.value, m.numerator, m.denominator]).toEqual([1900, 10, 20]);
      expect(m.details).toMatchObject({ p50: 1000, p99: 2000, platform: { p95: 20 } });
    });

    it('ivr_response_time: p95 of [500, 2500] is 2500 ms', () => {
      const m = metric(r(), 'ivr_response_time');
      expect([m.value, m.numerator, m.denominator, m.status]).toEqual([2500, 1, 2, 'breach']);
    });

    it('encryption_compliance: 3 sealed of 5 personal values', () => {
      const m = metric(r(), 'encryption_compliance');
      expect([m.value, m.numerator, m.denominator]).toEqual([0.6, 3, 5]);
    });

    it('access_control_effectiveness: one out-of-scope success, one denial', () => {
      const m = metric(r(), 'access_control_effectiveness');
      expect([m.value, m.numerator, m.denominator, m.status]).toEqual([1, 1, 3, 'breach']);
      expect(m.details).toMatchObject({ deniedAttempts: 1, outOfScopeSuccesses: 1 });
    });

    it('connection_rate_stability: no data with fewer than 30 attempts per province', () => {
      expect(metric(r(), 'connection_rate_stability').value).toBeNull();
    });

    it('raises the red-line alerts with actions in both languages', () => {
      const ids = r()
        .alerts.map((a) => a.metric)
        .sort();
      expect(ids).toEqual(
        [
          'access_control_effectiveness',
          'complaint_rate',
          'dial_latency',
          'encryption_compliance',
          'harassment_rate',
          'ivr_response_time',
          'mttr',
          'voice_clarity',
        ].sort(),
      );
      for (const a of r().alerts) {
        expect(a.action.zh.length).toBeGreaterThan(0);
        expect(a.action.en.length).toBeGreaterThan(0);
      }
    });
  });

  it('ranged: availability 0.95 over [T0 − 10 h, T0) and ops cost with pro-rated staff', () => {
    const r = reports.ranged!;
    const a = metric(r, 'availability');
    expect([a.value, a.numerator, a.denominator]).toEqual([0.95, 34_200, 36_000]);
    // 3000 × 10 h / 720 h + 300
    expect(metric(r, 'ops_cost').value).toBe(341.6667);
    expect(metric(r, 'connection_rate').value).toBeNull();
  });

  it('repeat_conversion_rate: cu3 (won before the range) bought again after a call → 1/1', () => {
    const m = metric(reports.repeat!, 'repeat_conversion_rate');
    expect([m.value, m.numerator, m.denominator]).toEqual([1, 1, 1]);
  });

  it('every metric is "no data" (null) for a tenant without any facts', () => {
    const r = reports.empty!;
    expect(r.metrics.map((m) => m.id)).toEqual(CATALOGUE.map((c) => c.id));
    for (const m of r.metrics) {
      expect({ id: m.id, value: m.value, status: m.status }).toEqual({
        id: m.id,
        value: null,
        status: 'no_data',
      });
    }
    expect(r.overall.score).toBeNull();
    expect(r.alerts).toEqual([]);
  });

  it('connection_rate_stability: provinces at 50 % and 75 % → cv 0.2, spread 0.25', async () => {
    await db.kysely.insertInto('tenants').values(tenantRow('st')).execute();
    const rows = [];
    for (let i = 0; i < 80; i++) {
      const province = i < 40 ? '甲' : '乙';
      const answered = i < 40 ? i < 20 : i < 70;
      rows.push(
        call('st', {
          id: `st${i}`,
          callee_province: province,
          callee_carrier: '中国移动',
          answer_at: answered ? T0 : null,
          end_at: T0 + 60_000,
        }),
      );
    }
    await db.kysely.insertInto('call_records').values(rows).execute();
    const st = await db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'st')
      .executeTakeFirstOrThrow();
    const r = await evaluate({ db, clock }, st, { source: 'raw' });
    const m = metric(r, 'connection_rate_stability');
    expect([m.value, m.numerator, m.denominator]).toEqual([0.2, 0.125, 0.625]);
    expect(m.details).toMatchObject({ provinces: { spread: 0.25 } });
  });
});
