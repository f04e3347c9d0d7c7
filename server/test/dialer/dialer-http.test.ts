import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createTestDb, TEST_DIALECTS } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { startTelephonyRuntime, stopTelephonyRuntime } from '../../src/modules/calls/index.ts';
import { stopLiveCampaigns } from '../../src/modules/dialer/index.ts';
import {
  createFieldCipher,
  EventBus,
  ManualClock,
  silentLogger,
} from '../../src/platform/index.ts';
import { as, json, login, seedTenant, T0, type Json } from '../http/helpers.ts';
import { until } from './harness.ts';

// The campaign API in process (app.inject) on each dialect: create from CRM leads with validated
// settings, progress, start / pause / stop, agents' callbacks, roles and tenant scope. Starting
// needs the server's SIP engine: without it the answer is 409 dialer.sip_off; with it (loopback,
// no agent registered) the runner is live and its pacing says it stopped for want of agents.

type Client = ReturnType<typeof as>;
const NUMBERS = ['+8613800138001', '+8613800138002', '+8613800138003'];

const settings = (over: Json = {}): Json => ({
  trunk: {
    uri: 'sip:{number}@127.0.0.1:5999',
    auth: { username: 'trunk-user', password: 'trunk-secret' },
  },
  callerIds: ['+861080000001'],
  company: '云呼测试公司',
  ...over,
});

describe.each(TEST_DIALECTS)('campaign API on %s', (dialect) => {
  let ctx: AppContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dir: string;
  let supervisor: Client, agent: Client, otherAdmin: Client;
  let agentUserId: string;
  const leadIds: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yunhu-dialer-http-'));
    const rtp = 24_000 + Math.floor(Math.random() * 100) * 40;
    ctx = {
      config: loadConfig({
        YUNHU_LOG_LEVEL: 'silent',
        YUNHU_DATA_DIR: dir,
        YUNHU_SIP_HOST: '127.0.0.1',
        YUNHU_RTP_PORTS: `${rtp}-${rtp + 39}`,
      }),
      db: await createTestDb(dialect),
      cipher: createFieldCipher(randomBytes(32)),
      clock: new ManualClock(T0),
      logger: silentLogger,
      bus: new EventBus(),
    };
    app = await buildApp(ctx);
    await app.ready();
    const users = await seedTenant(ctx, 'default');
    agentUserId = users.agent;
    await seedTenant(ctx, 'other', ['admin']);
    supervisor = as(app, await login(app, 'default', 'supervisor'));
    agent = as(app, await login(app, 'default', 'agent'));
    otherAdmin = as(app, await login(app, 'other', 'admin'));
    for (const [i, phone] of NUMBERS.entries()) {
      const customer = json(await supervisor.post('/api/customers', { name: `客户${i}`, phone }));
      const lead = json(await supervisor.post('/api/leads', { customerId: customer.id }));
      leadIds.push(String(lead.id));
    }
  });
  afterAll(async () => {
    await stopLiveCampaigns(ctx);
    await stopTelephonyRuntime(ctx);
    await app.close();
    await ctx.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (name: string, over: Json = {}) =>
    supervisor.post('/api/dialer/campaigns', {
      name,
      dialMode: 'predictive',
      leadIds,
      settings: settings(),
      ...over,
    });

  it('creates a campaign from leads, with progress and the trunk password hidden', async () => {
    const res = await create('定期存款回访');
    expect(res.statusCode).toBe(201);
    const c = json(res);
    expect(c).toMatchObject({
      name: '定期存款回访',
      dialMode: 'predictive',
      status: 'ready',
      entries: 3,
      settings: { abandonCap: 0.03, connectLimitMs: 2000, ringTimeoutMs: 25_000 },
      progress: {
        entries: 3,
        entriesByState: { pending: 3 },
        attempts: 0,
        answered: 0,
        connected: 0,
        abandonRate: null,
        taskCompletionRate: 0,
      },
      live: { live: false, counters: null },
    });
    expect(JSON.stringify(c)).not.toContain('trunk-secret');
    // Sealed at rest: the settings column holds no clear password; the cipher opens it.
    const row = await ctx.db.kysely
      .selectFrom('campaigns')
      .select('settings')
      .where('id', '=', String(c.id))
      .executeTakeFirstOrThrow();
    expect(row.settings).not.toContain('trunk-secret');
    const stored = (JSON.parse(row.settings) as { trunk: { auth: { password: string } } }).trunk;
    expect(stored.auth.password).toMatch(/^enc:v1:/);
    expect(ctx.cipher.open(stored.auth.password)).toBe('trunk-secret');

    const list = json(await supervisor.get('/api/dialer/campaigns')).items as Json[];
    expect(list.map((x) => x.id)).toContain(c.id);
    expect(list.find((x) => x.id === c.id)).toMatchObject({
      settingsError: null,
      progress: { entries: 3 },
    });
    expect(json(await otherAdmin.get('/api/dialer/campaigns'))).toEqual({ items: [] });
    expect((await otherAdmin.get(`/api/dialer/campaigns/${String(c.id)}`)).statusCode).toBe(404);
    expect((await agent.get('/api/dialer/campaigns')).statusCode).toBe(403);
    expect((await agent.post('/api/dialer/campaigns', {})).statusCode).toBe(403);
  });

  it('refuses bad bodies naming the field', async () => {
    const noPlaceholder = await create('x', {
      settings: settings({ trunk: { uri: 'sip:carrier@127.0.0.1' } }),
    });
    expect(noPlaceholder.statusCode).toBe(400);
    expect(json(noPlaceholder)).toMatchObject({
      error: { code: 'request.invalid', where: 'settings.trunk.uri' },
    });
    const shortRing = await create('x', { settings: settings({ ringTimeoutMs: 10_000 }) });
    expect(json(shortRing)).toMatchObject({ error: { where: 'settings.ringTimeoutMs' } });
    const both = await create('x', { fromCampaignId: 'cm_1' });
    expect(both.statusCode).toBe(400);
    expect(json(both)).toMatchObject({ error: { where: 'leadIds' } });
    expect((await create('x', { dialMode: 'robocall' })).statusCode).toBe(400);
    const foreign = await create('x', { leadIds: ['lead-of-nobody'] });
    expect(json(foreign)).toMatchObject({ error: { code: 'campaign.list' } });
  });

  it('without SIP, start answers 409 dialer.sip_off; pause and stop set the status', async () => {
    const c = json(await create('无 SIP'));
    const id = String(c.id);
    const start = await supervisor.post(`/api/dialer/campaigns/${id}/start`);
    expect(start.statusCode).toBe(409);
    expect(json(start)).toMatchObject({ error: { code: 'dialer.sip_off' } });
    expect(json(await supervisor.get(`/api/dialer/campaigns/${id}`))).toMatchObject({
      status: 'ready',
    });
    expect(json(await supervisor.post(`/api/dialer/campaigns/${id}/pause`))).toEqual({
      status: 'paused',
      activeCalls: 0,
    });
    expect(json(await supervisor.post(`/api/dialer/campaigns/${id}/stop`))).toMatchObject({
      status: 'stopped',
    });
    const again = await supervisor.post(`/api/dialer/campaigns/${id}/start`);
    expect(json(again)).toMatchObject({ error: { code: 'campaign.finished' } });
    expect((await agent.post(`/api/dialer/campaigns/${id}/start`)).statusCode).toBe(403);
  });

  it('with SIP on loopback, starts a live runner that waits for agents, then pauses it', async () => {
    const runtime = await startTelephonyRuntime(ctx, { sipPort: 0, wsPort: 0 });
    expect(runtime).not.toBeNull();
    const id = String(json(await create('SIP 在线')).id);
    const started = await supervisor.post(`/api/dialer/campaigns/${id}/start`, {});
    expect(started.statusCode).toBe(200);
    expect(json(started)).toMatchObject({ status: 'running', live: { live: true } });
    await until(
      async () =>
        (json(await supervisor.get(`/api/dialer/campaigns/${id}`)).live as Json).lastDecision ===
        'stopped: no agent logged in',
      10_000,
    );
    const detail = json(await supervisor.get(`/api/dialer/campaigns/${id}`));
    expect(detail.live).toMatchObject({ loggedInAgents: 0, counters: { dialed: 0 } });
    const twice = await supervisor.post(`/api/dialer/campaigns/${id}/start`);
    expect(json(twice)).toMatchObject({ error: { code: 'campaign.running' } });
    expect(json(await supervisor.post(`/api/dialer/campaigns/${id}/pause`))).toEqual({
      status: 'paused',
      activeCalls: 0,
    });
    expect(json(await supervisor.get(`/api/dialer/campaigns/${id}`))).toMatchObject({
      live: { live: false },
      status: 'paused',
    });
    await stopTelephonyRuntime(ctx);
  });

  it('lets agents schedule and read their own callbacks; managers see all', async () => {
    const c = json(await create('回拨'));
    const id = String(c.id);
    const entries = await ctx.db.kysely
      .selectFrom('campaign_entries')
      .select('id')
      .where('campaign_id', '=', id)
      .orderBy('planned_at')
      .execute();
    const [e0, e1] = entries.map((e) => e.id) as [string, string];

    const past = await agent.post(`/api/dialer/campaigns/${id}/callbacks`, {
      entryId: e0,
      dueAt: T0 - 1,
    });
    expect(past.statusCode).toBe(400);
    expect(json(past)).toMatchObject({ error: { code: 'callback.due_at', where: 'dueAt' } });
    const noEntry = await agent.post(`/api/dialer/campaigns/${id}/callbacks`, {
      entryId: 'ent_none',
      dueAt: T0 + 3_600_000,
    });
    expect(noEntry.statusCode).toBe(404);

    const mine = await agent.post(`/api/dialer/campaigns/${id}/callbacks`, {
      entryId: e0,
      dueAt: T0 + 3_600_000,
      note: '客户说下午三点再打',
    });
    expect(mine.statusCode).toBe(201);
    expect(json(mine)).toMatchObject({ userId: agentUserId, entryState: 'callback' });
    const theirs = json(
      await supervisor.post(`/api/dialer/campaigns/${id}/callbacks`, {
        entryId: e1,
        dueAt: T0 + 7_200_000,
      }),
    );
    expect(json(await supervisor.get(`/api/dialer/campaigns/${id}`))).toMatchObject({
      progress: { entriesByState: { callback: 2, pending: 1 } },
    });
    const entry0 = await ctx.db.kysely
      .selectFrom('campaign_entries')
      .select(['state', 'next_attempt_at'])
      .where('id', '=', e0)
      .executeTakeFirstOrThrow();
    expect(Number(entry0.next_attempt_at)).toBe(T0 + 3_600_000);

    const agentView = json(await agent.get('/api/dialer/callbacks')).items as Json[];
    expect(agentView.map((x) => x.entryId)).toEqual([e0]);
    // An agent's ?userId= is ignored: always their own.
    const sneaky = json(await agent.get(`/api/dialer/callbacks?userId=${theirs.userId as string}`));
    expect((sneaky.items as Json[]).map((x) => x.entryId)).toEqual([e0]);
    const all = json(await supervisor.get(`/api/dialer/callbacks?campaignId=${id}`))
      .items as Json[];
    expect(all.map((x) => x.entryId)).toEqual([e0, e1]);
    expect(json(await otherAdmin.get('/api/dialer/callbacks'))).toEqual({ items: [] });

    expect((await agent.delete(`/api/dialer/callbacks/${theirs.id as string}`)).statusCode).toBe(
      404,
    );
    const own = agentView[0]!;
    expect((await agent.delete(`/api/dialer/callbacks/${own.id as string}`)).statusCode).toBe(204);
    expect(json(await supervisor.get(`/api/dialer/campaigns/${id}`))).toMatchObject({
      progress: { entriesByState: { callback: 1, pending: 2 } },
    });
    expect(
      (json(await agent.get('/api/dialer/callbacks?status=cancelled')).items as Json[]).length,
    ).toBe(1);
  });

  it('lists the routes on the OpenAPI page', async () => {
    const doc = json(await app.inject({ method: 'GET', url: '/api/docs/json' }));
    const paths = Object.keys(doc.paths as Json);
    for (const p of [
      '/api/dialer/campaigns',
      '/api/dialer/campaigns/{id}',
      '/api/dialer/campaigns/{id}/start',
      '/api/dialer/campaigns/{id}/pause',
      '/api/dialer/campaigns/{id}/stop',
      '/api/dialer/campaigns/{id}/callbacks',
      '/api/dialer/callbacks',
      '/api/dialer/callbacks/{id}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
