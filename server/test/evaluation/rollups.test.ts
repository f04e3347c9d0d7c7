import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecordTable, Db } from '../../src/db/index.ts';
import { createTestDb, TEST_DIALECTS } from '../../src/db/index.ts';
import { evaluate, refreshRollups } from '../../src/modules/evaluation/index.ts';
import { FACT_NAMES, type CallFacts, emptyFacts } from '../../src/modules/evaluation/call-facts.ts';
import { rFactor, estimateMos, R_CLEAR } from '../../src/modules/evaluation/e-model.ts';
import {
  queryFacts,
  type FactGroup,
  type FactQuery,
} from '../../src/modules/evaluation/rollups.repo.ts';
import { ManualClock } from '../../src/platform/index.ts';
import { call, D, H, T0, tenantRow } from './fixture.ts';

// Roll-ups kept current incrementally (inserts, updates, deletes, refreshes of partial ranges)
// must equal a full raw recomputation, and the SQL fact expressions must equal an independent
// JS computation, on seeded random data, on every dialect.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomCalls(tenantId: string, n: number, seed: number, prefix: string): CallRecordTable[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(p: number, v: () => T): T | null => (r() < p ? v() : null);
  const rows: CallRecordTable[] = [];
  for (let i = 0; i < n; i++) {
    const created = T0 + Math.floor(r() * 72 * H);
    const inbound = r() < 0.5;
    const answered = r() < 0.7;
    const answer = answered ? created + Math.floor(r() * 20_000) : null;
    const queued = inbound && r() < 0.6;
    const queueEntry = queued ? created + Math.floor(r() * 10_000) : null;
    const agentAnswer =
      inbound && answered && r() < 0.8
        ? (queueEntry ?? created) + Math.floor(r() * 90_000)
        : !inbound && answered && r() < 0.5
          ? answer
          : null;
    const end =
      r() < 0.95
        ? Math.max(answer ?? created, agentAnswer ?? created) + Math.floor(r() * 200_000)
        : null;
    rows.push(
      call(tenantId, {
        id: `${prefix}${i}`,
        direction: inbound ? 'inbound' : 'outbound',
        created_at: created,
        answer_at: answer,
        agent_answer_at: agentAnswer,
        queue_entry_at: queueEntry,
        queue_exit_at: queueEntry !== null && r() < 0.7 ? queueEntry + 30_000 : null,
        end_at: end,
        agent_id: maybe(0.8, () => pick(['a1', 'a2', 'a3', 'a4'])),
        team_id: maybe(0.8, () => pick(['t1', 't2'])),
        // Some outbound calls belong to no campaign (manual dials): not the dialer's abandons.
        campaign_id: inbound ? null : maybe(0.9, () => pick(['c1', 'c2', 'c3'])),
        queue_id: inbound ? pick(['q1', 'q2']) : null,
        callee_province: maybe(0.9, () => pick(['广东', '北京', '上海'])),
        callee_carrier: maybe(0.9, () => pick(['中国移动', '中国联通', '中国电信'])),
        disposition: r() < 0.1 ? 'outcome_unknown' : null,
        core_info_delivered: r() < 0.2 ? 1 : 0,
        acw_seconds: maybe(0.3, () => Math.floor(r() * 60)),
        billed_cost: maybe(0.5, () => Math.round(r() * 100) / 100),
        billed_seconds: maybe(0.5, () => Math.floor(r() * 300)),
        loss_pct: maybe(0.4, () => Math.round(r() * 2000) / 100),
        jitter_ms: maybe(0.4, () => Math.floor(r() * 80)),
        rtt_ms: maybe(0.4, () => Math.floor(r() * 600)),
        mos: maybe(0.2, () => 1 + Math.round(r() * 350) / 100),
        video_offered: r() < 0.2 ? 1 : 0,
        video_established: r() < 0.5 ? 1 : 0,
      }),
    );
  }
  return rows;
}

/** Independent JS version of call-facts.ts (30 s effective talk, 20 s service level). */
function jsFacts(rows: CallRecordTable[]): CallFacts {
  const f = emptyFacts();
  for (const c of rows) {
    const out = c.direction === 'outbound';
    const inb = !out;
    const answered = c.answer_at !== null;
    const talked = answered && c.end_at !== null;
    const talk = talked ? c.end_at! - c.answer_at! : 0;
    const known = out && c.disposition !== 'outcome_unknown';
    const effective = answered && ((talked && talk >= 30_000) || c.core_info_delivered === 1);
    const handled = (inb && c.agent_answer_at !== null) || (out && answered);
    const served = inb && c.agent_answer_at !== null;
    const abandoned = inb && c.queue_entry_at !== null && c.agent_answer_at === null;
    const wait = c.queue_entry_at === null ? 0 : (c.agent_answer_at ?? 0) - c.queue_entry_at;
    const hasQ = c.mos !== null || c.loss_pct !== null || c.jitter_ms !== null || c.rtt_ms !== null;
    const add = (k: keyof CallFacts, v: number | boolean): void => {
      f[k] += typeof v === 'boolean' ? (v ? 1 : 0) : v;
    };
    add('calls', 1);
    add('outbound', out);
    add('out_known', known);
    add('out_known_answered', known && answered);
    add('answered', answered);
    add('talked', talked);
    add('talk_ms', talk);
    add('short_calls', talked && talk < 30_000);
    add('effective', effective);
    add('effective_talk_ms', effective && talked ? talk : 0);
    add('handled', handled);
    add('handle_n', handled && c.end_at !== null);
    add(
      'handle_ms',
      handled && c.end_at !== null ? c.end_at - (c.agent_answer_at ?? c.answer_at!) : 0,
    );
    add('acw_n', c.acw_seconds !== null);
    add('acw_s', c.acw_seconds ?? 0);
    add('queued', inb && c.queue_entry_at !== null);
    add('requests', inb && (c.queue_entry_at !== null || c.agent_answer_at !== null));
    add('served', served);
    add('abandoned', abandoned);
    add('wait_ms', served ? wait : 0);
    add('served_in_sl', served && wait <= 20_000);
    add(
      'abandon_wait_ms',
      abandoned ? (c.queue_exit_at ?? c.end_at ?? c.queue_entry_at!) - c.queue_entry_at! : 0,
    );
    const bounds: [keyof CallFacts, number, number][] = [
      ['w_0', -Infinity, 0],
      ['w_10', 0, 10_000],
      ['w_20', 10_000, 20_000],
      ['w_30', 20_000, 30_000],
      ['w_60', 30_000, 60_000],
      ['w_120', 60_000, 120_000],
      ['w_300', 120_000, 300_000],
      ['w_more', 300_000, Infinity],
    ];
    for (const [k, lo, hi] of bounds) add(k, served && wait > lo && wait <= hi);
    const q = answered && hasQ;
    const r = rFactor(c.loss_pct ?? 0, c.jitter_ms ?? 0, c.rtt_ms ?? 0);
    add('quality_n', q);
    add('clear_n', q && (c.mos !== null ? c.mos >= 3.6 : r >= R_CLEAR));
    add(
      'mos_sum',
      q ? (c.mos ?? estimateMos(c.loss_pct ?? 0, c.jitter_ms ?? 0, c.rtt_ms ?? 0)) : 0,
    );
    add('loss_n', answered && c.loss_pct !== null);
    add('loss_sum', answered ? (c.loss_pct ?? 0) : 0);
    add('jitter_n', answered && c.jitter_ms !== null);
    add('jitter_sum', answered ? (c.jitter_ms ?? 0) : 0);
    add('rtt_n', answered && c.rtt_ms !== null);
    add('rtt_sum', answered ? (c.rtt_ms ?? 0) : 0);
    add('video_offered', answered && c.video_offered === 1);
    add('video_established', answered && c.video_offered === 1 && c.video_established === 1);
    add('billed_n', c.billed_cost !== null);
    add('billed_cost', c.billed_cost ?? 0);
    add('billed_seconds', c.billed_seconds ?? 0);
    const dialerAnswered = out && c.campaign_id !== null && answered;
    add('dialer_answered', dialerAnswered);
    add('dialer_abandoned', dialerAnswered && c.agent_answer_at === null);
  }
  return f;
}

const closeFacts = (a: CallFacts, b: CallFacts): void => {
  for (const n of FACT_NAMES) expect(a[n], n).toBeCloseTo(b[n], 6);
};

describe.each(TEST_DIALECTS)('evaluation roll-ups on %s', (dialect) => {
  let db: Db;
  const clock = new ManualClock(T0 + 10 * D);
  const ctx = (): { db: Db; clock: ManualClock } => ({ db, clock });
  const tenantId = 'ru';
  const base: Omit<FactQuery, 'from' | 'to'> = {
    tenantId,
    filter: {},
    offsetMs: 8 * H,
    excludeCampaigns: ['c3'],
    thresholds: { effectiveTalkMs: 30_000, serviceLevelMs: 20_000 },
  };
  let all: CallRecordTable[] = [];

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.kysely.insertInto('tenants').values(tenantRow(tenantId)).execute();
    // A second tenant's calls must never leak into the first one's roll-ups.
    await db.kysely.insertInto('tenants').values(tenantRow('other')).execute();
    await db.kysely
      .insertInto('call_records')
      .values(randomCalls('other', 50, 7, 'x'))
      .execute();

    const a = randomCalls(tenantId, 200, 42, 'a');
    await db.kysely.insertInto('call_records').values(a).execute();
    await refreshRollups(ctx(), tenantId, {}); // first build
    const b = randomCalls(tenantId, 200, 4242, 'b');
    await db.kysely.insertInto('call_records').values(b).execute();
    const bFrom = Math.min(...b.map((c) => c.created_at));
    const bTo = Math.max(...b.map((c) => c.created_at)) + 1;
    await refreshRollups(ctx(), tenantId, { from: bFrom, to: bTo });
    // Live-writer style: change and delete single calls, refreshing only their hour.
    const changed = a.slice(0, 20);
    for (const c of changed) {
      await db.kysely
        .updateTable('call_records')
        .set({ answer_at: null, core_info_delivered: 1, mos: 4.4 })
        .where('id', '=', c.id)
        .execute();
      await refreshRollups(ctx(), tenantId, { from: c.created_at, to: c.created_at + 1 });
    }
    const removed = a.slice(20, 30);
    for (const c of removed) {
      await db.kysely.deleteFrom('call_records').where('id', '=', c.id).execute();
      await refreshRollups(ctx(), tenantId, { from: c.created_at, to: c.created_at + 1 });
    }
    all = await db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
  });
  afterAll(async () => {
    await db.close();
  });

  it('the SQL fact expressions equal an independent JS computation', async () => {
    const [raw] = await queryFacts(db, 'raw', { ...base, from: null, to: null }, null);
    expect(all.length).toBe(390);
    closeFacts(raw!.facts, jsFacts(all));
  });

  it.each<FactGroup | null>([
    null,
    'agent',
    'team',
    'campaign',
    'queue',
    'province',
    'carrier',
    'hour',
    'day',
    'week',
  ])(
    'roll-ups equal the raw scan grouped by %s, whole history and an hour-aligned range',
    async (group) => {
      for (const [from, to] of [
        [null, null],
        [T0 + 5 * H, T0 + 50 * H],
      ] as const) {
        const q = { ...base, from, to };
        const byKey = (rows: Awaited<ReturnType<typeof queryFacts>>) =>
          new Map(rows.map((r) => [r.key, r]));
        const raw = byKey(await queryFacts(db, 'raw', q, group));
        const roll = byKey(await queryFacts(db, 'rollups', q, group));
        expect([...roll.keys()].sort()).toEqual([...raw.keys()].sort());
        for (const [k, r] of raw) {
          const o = roll.get(k)!;
          closeFacts(o.facts, r.facts);
          expect([o.agents, o.activeDays, o.connAttempts, o.connAnswered]).toEqual([
            r.agents,
            r.activeDays,
            r.connAttempts,
            r.connAnswered,
          ]);
        }
      }
    },
  );

  it('filters by province (second grain) and by agent × province (raw fallback) agree', async () => {
    for (const [filter, group] of [
      [{ province: '广东' }, 'campaign'],
      [{ province: '广东' }, null],
      [{ carrier: '中国移动' }, 'province'],
      [{ agent: 'a1', province: '北京' }, 'hour'],
      [{ agent: 'a2' }, 'carrier'],
    ] as const) {
      const q = { ...base, from: null, to: null, filter };
      const raw = await queryFacts(db, 'raw', q, group);
      const roll = await queryFacts(db, 'rollups', q, group);
      expect(roll.map((r) => r.key).sort()).toEqual(raw.map((r) => r.key).sort());
      for (const r of raw) closeFacts(roll.find((o) => o.key === r.key)!.facts, r.facts);
      expect(raw.length).toBeGreaterThan(0);
    }
  });

  it('a whole evaluation from roll-ups equals one from the raw scan', async () => {
    const tenant = await db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const strip = (r: Awaited<ReturnType<typeof evaluate>>) => ({ ...r, source: null });
    const a = await evaluate(ctx(), tenant, { source: 'rollups', by: ['agent', 'hour', 'day'] });
    const b = await evaluate(ctx(), tenant, { source: 'raw', by: ['agent', 'hour', 'day'] });
    expect(strip(a)).toEqual(strip(b));
    expect(a.metrics.find((m) => m.id === 'effective_connection_rate')?.value).not.toBeNull();
  });

  it('rebuilds everything when the effective-talk threshold changes', async () => {
    await db.kysely
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ evaluation: { effectiveTalkSeconds: 60 } }) })
      .where('id', '=', tenantId)
      .execute();
    const result = await refreshRollups(ctx(), tenantId, { from: T0, to: T0 + 1 });
    expect(result.rebuilt).toBe(true);
    const q = {
      ...base,
      from: null,
      to: null,
      thresholds: { effectiveTalkMs: 60_000, serviceLevelMs: 20_000 },
    };
    const [raw] = await queryFacts(db, 'raw', q, null);
    const [roll] = await queryFacts(db, 'rollups', q, null);
    closeFacts(roll!.facts, raw!.facts);
    expect(roll!.facts.effective).toBeLessThan(jsFacts(all).effective);
  });
});
