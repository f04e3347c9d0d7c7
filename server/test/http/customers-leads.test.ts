import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type Json, type TestApp } from './helpers.ts';

type Client = ReturnType<typeof as>;

describe.each(TEST_DIALECTS)('customers and leads API on %s', (dialect) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTenant>>;
  let otherIds: Awaited<ReturnType<typeof seedTenant>>;
  let admin: Client, supervisor: Client, agent: Client, agent2: Client, auditor: Client;
  let otherAgent: Client;
  let customerId: string;
  let agent2Id: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = await seedTenant(t.ctx, 'default');
    otherIds = await seedTenant(t.ctx, 'other', ['admin', 'agent']);
    const { createUser } = await import('../../src/modules/auth/index.ts');
    const second = await createUser(t.ctx, 'default', {
      username: 'agent2',
      password: 'agent two pass',
      role: 'agent',
    });
    agent2Id = second.id;
    admin = as(t.app, await login(t.app, 'default', 'admin'));
    supervisor = as(t.app, await login(t.app, 'default', 'supervisor'));
    agent = as(t.app, await login(t.app, 'default', 'agent'));
    agent2 = as(t.app, await login(t.app, 'default', 'agent2', 'agent two pass'));
    auditor = as(t.app, await login(t.app, 'default', 'auditor'));
    otherAgent = as(t.app, await login(t.app, 'other', 'agent'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a customer with an E.164 number, region and carrier, sealed at rest', async () => {
    const res = await agent.post('/api/customers', {
      name: '王小明',
      phone: '138 0013 8000',
      attributes: { job: 'teacher' },
    });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    customerId = body.id as string;
    // The agent who created it still sees it masked.
    expect(body).toMatchObject({
      name: '王小明',
      phoneMasked: '138****8000',
      attributes: { job: 'teacher' },
    });
    expect(body).not.toHaveProperty('phone');
    expect(body.province).toBeTruthy();
    expect(body.carrier).toBe('中国移动');
    const row = await t.ctx.db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    expect(row.phone).toMatch(/^enc:v1:/);
    expect(row.name).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain('13800138000');
    expect(t.ctx.cipher.open(row.phone!)).toBe('+8613800138000');
  });

  it('masks phone numbers for agents and auditors; admins and supervisors see them, audited', async () => {
    for (const client of [agent, auditor]) {
      const res = await client.get(`/api/customers/${customerId}`);
      expect(res.statusCode).toBe(200);
      expect(json(res).phoneMasked).toBe('138****8000');
      expect(res.body).not.toContain('13800138000');
    }
    for (const [client, userId] of [
      [admin, ids.admin],
      [supervisor, ids.supervisor],
    ] as const) {
      const res = await client.get(`/api/customers/${customerId}`);
      expect(json(res).phone).toBe('+8613800138000');
      const entry = await t.ctx.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('user_id', '=', userId)
        .where('personal_data', '=', 1)
        .where('object_id', '=', customerId)
        .executeTakeFirst();
      expect(entry).toMatchObject({ outcome: 'allowed', in_scope: 1, object_type: 'customers' });
    }
    const list = await agent.get('/api/customers');
    expect(list.body).not.toContain('13800138000');
    expect(list.body).toContain('138****8000');
    // Auditors read the log of personal-data reads; agents may not.
    const log = await auditor.get('/api/audit?personalData=true');
    expect(log.statusCode).toBe(200);
    const reads = json(log).items as Json[];
    expect(reads.map((e) => e.userId).sort()).toEqual([ids.admin, ids.supervisor].sort());
    expect(reads.every((e) => e.action === 'GET /api/customers/:id' && e.inScope)).toBe(true);
    expect((await agent.get('/api/audit')).statusCode).toBe(403);
  });

  it('rejects invalid bodies naming the field, and duplicate numbers with 409', async () => {
    const bad = await agent.post('/api/customers', { phone: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({ code: 'phone.invalid', where: 'phone' });
    const wrongType = await agent.post('/api/customers', { name: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(json(wrongType).error).toMatchObject({ code: 'request.invalid', where: 'name' });
    const dup = await agent.post('/api/customers', { phone: '+86 138-0013-8000' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error).toMatchObject({ code: 'customer.duplicate', where: 'phone' });
    for (const empty of [{}, { phone: null, name: null }, { attributes: { vip: true } }]) {
      const res = await agent.post('/api/customers', empty);
      expect(res.statusCode, JSON.stringify(empty)).toBe(400);
      const error = json(res).error as { where: string; message: string };
      expect(error.where).toBe('phone');
      expect(error.message).toContain('phone number or a name');
    }
    const badPage = await agent.get('/api/customers?pageSize=5000');
    expect(badPage.statusCode).toBe(400);
    expect(json(badPage).error).toMatchObject({ where: 'pageSize' });
  });

  it('bounds free-form attributes: 20 levels, 64 KB (a 100,000-deep body was a 500)', async () => {
    const cookie = await login(t.app, 'default', 'agent');
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"attributes":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}',
    });
    expect(deep.statusCode).toBe(400);
    expect(json(deep).error).toMatchObject({
      code: 'request.invalid',
      where: 'attributes',
      message: 'attributes: must nest at most 20 levels (at attributes)',
    });
    const big = await agent.post('/api/customers', { attributes: { note: 'x'.repeat(70_000) } });
    expect(big.statusCode).toBe(400);
    expect(json(big).error).toMatchObject({ where: 'attributes' });
    expect((json(big).error as { message: string }).message).toMatch(/at most 64 KB as JSON/);
    const ok = await agent.post('/api/customers', {
      name: '嵌套属性',
      attributes: { a: { b: { c: [1, 2] } } },
    });
    expect(ok.statusCode).toBe(201);
    expect((await admin.delete(`/api/customers/${json(ok).id as string}`)).statusCode).toBe(204);
  });

  it('pages, filters and finds a number in any writing', async () => {
    for (const phone of ['13900139000', '010-62345678', '+86 20 8123 4567']) {
      expect((await supervisor.post('/api/customers', { phone })).statusCode).toBe(201);
    }
    const page = await admin.get('/api/customers?page=2&pageSize=3');
    expect(json(page)).toMatchObject({ total: 4 });
    expect(json(page).items).toHaveLength(1);
    const found = await agent.get(`/api/customers?q=${encodeURIComponent('0086 138 0013 8000')}`);
    expect(json(found).total).toBe(1);
    expect((json(found).items as Json[])[0]!.id).toBe(customerId);
    const guangdong = await agent.get(`/api/customers?province=${encodeURIComponent('广东省')}`);
    expect(json(guangdong).total).toBe(1);
    expect((json(guangdong).items as Json[])[0]).toMatchObject({
      city: '广州市',
      phoneMasked: '******4567',
    });
    const beijing = await agent.get(`/api/customers?q=${encodeURIComponent('北京')}`);
    expect(json(beijing).total).toBe(2);
  });

  it("keeps another tenant's customer out of reach: 404, no data, denial audited", async () => {
    for (const url of [`/api/customers/${customerId}`, `/api/customers/${customerId}/history`]) {
      const res = await otherAgent.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('王小明');
      expect(res.body).not.toContain('8000');
    }
    expect((await otherAgent.patch(`/api/customers/${customerId}`, { name: 'x' })).statusCode).toBe(
      404,
    );
    const list = await otherAgent.get('/api/customers');
    expect(json(list).total).toBe(0);
    const denied = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('user_id', '=', otherIds.agent)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBe(3);
    expect(denied.every((d) => d.in_scope === 0 && d.object_id === customerId)).toBe(true);
    // Unauthenticated callers get 401 and nothing else.
    const anon = await t.app.inject({ method: 'GET', url: `/api/customers/${customerId}` });
    expect(anon.statusCode).toBe(401);
  });

  it('lets only admins and supervisors delete customers; auditors cannot write', async () => {
    const created = await agent.post('/api/customers', { phone: '13700137000' });
    const id = json(created).id as string;
    expect((await agent.delete(`/api/customers/${id}`)).statusCode).toBe(403);
    expect((await auditor.post('/api/customers', { phone: '13600136000' })).statusCode).toBe(403);
    expect((await auditor.patch(`/api/customers/${id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await supervisor.delete(`/api/customers/${id}`)).statusCode).toBe(204);
    expect((await supervisor.get(`/api/customers/${id}`)).statusCode).toBe(404);
  });

  it('runs the lead pool: public → claim → private, assign, return', async () => {
    const created = await supervisor.post('/api/leads', { customerId, source: 'web' });
    expect(created.statusCode).toBe(201);
    const lead = json(created);
    expect(lead).toMatchObject({ pool: 'public', ownerUserId: null, status: 'new', source: 'web' });
    expect((lead.customer as Json).phone).toBe('+8613800138000');
    const id = lead.id as string;

    // Both agents see it in the public pool, masked.
    for (const client of [agent, agent2]) {
      const res = await client.get('/api/leads?pool=public');
      expect((json(res).items as Json[]).map((l) => l.id)).toContain(id);
      expect(res.body).not.toContain('13800138000');
    }
    // An agent cannot work a public lead before claiming it.
    expect((await agent.patch(`/api/leads/${id}`, { status: 'contacted' })).statusCode).toBe(403);
    const claimed = await agent.post(`/api/leads/${id}/claim`);
    expect(json(claimed)).toMatchObject({
      pool: 'private',
      ownerUserId: ids.agent,
      ownerName: 'agent',
    });
    // Someone else's private lead is invisible to the other agent, and cannot be claimed.
    expect((await agent2.get(`/api/leads/${id}`)).statusCode).toBe(404);
    expect((await agent2.post(`/api/leads/${id}/claim`)).statusCode).toBe(404);
    expect((json(await agent2.get('/api/leads')).items as Json[]).map((l) => l.id)).not.toContain(
      id,
    );
    expect((await agent2.post(`/api/leads/${id}/return`)).statusCode).toBe(404);
    // The owner works it: intent level becomes a tag on the customer.
    const worked = await agent.patch(`/api/leads/${id}`, {
      status: 'contacted',
      intentLevel: 'high',
    });
    expect(json(worked)).toMatchObject({ status: 'contacted', intentLevel: 'high' });
    const mine = await agent.get('/api/leads?owner=me');
    expect(json(mine).total).toBe(1);
    // A second claim conflicts; the supervisor sees it and can reassign.
    expect((await supervisor.post(`/api/leads/${id}/claim`)).statusCode).toBe(409);
    expect((await agent.post(`/api/leads/${id}/assign`, { userId: agent2Id })).statusCode).toBe(
      403,
    );
    const badAssign = await supervisor.post(`/api/leads/${id}/assign`, { userId: otherIds.agent });
    expect(badAssign.statusCode).toBe(400);
    expect(json(badAssign).error).toMatchObject({ where: 'userId' });
    const assigned = await supervisor.post(`/api/leads/${id}/assign`, { userId: agent2Id });
    expect(json(assigned)).toMatchObject({ pool: 'private', ownerUserId: agent2Id });
    expect((await agent.get(`/api/leads/${id}`)).statusCode).toBe(404);
    const returned = await agent2.post(`/api/leads/${id}/return`);
    expect(json(returned)).toMatchObject({ pool: 'public', ownerUserId: null });
    expect((await agent2.post(`/api/leads/${id}/return`)).statusCode).toBe(409);

    const history = await agent.get(`/api/customers/${customerId}/history`);
    expect(history.statusCode).toBe(200);
    const card = json(history);
    expect((card.tags as Json[]).map((tag) => [tag.kind, tag.level])).toContainEqual([
      'intent',
      'high',
    ]);
    expect((card.leads as Json[]).map((l) => l.id)).toContain(id);
    expect(history.body).not.toContain('13800138000');
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    const lead = json(await supervisor.post('/api/leads', { customerId }));
    const id = lead.id as string;
    const [a, b] = await Promise.all([
      agent.post(`/api/leads/${id}/claim`),
      agent2.post(`/api/leads/${id}/claim`),
    ]);
    const codes = [a.statusCode, b.statusCode];
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 404 || c === 409)).toHaveLength(1);
    const winner = a.statusCode === 200 ? ids.agent : agent2Id;
    expect(json(await supervisor.get(`/api/leads/${id}`)).ownerUserId).toBe(winner);
  });

  it('makes an agent-created lead private to its creator; foreign customers are refused', async () => {
    const res = await agent2.post('/api/leads', { customerId });
    expect(json(res)).toMatchObject({ pool: 'private', ownerUserId: agent2Id });
    const forOther = await agent2.post('/api/leads', { customerId, ownerUserId: ids.agent });
    expect(forOther.statusCode).toBe(403);
    const foreign = await otherAgent.post('/api/leads', { customerId });
    expect(foreign.statusCode).toBe(400);
    expect(json(foreign).error).toMatchObject({ where: 'customerId' });
    expect((await auditor.post(`/api/leads/${json(res).id as string}/claim`)).statusCode).toBe(403);
    const otherList = await otherAgent.get('/api/leads');
    expect(json(otherList).total).toBe(0);
  });
});
