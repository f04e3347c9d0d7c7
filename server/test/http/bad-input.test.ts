import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from './helpers.ts';

// Hostile bodies and queries a newcomer's fuzzing found: each is a 4xx naming the field, never a
// 500, on both databases.
describe.each(TEST_DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let admin: ReturnType<typeof as>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    admin = as(t.app, await login(t.app, 'default', 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a NUL character in any text field, naming where (PostgreSQL text cannot hold it)', async () => {
    // Stored on SQLite, a 500 on PostgreSQL.
    const team = await admin.post('/api/teams', { name: 'a\u0000b' });
    expect(team.statusCode).toBe(400);
    expect(json(team).error).toMatchObject({ code: 'request.nul', where: 'name' });
    const res = await admin.post('/api/customers', { name: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(json(res).error).toEqual({
      code: 'request.nul',
      where: 'name',
      message: 'Text may not contain a NUL (\\u0000) character (at name)',
    });
    const nested = await admin.post('/api/customers', { attributes: { a: [{ b: 'x\u0000' }] } });
    expect(json(nested).error).toMatchObject({ code: 'request.nul', where: 'attributes.a.0.b' });
    const query = await admin.get('/api/customers?q=a%00');
    expect(json(query).error).toMatchObject({ code: 'request.nul', where: 'q' });
  });

  it('bounds campaign settings like customer attributes (a 100,000-deep body was a 500)', async () => {
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: {
        cookie: await login(t.app, 'default', 'admin'),
        'content-type': 'application/json',
      },
      payload:
        '{"name":"deep","settings":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}',
    });
    expect(deep.statusCode).toBe(400);
    expect(json(deep).error).toMatchObject({ where: 'settings' });
    expect((json(deep).error as { message: string }).message).toMatch(/at most 20 levels/);
  });

  it('never shows a trunk password in campaign settings, to any role', async () => {
    const created = await admin.post('/api/campaigns', {
      name: 'trunked',
      settings: {
        trunk: { uri: 'sip:{number}@gw', auth: { username: 'u', password: 's3cret-pw' } },
      },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created).settings).toEqual({
      trunk: { uri: 'sip:{number}@gw', auth: { username: 'u', password: '***' } },
    });
    const agent = as(t.app, await login(t.app, 'default', 'agent'));
    const list = await agent.get('/api/campaigns');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('"password":"***"');
    expect(list.body).not.toContain('s3cret-pw');
    const one = await agent.get(`/api/campaigns/${json(created).id as string}`);
    expect(one.body).not.toContain('s3cret-pw');
    // Sealed at rest too (the CRUD route stored it in clear in campaigns.settings).
    const row = await t.ctx.db.kysely
      .selectFrom('campaigns')
      .select('settings')
      .where('id', '=', json(created).id as string)
      .executeTakeFirstOrThrow();
    expect(row.settings).not.toContain('s3cret-pw');
    const sealed = (JSON.parse(row.settings) as { trunk: { auth: { password: string } } }).trunk
      .auth.password;
    expect(t.ctx.cipher.open(sealed)).toBe('s3cret-pw');
    // Saving the settings as read (password ***) keeps the stored password.
    const id = json(created).id as string;
    const saved = await admin.patch(`/api/campaigns/${id}`, { settings: json(created).settings });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = await t.ctx.db.kysely
      .selectFrom('campaigns')
      .select('settings')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const kept = (JSON.parse(after.settings) as { trunk: { auth: { password: string } } }).trunk
      .auth.password;
    expect(t.ctx.cipher.open(kept)).toBe('s3cret-pw');
  });

  it('bounds page numbers of the import run list (page=1e308 was a 500)', async () => {
    for (const page of ['1e308', '9999999999999999999']) {
      const res = await admin.get(`/api/imports?page=${page}`);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(json(res))).toMatch(/page/);
    }
  });

  it('keeps phone numbers in query strings out of the request log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = await createTestApp(dialect, pino({ level: 'info' }, sink));
    try {
      await seedTenant(logged.ctx, 'default');
      const sup = as(logged.app, await login(logged.app, 'default', 'supervisor'));
      expect((await sup.get('/api/customers?q=13800138000')).statusCode).toBe(200);
      await sup.get('/api/compliance/permissions?phone=13912345678');
      const log = lines.join('');
      expect(log).toContain('"url":"/api/customers"');
      expect(log).toContain('"url":"/api/compliance/permissions"');
      expect(log).not.toMatch(/13800138000|13912345678/);
    } finally {
      await logged.close();
    }
  });
});
