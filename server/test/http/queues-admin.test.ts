import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from './helpers.ts';

// /api/admin/queues: roles, tenant isolation, validation naming the field, overflow rules and the
// agents (with skill levels) shown per queue.

const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'auditor'];
type Client = ReturnType<typeof as>;

describe.each(TEST_DIALECTS)('queue admin API on %s', (dialect) => {
  let t: TestApp;
  const c = {} as Record<Role, Client>;
  let other: Client;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    for (const role of ROLES) c[role] = as(t.app, await login(t.app, 'default', role));
    other = as(t.app, await login(t.app, 'other', 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates with defaults, edits, lists agents by skill level, deletes', async () => {
    const created = await c.admin.post('/api/admin/queues', {
      id: 'sales',
      name: '销售队列',
      skill: 'sales',
      settings: { record: false, ringTimeoutMs: 20_000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(json(created)).toMatchObject({
      id: 'sales',
      skill: 'sales',
      settings: { record: false, ringTimeoutMs: 20_000, maxWaitMs: 300_000, wrapUpMs: 10_000 },
    });
    const agent = await c.admin.post('/api/agents', {
      name: '坐席 1001',
      extension: '1001',
      skills: [{ skill: 'sales', level: 7 }],
    });
    expect(agent.statusCode, agent.body).toBe(201);
    const patched = await c.admin.patch('/api/admin/queues/sales', {
      settings: { callbackDigit: null, priority: 5 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched)).toMatchObject({
      settings: { record: false, ringTimeoutMs: 20_000, callbackDigit: null, priority: 5 },
      agents: [{ name: '坐席 1001', extension: '1001', level: 7 }],
    });
    const list = json(await c.supervisor.get('/api/admin/queues')).items as { id: string }[];
    expect(list.map((q) => q.id)).toEqual(['sales']);
    // The live snapshot sees the same queue.
    const live = json(await c.supervisor.get('/api/queues')).items as { id: string }[];
    expect(live.map((q) => q.id)).toContain('sales');

    expect(
      (
        await c.admin.post('/api/admin/queues', {
          id: 'vip',
          name: 'VIP',
          skill: 'vip',
          settings: { overflow: { kind: 'queue', queueId: 'sales' } },
        })
      ).statusCode,
    ).toBe(201);
    const inUse = await c.admin.delete('/api/admin/queues/sales');
    expect(inUse.statusCode).toBe(409);
    expect(json(inUse).error).toMatchObject({ code: 'queue.in_use' });
    expect((await c.admin.delete('/api/admin/queues/vip')).statusCode).toBe(204);
    expect((await c.admin.delete('/api/admin/queues/sales')).statusCode).toBe(204);
    expect(json(await c.admin.get('/api/admin/queues')).items).toEqual([]);
  });

  it('refuses agents and auditors; supervisors read only', async () => {
    expect((await c.agent.get('/api/admin/queues')).statusCode).toBe(403);
    expect((await c.auditor.get('/api/admin/queues')).statusCode).toBe(403);
    expect((await c.supervisor.get('/api/admin/queues')).statusCode).toBe(200);
    for (const role of ['supervisor', 'agent'] as const) {
      const res = await c[role].post('/api/admin/queues', { name: 'x', skill: 'x' });
      expect(res.statusCode, role).toBe(403);
    }
  });

  it('keeps tenants apart: another tenant cannot see, change, delete or reuse the id', async () => {
    expect(
      (await c.admin.post('/api/admin/queues', { id: 'care', name: '客服', skill: 'care' }))
        .statusCode,
    ).toBe(201);
    expect(json(await other.get('/api/admin/queues')).items).toEqual([]);
    expect((await other.get('/api/admin/queues/care')).statusCode).toBe(404);
    expect((await other.patch('/api/admin/queues/care', { name: 'mine' })).statusCode).toBe(404);
    expect((await other.delete('/api/admin/queues/care')).statusCode).toBe(404);
    const reuse = await other.post('/api/admin/queues', { id: 'care', name: 'x', skill: 'x' });
    expect(reuse.statusCode).toBe(409);
    expect(json(await c.admin.get('/api/admin/queues/care'))).toMatchObject({ name: '客服' });
    // Overflow into another tenant's queue is not allowed either.
    const cross = await other.post('/api/admin/queues', {
      name: 'x',
      skill: 'x',
      settings: { overflow: { kind: 'queue', queueId: 'care' } },
    });
    expect(cross.statusCode).toBe(400);
    expect(json(cross).error).toMatchObject({ where: 'settings.overflow.queueId' });
  });

  it.each([
    [{ name: 'x', skill: 'x', settings: { ringTimeoutMs: 10 } }, 'settings.ringTimeoutMs'],
    [{ name: 'x', skill: 'x', settings: { callbackDigit: '12' } }, 'settings.callbackDigit'],
    [{ name: 'x', skill: 'x', settings: { recrod: true } }, 'settings.recrod'],
    [{ name: 'x', skill: 'a b' }, 'skill'],
    [{ skill: 'x' }, 'name'],
    [{ id: 'Bad Id', name: 'x', skill: 'x' }, 'id'],
  ])('rejects %j with 400 naming %s', async (body, where) => {
    const res = await c.admin.post('/api/admin/queues', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res).error).toMatchObject({ where });
    expect((json(res).error as { message: string }).message).toContain(where);
  });
});
