import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { demoIvrFlow } from '../../src/modules/ivr/index.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from './helpers.ts';

// /api/admin/ivr/*: flows saved as versions with validation naming the bad path, rollback,
// service-number mapping, roles and tenant isolation.

const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'auditor'];
type Client = ReturnType<typeof as>;
const FLOW = demoIvrFlow({ salesQueueId: 'q-sales', serviceQueueId: 'q-service' });

describe.each(TEST_DIALECTS)('IVR admin API on %s', (dialect) => {
  let t: TestApp;
  const c = {} as Record<Role, Client>;
  let other: Client;
  const put = (cookie: string, url: string, payload: unknown) =>
    t.app.inject({ method: 'PUT', url, headers: { cookie }, payload: payload as object });
  const cookies = {} as Record<Role | 'other', string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    for (const role of ROLES) {
      cookies[role] = await login(t.app, 'default', role);
      c[role] = as(t.app, cookies[role]);
    }
    cookies.other = await login(t.app, 'other', 'admin');
    other = as(t.app, cookies.other);
  });
  afterAll(async () => {
    await t.close();
  });

  it('saves versions, lists, reads and rolls back', async () => {
    const v1 = await c.admin.post('/api/admin/ivr/flows', FLOW);
    expect(v1.statusCode, v1.body).toBe(201);
    expect(json(v1)).toMatchObject({ flowId: FLOW.id, version: 1, active: true });
    const v2 = await c.admin.post('/api/admin/ivr/flows', { ...FLOW, name: '热线 v2' });
    expect(json(v2)).toMatchObject({ version: 2, name: '热线 v2' });

    const list = json(await c.supervisor.get('/api/admin/ivr/flows')).items as object[];
    expect(list).toEqual([expect.objectContaining({ flowId: FLOW.id, version: 2 })]);
    const one = json(await c.supervisor.get(`/api/admin/ivr/flows/${FLOW.id}`));
    expect((one.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const old = await c.admin.get(`/api/admin/ivr/flows/${FLOW.id}/versions/1`);
    expect(json(old)).toMatchObject({ version: 1, name: FLOW.name, active: false });

    const back = await c.admin.post(`/api/admin/ivr/flows/${FLOW.id}/versions/1/activate`);
    expect(back.statusCode, back.body).toBe(200);
    expect(json(await c.admin.get(`/api/admin/ivr/flows/${FLOW.id}`))).toMatchObject({
      version: 1,
      active: true,
    });
    expect((await c.admin.get(`/api/admin/ivr/flows/${FLOW.id}/versions/x`)).statusCode).toBe(400);
  });

  it('refuses a bad flow with 400 naming every bad path, and stores nothing', async () => {
    const bad = {
      ...FLOW,
      id: 'bad-flow',
      nodes: { ...FLOW.nodes, menu: { ...FLOW.nodes.menu, timeoutMs: 100 } },
    };
    const res = await c.admin.post('/api/admin/ivr/flows', bad);
    expect(res.statusCode).toBe(400);
    const error = json(res).error as {
      code: string;
      where: string;
      message: string;
      details: { path: string }[];
    };
    expect(error.code).toBe('ivr_flow_invalid');
    expect(error.where).toBe('nodes.menu.timeoutMs');
    expect(error.message).toContain('nodes.menu.timeoutMs');
    expect(error.details.map((d) => d.path)).toEqual(['nodes.menu.timeoutMs']);
    expect((await c.admin.get('/api/admin/ivr/flows/bad-flow')).statusCode).toBe(404);
    const noStart = await c.admin.post('/api/admin/ivr/flows', { ...FLOW, start: 'nowhere' });
    expect((json(noStart).error as { where: string }).where).toBe('start');
  });

  it('maps service numbers to flows of the tenant only', async () => {
    const ok = await put(cookies.admin, '/api/admin/ivr/service-numbers/+862161234567', {
      flowId: FLOW.id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(await c.supervisor.get('/api/admin/ivr/service-numbers')).items).toEqual([
      { number: '+862161234567', flowId: FLOW.id },
    ]);
    const missing = await put(cookies.admin, '/api/admin/ivr/service-numbers/4001', {
      flowId: 'nope',
    });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error).toMatchObject({ where: 'flowId' });
    const badNumber = await put(cookies.admin, '/api/admin/ivr/service-numbers/12ab', {
      flowId: FLOW.id,
    });
    expect(json(badNumber).error).toMatchObject({ where: 'number' });
    const extra = await put(cookies.admin, '/api/admin/ivr/service-numbers/4001', {
      flowId: FLOW.id,
      x: 1,
    });
    expect(extra.statusCode).toBe(400);

    // The other tenant sees none of it and cannot take the number over.
    expect(json(await other.get('/api/admin/ivr/flows')).items).toEqual([]);
    expect((await other.get(`/api/admin/ivr/flows/${FLOW.id}`)).statusCode).toBe(404);
    expect(json(await other.get('/api/admin/ivr/service-numbers')).items).toEqual([]);
    expect((await other.post('/api/admin/ivr/flows', FLOW)).statusCode).toBe(201);
    const takeover = await put(cookies.other, '/api/admin/ivr/service-numbers/+862161234567', {
      flowId: FLOW.id,
    });
    expect(takeover.statusCode).toBe(409);
    expect(
      (await other.post(`/api/admin/ivr/flows/${FLOW.id}/versions/1/activate`)).statusCode,
    ).toBe(200);
  });

  it('lets only admins write and keeps agents and auditors out', async () => {
    for (const role of ['agent', 'auditor'] as const) {
      expect((await c[role].get('/api/admin/ivr/flows')).statusCode, role).toBe(403);
    }
    for (const role of ['supervisor', 'agent', 'auditor'] as const) {
      expect((await c[role].post('/api/admin/ivr/flows', FLOW)).statusCode, role).toBe(403);
      const res = await put(cookies[role], '/api/admin/ivr/service-numbers/4002', {
        flowId: FLOW.id,
      });
      expect(res.statusCode, role).toBe(403);
    }
  });
});
