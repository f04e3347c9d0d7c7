import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import type { DealTable } from '../../src/db/schema.types.ts';
import { localMidnight } from '../../src/http/agent-today.ts';
import { call } from '../evaluation/fixture.ts';
import { as, createTestApp, json, login, seedTenant, T0, type TestApp } from './helpers.ts';

// GET /api/agent/today: the signed-in agent's figures since the tenant's local midnight. T0 is
// 10:00 in Shanghai, so local midnight is 16:00 UTC the day before; call `a` falls between that
// and UTC midnight and counts only when the tenant's zone is used.

const S = 1000;
const MIDNIGHT = Date.UTC(2026, 0, 4, 16, 0, 0);

const deal = (id: string, callId: string, over: Partial<DealTable>): DealTable => ({
  id,
  tenant_id: 'td',
  customer_id: 'cu1',
  lead_id: null,
  call_id: callId,
  amount: 0,
  currency: 'CNY',
  stage: 'won',
  closed_won_at: T0 - 1000,
  external_ref: null,
  created_at: T0 - 1000,
  ...over,
});

describe.each(TEST_DIALECTS)('GET /api/agent/today on %s', (dialect) => {
  let t: TestApp;
  let agent: ReturnType<typeof as>;
  let supervisor: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const users = await seedTenant(t.ctx, 'td');
    const seat = (id: string, userId: string | null) => ({
      id,
      tenant_id: 'td',
      user_id: userId,
      name: `坐席${id}`,
      extension: null,
      team_id: null,
      skills: '[]',
      sip_password: null,
      external_ref: null,
      created_at: T0,
    });
    await t.ctx.db.kysely
      .insertInto('agents')
      .values([seat('ag1', users.agent), seat('ag2', users.supervisor), seat('ag3', null)])
      .execute();
    const out = (id: string, answer: number, talkS: number | null, over = {}) =>
      call('td', {
        id,
        agent_id: 'ag1',
        created_at: answer - 5 * S,
        answer_at: answer,
        end_at: talkS === null ? null : answer + talkS * S,
        ...over,
      });
    await t.ctx.db.kysely
      .insertInto('call_records')
      .values([
        out('a', MIDNIGHT + 60 * S, 90), // after local midnight, before UTC midnight: effective
        out('b', MIDNIGHT - 60 * S, 200), // yesterday, local time
        // inbound, 20 s with the agent, core information delivered → effective
        out('c', T0 - 3600 * S, null, {
          direction: 'inbound',
          agent_answer_at: T0 - 3600 * S + 5 * S,
          end_at: T0 - 3600 * S + 25 * S,
          core_info_delivered: 1,
        }),
        out('d', T0 - 600 * S, 30, { direction: 'inbound' }), // never reached the agent
        out('e', T0 - 300 * S, 10), // short
        out('f', T0 - 200 * S, 100, { agent_id: 'ag3' }), // someone else's
        out('g', T0 - 60 * S, null), // still talking
      ])
      .execute();
    await t.ctx.db.kysely
      .insertInto('deals')
      .values([
        deal('d1', 'a', { amount: 5000 }),
        deal('d2', 'b', { amount: 700, closed_won_at: MIDNIGHT - 1000 }), // won yesterday
        deal('d3', 'e', { amount: 900, stage: 'open', closed_won_at: null }),
        deal('d4', 'f', { amount: 1200 }), // another agent's call
      ])
      .execute();
    agent = as(t.app, await login(t.app, 'td', 'agent'));
    supervisor = as(t.app, await login(t.app, 'td', 'supervisor'));
    admin = as(t.app, await login(t.app, 'td', 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('computes local midnight in the tenant zone', () => {
    expect(localMidnight('Asia/Shanghai', T0)).toBe(MIDNIGHT);
    expect(localMidnight('UTC', T0)).toBe(Date.UTC(2026, 0, 5));
  });

  it('counts the agent’s calls, talk, effective calls and conversions since local midnight', async () => {
    const res = await agent.get('/api/agent/today');
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      seat: { id: 'ag1' },
      timeZone: 'Asia/Shanghai',
      since: MIDNIGHT,
      calls: 4, // a, c, e, g
      talkSeconds: 120, // 90 + 20 + 10
      avgTalkSeconds: 40, // over the three that ended
      effectiveCalls: 2, // a by talk, c by core information
      effectiveTalkSeconds: 30,
      conversions: 1,
      conversionAmount: 5000,
      state: null, // SIP is off in this app
    });
  });

  it('uses the tenant time zone: in UTC, call a and deal d1 are yesterday', async () => {
    await t.ctx.db.kysely
      .updateTable('tenants')
      .set({ time_zone: 'UTC' })
      .where('id', '=', 'td')
      .execute();
    try {
      const body = json(await agent.get('/api/agent/today'));
      expect(body).toMatchObject({ since: Date.UTC(2026, 0, 5), calls: 3, talkSeconds: 30 });
      expect(body).toMatchObject({ effectiveCalls: 1, conversions: 1 }); // d1 closed at T0 - 1 s
    } finally {
      await t.ctx.db.kysely
        .updateTable('tenants')
        .set({ time_zone: 'Asia/Shanghai' })
        .where('id', '=', 'td')
        .execute();
    }
  });

  it('zero calls are 0, an average over no calls is null', async () => {
    const body = json(await supervisor.get('/api/agent/today'));
    expect(body).toMatchObject({
      seat: { id: 'ag2' },
      calls: 0,
      talkSeconds: 0,
      avgTalkSeconds: null,
      effectiveCalls: 0,
      conversions: 0,
      conversionAmount: 0,
    });
  });

  it('no seat is no data (nulls, not zeros); auditors may not ask', async () => {
    const res = await admin.get('/api/agent/today');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      seat: null,
      calls: null,
      talkSeconds: null,
      conversions: null,
    });
    const auditor = as(t.app, await login(t.app, 'td', 'auditor'));
    expect((await auditor.get('/api/agent/today')).statusCode).toBe(403);
  });

  describe('a deal in the disposition (成交/商机)', () => {
    const countDeals = async () =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('deals')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('tenant_id', '=', 'td')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const countNotes = async (note: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('follow_ups')
          .select('id')
          .where('tenant_id', '=', 'td')
          .where('note', '=', note)
          .execute()
      ).length;

    beforeAll(async () => {
      await t.ctx.db.kysely
        .insertInto('call_records')
        .values(
          call('td', {
            id: 'h',
            agent_id: 'ag1',
            customer_id: 'cu1',
            created_at: T0 - 100 * S,
            answer_at: T0 - 95 * S,
            end_at: T0 - 35 * S,
          }),
        )
        .execute();
    });

    it.each([
      [{ amount: -5 }, 'deal.amount must be > 0'],
      [{ amount: 'abc' }, 'deal.amount must be a number'],
      [{ amount: 1.234 }, 'at most 2 decimals'],
      [{ amount: 10, stage: 'won' }, 'stage'],
    ])('rejects deal %j with a 400 naming it and stores nothing', async (bad, message) => {
      const before = await countDeals();
      const res = await agent.post('/api/calls/h/disposition', { note: 'bad-deal', deal: bad });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(message);
      expect(await countDeals()).toBe(before);
      expect(await countNotes('bad-deal')).toBe(0);
    });

    it('400 for a deal on a call without a customer, and nothing else is written', async () => {
      const res = await agent.post('/api/calls/g/disposition', {
        note: 'no-cust',
        deal: { amount: 10 },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain('calls.deal_no_customer');
      expect(await countNotes('no-cust')).toBe(0);
    });

    it('writes the deal with the disposition, linked to the call and its customer', async () => {
      const before = await countDeals();
      const res = await agent.post('/api/calls/h/disposition', {
        intentLevel: 'high',
        note: '签约',
        deal: { amount: 8800.5, stage: 'closed_won' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(await countDeals()).toBe(before + 1);
      const row = await t.ctx.db.kysely
        .selectFrom('deals')
        .selectAll()
        .where('tenant_id', '=', 'td')
        .where('call_id', '=', 'h')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ customer_id: 'cu1', stage: 'closed_won', currency: 'CNY' });
      expect(Number(row.amount)).toBe(8800.5);
      expect(Number(row.closed_won_at)).toBe(T0);
      expect(await countNotes('签约')).toBe(1);
      // The won deal is today's second conversion; h is the fifth call (60 s, effective).
      expect(json(await agent.get('/api/agent/today'))).toMatchObject({
        calls: 5,
        talkSeconds: 180,
        effectiveCalls: 3,
        conversions: 2,
        conversionAmount: 13800.5,
      });
    });

    it('an open-stage deal has no won time and is no conversion', async () => {
      const res = await agent.post('/api/calls/h/disposition', {
        deal: { amount: 300, stage: 'proposal' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const rows = await t.ctx.db.kysely
        .selectFrom('deals')
        .select(['stage', 'closed_won_at'])
        .where('call_id', '=', 'h')
        .where('stage', '=', 'proposal')
        .execute();
      expect(rows).toEqual([{ stage: 'proposal', closed_won_at: null }]);
      expect(json(await agent.get('/api/agent/today'))).toMatchObject({ conversions: 2 });
    });
  });
});
