import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type Json, type TestApp } from './helpers.ts';

type Client = ReturnType<typeof as>;

interface Case {
  path: string;
  create: (refs: { customerId: string }) => Json;
  patch: Json;
  expectAfterPatch: Json;
  invalid: { body: (refs: { customerId: string }) => Json; where: string };
  writers: Role[];
  deleters: Role[];
}

const CASES: Case[] = [
  {
    path: 'follow-ups',
    create: ({ customerId }) => ({
      customerId,
      note: '客户要求下周回电',
      nextAt: 1_767_600_000_000,
    }),
    patch: { note: 'called back' },
    expectAfterPatch: { note: 'called back', channel: 'phone' },
    invalid: { body: ({ customerId }) => ({ customerId, at: 'yesterday' }), where: 'at' },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor'],
  },
  {
    path: 'deals',
    create: ({ customerId }) => ({ customerId, amount: 1200.5 }),
    patch: { stage: 'won' },
    expectAfterPatch: { stage: 'won', amount: 1200.5, currency: 'CNY' },
    invalid: { body: ({ customerId }) => ({ customerId, amount: -1 }), where: 'amount' },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor'],
  },
  {
    path: 'tickets',
    create: ({ customerId }) => ({ customerId, subject: '信用卡账单疑问' }),
    patch: { resolved: true, firstContactResolution: true },
    expectAfterPatch: { resolved: true, firstContactResolution: true },
    invalid: { body: () => ({ subject: '' }), where: 'subject' },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor'],
  },
  {
    path: 'complaints',
    create: ({ customerId }) => ({ customerId, type: 'harassment', note: 'too many calls' }),
    patch: { callCenter: false },
    expectAfterPatch: { callCenter: false, type: 'harassment' },
    invalid: { body: () => ({ type: 'rude' }), where: 'type' },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor'],
  },
  {
    path: 'surveys',
    create: ({ customerId }) => ({ customerId, channel: 'ivr', csat: 4 }),
    patch: { nps: 9 },
    expectAfterPatch: { csat: 4, nps: 9 },
    invalid: { body: () => ({ channel: 'ivr', csat: 6 }), where: 'csat' },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor'],
  },
  {
    path: 'tags',
    create: ({ customerId }) => ({ customerId, kind: 'intent', name: '理财意向', level: 'medium' }),
    patch: { level: 'high' },
    expectAfterPatch: { kind: 'intent', level: 'high' },
    invalid: {
      body: ({ customerId }) => ({ customerId, name: 'x', level: 'urgent' }),
      where: 'level',
    },
    writers: ['admin', 'supervisor', 'agent'],
    deleters: ['admin', 'supervisor', 'agent'],
  },
  {
    path: 'teams',
    create: () => ({ name: '电销一组' }),
    patch: { name: '电销二组' },
    expectAfterPatch: { name: '电销二组' },
    invalid: { body: () => ({ name: 'x', leader: 'y' }), where: 'leader' },
    writers: ['admin'],
    deleters: ['admin'],
  },
  {
    path: 'agents',
    create: () => ({ name: '坐席 1001', extension: '1001', sipPassword: 'sip-secret-1' }),
    patch: { skills: [{ skill: 'credit-card', level: 3 }] },
    expectAfterPatch: {
      extension: '1001',
      skills: [{ skill: 'credit-card', level: 3 }],
      hasSipPassword: true,
    },
    invalid: { body: () => ({ name: 'x', extension: '10a' }), where: 'extension' },
    writers: ['admin'],
    deleters: ['admin'],
  },
  {
    path: 'campaigns',
    create: () => ({ name: '双十一信用卡营销', dialMode: 'progressive' }),
    patch: { status: 'running', settings: { abandonCap: 0.03 } },
    expectAfterPatch: {
      status: 'running',
      dialMode: 'progressive',
      settings: { abandonCap: 0.03 },
    },
    invalid: { body: () => ({ name: 'x', dialMode: 'robot' }), where: 'dialMode' },
    writers: ['admin', 'supervisor'],
    deleters: ['admin', 'supervisor'],
  },
];

const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'auditor'];

describe.each(TEST_DIALECTS)('CRM object routes on %s', (dialect) => {
  let t: TestApp;
  let client: Record<Role, Client>;
  let otherAgent: Client;
  let otherAdmin: Client;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin', 'agent']);
    client = {} as Record<Role, Client>;
    for (const role of ROLES) client[role] = as(t.app, await login(t.app, 'default', role));
    otherAgent = as(t.app, await login(t.app, 'other', 'agent'));
    otherAdmin = as(t.app, await login(t.app, 'other', 'admin'));
    const customer = await client.agent.post('/api/customers', { phone: '13800138000' });
    customerId = json(customer).id as string;
  });
  afterAll(async () => {
    await t.close();
  });

  describe.each(CASES)('/api/$path', (c) => {
    it('enforces write roles, tenant scope, validation and paging', async () => {
      const base = `/api/${c.path}`;
      const refs = { customerId };
      for (const role of ROLES.filter((r) => !c.writers.includes(r))) {
        const res = await client[role].post(base, c.create(refs));
        expect(res.statusCode, `${role} POST`).toBe(403);
        expect(json(res).error).toMatchObject({ code: 'auth.role' });
      }
      const writer = client[c.writers.at(-1)!];
      const invalid = await writer.post(base, c.invalid.body(refs));
      expect(invalid.statusCode).toBe(400);
      expect(json(invalid).error).toMatchObject({ where: c.invalid.where });
      expect((json(invalid).error as { message: string }).message).toContain(c.invalid.where);

      const created = await writer.post(base, c.create(refs));
      expect(created.statusCode).toBe(201);
      const id = json(created).id as string;
      expect(id).toBeTruthy();

      // Every role of the tenant reads it; lists are { items, total }.
      for (const role of ROLES) {
        const one = await client[role].get(`${base}/${id}`);
        expect(one.statusCode, `${role} GET`).toBe(200);
        const list = await client[role].get(`${base}?pageSize=1`);
        expect(list.statusCode).toBe(200);
        expect(json(list).total).toBeGreaterThanOrEqual(1);
        expect(json(list).items).toHaveLength(1);
      }
      // Another tenant sees nothing and changes nothing.
      for (const other of [otherAgent, otherAdmin]) {
        const one = await other.get(`${base}/${id}`);
        expect(one.statusCode).toBe(404);
        expect(one.body).not.toContain(id.slice(-8));
        expect(json(await other.get(base)).total).toBe(0);
      }
      const foreignPatch = await otherAdmin.patch(`${base}/${id}`, c.patch);
      expect(foreignPatch.statusCode).toBe(404);
      if (c.create(refs).customerId) {
        // A reference to another tenant's customer is refused, naming the field.
        const foreignRef = await otherAdmin.post(base, c.create(refs));
        expect(foreignRef.statusCode).toBe(400);
        expect(json(foreignRef).error).toMatchObject({ where: 'customerId' });
      }

      const patched = await writer.patch(`${base}/${id}`, c.patch);
      expect(patched.statusCode).toBe(200);
      expect(json(patched)).toMatchObject(c.expectAfterPatch);
      expect(json(await client.auditor.get(`${base}/${id}`))).toMatchObject(c.expectAfterPatch);

      for (const role of ROLES.filter((r) => !c.deleters.includes(r))) {
        expect((await client[role].delete(`${base}/${id}`)).statusCode, `${role} DELETE`).toBe(403);
      }
      expect((await otherAdmin.delete(`${base}/${id}`)).statusCode).toBe(404);
      expect((await client[c.deleters[0]!].delete(`${base}/${id}`)).statusCode).toBe(204);
      expect((await client.admin.get(`${base}/${id}`)).statusCode).toBe(404);
    });
  });

  it('derives times: a won deal gets closedWonAt, a resolved ticket resolvedAt', async () => {
    const deal = json(
      await client.agent.post('/api/deals', { customerId, amount: 10, stage: 'won' }),
    );
    expect(deal.closedWonAt).toBe(t.clock.now());
    const ticket = json(await client.agent.post('/api/tickets', { subject: 'x' }));
    expect(ticket).toMatchObject({ resolved: false, resolvedAt: null });
    t.clock.advance(60_000);
    const resolved = json(
      await client.agent.patch(`/api/tickets/${ticket.id as string}`, { resolved: true }),
    );
    expect(resolved.resolvedAt).toBe(t.clock.now());
    const open = await client.agent.get('/api/tickets?resolved=false');
    expect(json(open).total).toBe(0);
    const done = await client.agent.get('/api/tickets?resolved=true&q=X');
    expect(json(done).total).toBe(1);
  });

  it('needs csat or nps on a survey and a level on an intent tag', async () => {
    const empty = await client.agent.post('/api/surveys', { channel: 'sms' });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).error).toMatchObject({ code: 'survey.empty', where: 'csat' });
    const tag = await client.agent.post('/api/tags', { customerId, kind: 'intent', name: 'x' });
    expect(tag.statusCode).toBe(400);
    expect(json(tag).error).toMatchObject({ code: 'tag.level', where: 'level' });
  });

  it('never returns an agent SIP password, stores it sealed, and keeps extensions unique', async () => {
    const res = await client.admin.post('/api/agents', {
      name: 'A',
      extension: '2001',
      sipPassword: 'sip-pass-2001',
    });
    expect(res.body).not.toContain('sip-pass-2001');
    expect(json(res)).toMatchObject({ hasSipPassword: true });
    const row = await t.ctx.db.kysely
      .selectFrom('agents')
      .select('sip_password')
      .where('id', '=', json(res).id as string)
      .executeTakeFirstOrThrow();
    expect(row.sip_password).toMatch(/^enc:v1:/);
    expect(t.ctx.cipher.open(row.sip_password!)).toBe('sip-pass-2001');
    const dup = await client.admin.post('/api/agents', { name: 'B', extension: '2001' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({ where: 'extension' });
  });
});
