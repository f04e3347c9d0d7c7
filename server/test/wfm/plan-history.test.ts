import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type CallRecordTable } from '../../src/db/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  parsePlanInput,
  planForPeak,
  planFromHistory,
  planFromParameters,
} from '../../src/modules/wfm/index.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from '../http/helpers.ts';

// Two Mondays (2026-06-01 and 06-08) of synthetic inbound traffic between 10:00 and 11:00
// Shanghai time (02:00–03:00 UTC): 20 served calls a day (10 s in queue, 180 s talk) and
// 4 abandonments after 60 s, plus a Tuesday with one call. Censored patience:
// (20·10 + 4·60) ÷ 4 = 110 s.
const SHANGHAI_10H = [Date.UTC(2026, 5, 1, 2), Date.UTC(2026, 5, 8, 2)];
const TUESDAY = Date.UTC(2026, 5, 2, 6);

function call(tenant: string, id: string, queuedAt: number, served: boolean): CallRecordTable {
  const wait = served ? 10_000 : 60_000;
  return {
    id,
    tenant_id: tenant,
    direction: 'inbound',
    caller: null,
    callee: null,
    callee_province: null,
    callee_city: null,
    callee_carrier: null,
    customer_id: null,
    trunk_id: null,
    caller_id_used: null,
    campaign_id: null,
    entry_id: null,
    queue_id: 'q1',
    agent_id: served ? `agent-${id.length % 3}` : null,
    team_id: null,
    created_at: queuedAt - 5_000,
    ring_at: null,
    answer_at: queuedAt - 5_000,
    agent_answer_at: served ? queuedAt + wait : null,
    end_at: queuedAt + wait + (served ? 180_000 : 0),
    ivr_entry_at: queuedAt - 5_000,
    ivr_exit_at: queuedAt,
    queue_entry_at: queuedAt,
    queue_exit_at: queuedAt + wait,
    status: 'completed',
    disposition: served ? 'served' : 'abandoned',
    hangup_cause: null,
    sip_status: null,
    core_info_delivered: 0,
    acw_seconds: null,
    billed_seconds: null,
    billed_cost: null,
    loss_pct: null,
    jitter_ms: null,
    rtt_ms: null,
    mos: null,
    video_offered: 0,
    video_established: 0,
    recording_path: null,
    source: 'test',
    external_ref: null,
  };
}

function history(tenant: string): CallRecordTable[] {
  const rows: CallRecordTable[] = [];
  for (const start of SHANGHAI_10H) {
    for (let i = 0; i < 24; i++) {
      rows.push(call(tenant, `${tenant}-${start}-${i}`, start + i * 150_000, i % 6 !== 5));
    }
  }
  rows.push(call(tenant, `${tenant}-tue`, TUESDAY, true));
  // Still running: not part of the history.
  rows.push({ ...call(tenant, `${tenant}-live`, TUESDAY, true), status: 'active' });
  return rows;
}

describe.each(TEST_DIALECTS)('staffing plan from stored history on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default', ['admin', 'supervisor', 'agent']);
    await ensureTenant(t.ctx.db, { id: 'ny', name: 'New York', timeZone: 'America/New_York' }, 0);
    await t.ctx.db.kysely
      .insertInto('call_records')
      .values([...history('default'), ...history('ny')])
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('forecasts Monday 10:00–11:00 at 24 calls, AHT 180 s, patience 110 s, and staffs it', async () => {
    const plan = await planFromHistory(
      t.ctx,
      'default',
      parsePlanInput({ fromHistory: true, intervalMinutes: 60 }),
    );
    expect(plan.model).toBe('erlang-a');
    expect(plan.history).toMatchObject({
      timeZone: 'Asia/Shanghai',
      from: '2026-06-01',
      to: '2026-06-08',
      requests: 49,
      weekdays: 'each',
    });
    expect(plan.intervals).toHaveLength(7 * 24);
    expect(plan.peak).toMatchObject({ weekdays: 'mon', start: '10:00', end: '11:00', calls: 24 });
    expect(plan.peak.aht).toBeCloseTo(180, 9);
    expect(plan.peak.patience).toBeCloseTo(110, 9);
    expect(plan.peak.observed).toMatchObject({ requests: 48, days: 2 });
    expect(plan.peak.observed.pAbandon).toBeCloseTo(8 / 48, 12);
    expect(plan.peak.observed.meanWait).toBeCloseTo(10, 9);
    // The same traffic given as parameters gives the same staffing and rows.
    const direct = planFromParameters(
      parsePlanInput({ calls: 24, intervalMinutes: 60, aht: 180, patience: 110 }),
    );
    expect(plan.recommended.agents).toBe(direct.recommended.agents);
    expect(plan.recommended.meanWait).toBeCloseTo(direct.recommended.meanWait ?? NaN, 9);
    expect(plan.rows.map((r) => r.agents)).toEqual(direct.rows.map((r) => r.agents));
    // Tuesday 14:00 local has one call over one Tuesday.
    const tue = plan.intervals.find((i) => i.weekdays === 'tue' && i.start === '14:00');
    expect(tue).toMatchObject({ calls: 1, agents: 1 });
  });

  it('groups the same instants in the tenant’s own time zone (New York: Sunday 22:00)', async () => {
    const plan = await planFromHistory(
      t.ctx,
      'ny',
      parsePlanInput({ fromHistory: true, intervalMinutes: 30 }),
    );
    expect(plan.peak).toMatchObject({ weekdays: 'sun', start: '22:00', end: '22:30', calls: 12 });
  });

  it('pools weekdays and honours an explicit range', async () => {
    const plan = await planFromHistory(
      t.ctx,
      'default',
      parsePlanInput({
        fromHistory: true,
        intervalMinutes: 15,
        weekday: 'mon-tue',
        from: '2026-06-01',
        to: '2026-06-07',
        model: 'erlang-c',
      }),
    );
    expect(plan.model).toBe('erlang-c');
    expect(plan.history).toMatchObject({ weekdays: 'mon,tue', requests: 25 });
    // 10:00–10:15: six calls on 06-01 over one Monday and one Tuesday.
    expect(plan.peak).toMatchObject({ start: '10:00', calls: 3, patience: null, pAbandon: null });
  });

  it('planForPeak gives the busiest weekday hour and the model at the staffing seen', async () => {
    const peak = await planForPeak(t.ctx, 'default', { targetWait: 30 });
    expect(peak).toMatchObject({ weekdays: 'mon', start: '10:00', model: 'erlang-a' });
    expect(peak?.observed.activeAgents).toBeGreaterThan(0);
    expect(peak?.atObservedStaffing?.agents).toBe(Math.round(peak?.observed.activeAgents ?? 0));
    expect(await planForPeak(t.ctx, 'nobody')).toBeNull();
    await expect(
      planFromHistory(t.ctx, 'nobody', parsePlanInput({ fromHistory: true })),
    ).rejects.toThrow(/No finished inbound calls/);
  });

  it('GET /api/wfm/plan: parameters, history, roles and errors', async () => {
    const supervisor = as(t.app, await login(t.app, 'default', 'supervisor'));
    const res = await supervisor.get(
      '/api/wfm/plan?calls=100&intervalMinutes=30&aht=180&agents=11..14',
    );
    expect(res.statusCode).toBe(200);
    const body = json(res);
    expect(Object.keys(body).sort()).toEqual(['model', 'recommended', 'rows']);
    expect(body.model).toBe('erlang-c');
    const rows = body.rows as Record<string, unknown>[];
    expect(rows.map((r) => r.agents)).toEqual([11, 12, 13, 14]);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      ['agents', 'meanWait', 'occupancy', 'pAbandon', 'pWait', 'serviceLevel'].sort(),
    );
    expect(rows[0]?.pWait).toBeCloseTo(0.6821, 4);
    expect(rows[0]?.pAbandon).toBeNull();
    expect(body.recommended).toMatchObject({ agents: 13, scheduled: 19 });

    const hist = await supervisor.get('/api/wfm/plan?fromHistory=true&intervalMinutes=60');
    expect(hist.statusCode).toBe(200);
    expect(json(hist).peak).toMatchObject({ weekdays: 'mon', start: '10:00', calls: 24 });

    const bad = await supervisor.get('/api/wfm/plan?calls=100&intervalMinutes=30');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(json(bad))).toMatch(/aht/);

    // Once crashed the server (V8 aborted growing the Erlang B table to 10^12 entries).
    const huge = await supervisor.get(
      '/api/wfm/plan?calls=10&intervalMinutes=30&aht=180&agents=999999999999..1000000000000',
    );
    expect(huge.statusCode).toBe(400);
    expect(json(huge)).toMatchObject({ error: { code: 'request.invalid', where: 'agents' } });
    const load = await supervisor.get('/api/wfm/plan?calls=1e12&intervalMinutes=30&aht=180');
    expect(load.statusCode).toBe(400);
    expect(JSON.stringify(json(load))).toMatch(/offered load of 1\.00e\+11 Erlangs/);

    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = (json(docs).paths ?? {}) as Record<string, unknown>;
    expect(paths).toHaveProperty(['/api/wfm/plan', 'get']);

    const agent = as(t.app, await login(t.app, 'default', 'agent'));
    expect((await agent.get('/api/wfm/plan?calls=1&intervalMinutes=30&aht=1')).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/wfm/plan?calls=1' })).statusCode).toBe(
      401,
    );
  });
});
