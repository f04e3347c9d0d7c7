// Click-to-dial on real peers: the agent's phone is baresip registered as extension 1001
// (auto-answer), the trunk is a sipp callee on loopback (rings, answers, talks, hangs up). The
// API's refusals (bad body, compliance gate, no device) are checked over HTTP on the same server.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { drainClickToDial } from '../../src/modules/click-dial/index.ts';
import {
  addDnc,
  saveComplianceSettings,
  type ComplianceTables,
} from '../../src/modules/compliance/index.ts';
import { createCustomer, createLead, type Actor } from '../../src/modules/crm/index.ts';
import { AgentSeats, deskAware } from '../../src/modules/dialer/index.ts';
import { evaluate } from '../../src/modules/evaluation/index.ts';
import { findTenant } from '../../src/modules/tenants/index.ts';
import { as, json, login } from '../http/helpers.ts';
import { freePort } from '../sip/harness.ts';
import { sippCallee } from '../web/callee.ts';
import {
  inboundTestServer,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from './harness.ts';

const CALLEE = '+8613900139000';
const DNC = '+8613700137000';
let t: InboundTestServer;
let agent: Baresip;
let agentCookie = '';
let adminCookie = '';
let leadId = '';
let dncCustomerId = '';
let seatId = '';
let calleePort = 0;

beforeAll(async () => {
  t = await inboundTestServer('16300-16399', { record: true, wrapUpMs: 1000 });
  const ctx = t.server.ctx;
  // Calls may be placed at any hour the suite runs.
  await saveComplianceSettings(ctx.db, TENANT, { windows: [{ from: '00:00', to: '24:00' }] }, 0);
  const user = await createUser(ctx, TENANT, {
    username: 'dialer1001',
    password: 'dialer-1001-pw',
    role: 'agent',
  });
  seatId = (
    await ctx.db.kysely
      .updateTable('agents')
      .set({ user_id: user.id })
      .where('tenant_id', '=', TENANT)
      .where('extension', '=', '1001')
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await createUser(ctx, TENANT, { username: 'boss', password: 'boss-admin-pw', role: 'admin' });
  const admin: Actor = { tenantId: TENANT, userId: user.id, role: 'admin' };
  const customer = await createCustomer(ctx, admin, { phone: CALLEE, name: '张三' });
  leadId = (
    await createLead(ctx, admin, {
      customerId: customer.id,
      pool: 'public',
      source: 'manual',
      status: 'new',
    })
  ).id;
  dncCustomerId = (await createCustomer(ctx, admin, { phone: DNC, name: '李四' })).id;
  await addDnc(ctx, { tenantId: TENANT, phone: DNC, list: 'tenant', reason: 'asked not to call' });
  agentCookie = await login(t.server.app, TENANT, 'dialer1001', 'dialer-1001-pw');
  adminCookie = await login(t.server.app, TENANT, 'boss', 'boss-admin-pw');
  calleePort = await freePort();
}, 60_000);

afterAll(async () => {
  await t?.close();
  if (agent) rmSync(agent.dir, { recursive: true, force: true });
});

describe('POST /api/agent/dial', () => {
  it('rejects a body without exactly one target, naming the problem', async () => {
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', {
      leadId,
      number: CALLEE,
    });
    expect(res.statusCode).toBe(400);
    const error = json(res).error as { code: string; message: string };
    expect(error.code).toBe('request.invalid');
    expect(error.message).toContain('exactly one of leadId, customerId, number (got 2)');
    const bad = await as(t.server.app, agentCookie).post('/api/agent/dial', { number: 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({ where: 'number' });
  });

  it('answers 503 until an admin sets the outbound trunk, which keeps its password', async () => {
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', { leadId });
    expect(res.statusCode).toBe(503);
    expect(json(res).error).toMatchObject({ code: 'dial.no_trunk' });
    const put = await t.server.app.inject({
      method: 'PUT',
      url: '/api/settings/outbound',
      headers: { cookie: adminCookie },
      payload: {
        trunk: {
          uri: `sip:{number}@127.0.0.1:${calleePort}`,
          id: 'loopback-trunk',
          auth: { username: 'acct', password: 'secret' },
        },
        callerId: '+861058001234',
        record: true,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put).settings).toMatchObject({ trunk: { auth: { password: '***' } } });
    const noBraces = await t.server.app.inject({
      method: 'PUT',
      url: '/api/settings/outbound',
      headers: { cookie: adminCookie },
      payload: { trunk: { uri: 'sip:carrier.example' }, callerId: '+861058001234' },
    });
    expect(noBraces.statusCode).toBe(400);
    expect(json(noBraces).error).toMatchObject({ where: 'trunk.uri' });
    const byAgent = await as(t.server.app, agentCookie).get('/api/settings/outbound');
    expect(byAgent.statusCode).toBe(403);
  });

  it('refuses a do-not-call number with the gate reason and records the refusal', async () => {
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', {
      customerId: dncCustomerId,
    });
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({
      code: 'dnc.tenant',
      message: "号码在本企业的免打扰名单中 / The number is on the tenant's do-not-call list",
    });
    const refusals = await t.server.ctx.db.kysely
      .withTables<ComplianceTables>()
      .selectFrom('compliance_refusals')
      .select(['code', 'phone_masked'])
      .where('tenant_id', '=', TENANT)
      .execute();
    expect(refusals).toEqual([{ code: 'dnc.tenant', phone_masked: '137****7000' }]);
    const calls = await t.server.ctx.db.kysely.selectFrom('call_records').select('id').execute();
    expect(calls).toEqual([]);
  });

  it('answers 409 dial.no_device while the agent has neither softphone nor registered phone', async () => {
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', { leadId });
    expect(res.statusCode).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'dial.no_device' });
    const device = await as(t.server.app, agentCookie).get('/api/agent/dial/device');
    expect(json(device)).toEqual({ seat: true, available: false, kind: null });
  });

  it('rings the agent phone, then the sipp callee; bridged, recorded, record and latency written', async () => {
    const ctx = t.server.ctx;
    agent = await startBaresipAgent(
      t.server.telephony!.ports.udp!,
      '1001',
      SIP_PASSWORD,
      16500,
      800,
    );
    const registrar = t.server.telephony!.registrar!;
    await until('baresip registered', () => registrar.lookup('1001').length > 0, 30_000, agent.log);
    const device = await as(t.server.app, agentCookie).get('/api/agent/dial/device');
    expect(json(device)).toEqual({ seat: true, available: true, kind: 'sip-phone' });
    // The trunk challenges (401) and checks the digest for acct / secret: the password sealed at
    // rest reaches the SIP client opened.
    const callee = sippCallee(calleePort, t.dir, 60_000, 'uas-digest-ring-answer-talk-hang-up.xml');
    await new Promise((r) => setTimeout(r, 500)); // sipp listening
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', { leadId });
    expect(res.statusCode, res.body).toBe(201);
    const started = json(res) as { callId: string; leadId: string; customerId: string };
    expect(started.leadId).toBe(leadId);
    const r = await callee;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    await drainClickToDial(ctx);

    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('id', '=', started.callId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      disposition: 'connected',
      agent_id: seatId,
      customer_id: started.customerId,
      trunk_id: 'loopback-trunk',
      caller_id_used: '+861058001234',
      hangup_cause: 'callee-hangup',
      source: 'click-to-dial',
    });
    expect(ctx.cipher.open(record.callee!)).toBe(CALLEE);
    const created = Number(record.created_at);
    expect(Number(record.ring_at)).toBeGreaterThanOrEqual(created);
    expect(Number(record.answer_at)).toBeGreaterThan(Number(record.ring_at));
    expect(Number(record.end_at) - Number(record.answer_at)).toBeGreaterThan(5000);
    expect(record.recording_path && existsSync(record.recording_path)).toBe(true);

    const samples = await ctx.db.kysely
      .selectFrom('latency_samples')
      .select(['kind', 'value_ms', 'call_id'])
      .where('tenant_id', '=', TENANT)
      .where('call_id', '=', started.callId)
      .orderBy('kind')
      .execute();
    expect(samples.map((s) => s.kind)).toEqual(['dial', 'dial_platform']);
    const [dial, platform] = samples.map((s) => Number(s.value_ms)) as [number, number];
    console.log(`click-to-dial latency: dial ${dial} ms, platform share ${platform} ms`);
    // sipp rings at once: request → 180 is the platform's work plus a loopback round trip.
    expect(dial).toBeGreaterThanOrEqual(platform);
    expect(dial).toBeLessThan(1000);

    const attempt = await ctx.db.kysely
      .withTables<ComplianceTables>()
      .selectFrom('dial_attempts')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ call_id: started.callId, answered: 1, abandoned: 0 });

    const report = await evaluate(ctx, (await findTenant(ctx.db, TENANT))!, { source: 'raw' });
    const metric = report.metrics.find((m) => m.id === 'dial_latency');
    expect(metric?.value).toBe(dial);
    expect(metric?.denominator).toBe(1);
    // The agent is back to the state it dialed from (ready: the phone registered and logged in).
    const state = (await t.server.inbound!.desk(TENANT)).acd.agentState(seatId);
    expect(state).toMatchObject({ status: 'ready' });
  }, 90_000);

  it('a busy callee: disposition busy, SIP 486, only the platform share is sampled', async () => {
    const ctx = t.server.ctx;
    const callee = sippCallee(calleePort, t.dir, 30_000, 'uas-busy-486.xml');
    await new Promise((r) => setTimeout(r, 500));
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', { number: CALLEE });
    expect(res.statusCode, res.body).toBe(201);
    const { callId, customerId } = json(res) as { callId: string; customerId: string };
    expect(customerId).toBeTruthy(); // the typed number is the lead's customer
    const r = await callee;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    await drainClickToDial(ctx);
    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      status: 'completed',
      disposition: 'busy',
      sip_status: 486,
      answer_at: null,
      ring_at: null,
      recording_path: null,
    });
    const kinds = await ctx.db.kysely
      .selectFrom('latency_samples')
      .select('kind')
      .where('call_id', '=', callId)
      .execute();
    expect(kinds).toEqual([{ kind: 'dial_platform' }]);
    const state = (await t.server.inbound!.desk(TENANT)).acd.agentState(seatId);
    expect(state).toMatchObject({ status: 'ready' });
  }, 60_000);

  it('answers 409 dial.busy while a campaign holds the agent, and places no call', async () => {
    const ctx = t.server.ctx;
    const desk = await t.server.inbound!.desk(TENANT);
    // The dialer's seats on the real desk, as the live server wires them.
    const seats = new AgentSeats(
      deskAware(
        { loggedIn: () => [{ id: seatId, uri: 'sip:1001@127.0.0.1' }] },
        { status: (id) => desk.acd.agentState(id), event: (id, e) => desk.event(id, e) },
      ),
    );
    seats.sync(ctx.clock.now());
    const seat = seats.reserveAgent(seatId, ctx.clock.now());
    expect(seat).not.toBeNull();
    const before = await ctx.db.kysely.selectFrom('call_records').select('id').execute();
    const res = await as(t.server.app, agentCookie).post('/api/agent/dial', { number: CALLEE });
    expect(res.statusCode, res.body).toBe(409);
    expect(json(res).error).toMatchObject({ code: 'dial.busy' });
    const after = await ctx.db.kysely.selectFrom('call_records').select('id').execute();
    expect(after.length).toBe(before.length);
    seats.set(seat!, 'ready', ctx.clock.now());
    expect(desk.acd.agentState(seatId)).toMatchObject({ status: 'ready' });
  });
});
