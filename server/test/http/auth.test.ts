import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { hashSessionToken, LOGIN_MAX_FAILURES } from '../../src/modules/auth/index.ts';
import { as, createTestApp, json, login, PASSWORD, seedTenant, type TestApp } from './helpers.ts';

describe.each(TEST_DIALECTS)('auth API on %s', (dialect) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTenant>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    ids = await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores argon2id hashes, never the password', async () => {
    const row = await t.ctx.db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', ids.admin)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,p=\d+,t=\d+\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('logs in with tenant + username + password and sets an HttpOnly SameSite=Lax cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).user).toEqual({
      id: ids.agent,
      username: 'agent',
      displayName: 'agent',
      role: 'agent',
      tenantId: 'default',
      tenantName: 'default name',
      timeZone: 'Asia/Shanghai',
      teamId: null,
    });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^yunhu_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    const token = res.cookies[0]!.value;
    const sessions = await t.ctx.db.kysely.selectFrom('sessions').select('id').execute();
    expect(sessions.map((s) => s.id)).toContain(hashSessionToken(token));
    expect(sessions.map((s) => s.id)).not.toContain(token);
    const me = await as(t.app, `yunhu_session=${token}`).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(json(me).user).toMatchObject({ id: ids.agent, role: 'agent' });
  });

  it('rejects a wrong password, an unknown user and an unknown tenant alike with 401', async () => {
    for (const payload of [
      { tenant: 'default', username: 'supervisor', password: 'wrong password' },
      { tenant: 'default', username: 'nobody', password: PASSWORD },
      { tenant: 'nowhere', username: 'supervisor', password: PASSWORD },
      { tenant: 'other', username: 'supervisor', password: PASSWORD },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(json(res)).toEqual({
        error: { code: 'auth.invalid', message: 'Wrong tenant, username or password' },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const denied = await t.ctx.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('names the field of a malformed login body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).error).toMatchObject({ code: 'request.invalid', where: 'password' });
    expect(String((json(res).error as { message: string }).message)).toContain('password');
  });

  it('rate-limits failed logins per IP and username (429 with Retry-After)', async () => {
    const attempt = (password: string, ip = '10.0.0.1') =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: ip,
        payload: { tenant: 'other', username: 'admin', password },
      });
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect((await attempt('wrong password')).statusCode).toBe(401);
    }
    const limited = await attempt(PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(json(limited).error).toMatchObject({ code: 'auth.rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client IP is not affected, and the window ends.
    expect((await attempt(PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    t.clock.advance(15 * 60_000 + 1);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('expires sessions after YUNHU_SESSION_HOURS and logs out', async () => {
    const cookie = await login(t.app, 'default', 'supervisor');
    expect((await as(t.app, cookie).get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(t.ctx.config.sessionHours * 3_600_000 + 1);
    const expired = await as(t.app, cookie).get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(json(expired).error).toMatchObject({ code: 'auth.required' });

    const fresh = await login(t.app, 'default', 'supervisor');
    expect((await as(t.app, fresh).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t.app, fresh).get('/api/auth/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('changes the password: old one stops working, other sessions end', async () => {
    await seedTenant(t.ctx, 'pw', ['agent']);
    const first = await login(t.app, 'pw', 'agent');
    const second = await login(t.app, 'pw', 'agent');
    const wrong = await as(t.app, first).post('/api/auth/password', {
      currentPassword: 'not it',
      newPassword: 'a new password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong).error).toMatchObject({ where: 'currentPassword' });
    const short = await as(t.app, first).post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(json(short).error).toMatchObject({ where: 'newPassword' });
    const ok = await as(t.app, first).post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a new password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await as(t.app, first).get('/api/auth/me')).statusCode).toBe(200);
    expect((await as(t.app, second).get('/api/auth/me')).statusCode).toBe(401);
    await expect(login(t.app, 'pw', 'agent')).rejects.toThrow(/auth.invalid/);
    expect(await login(t.app, 'pw', 'agent', 'a new password')).toMatch(/^yunhu_session=/);
  });

  it('keeps /api/users writes for admins, reads for supervisors; denials are audited', async () => {
    const admin = as(t.app, await login(t.app, 'default', 'admin'));
    const users = await admin.get('/api/users?pageSize=2');
    expect(users.statusCode).toBe(200);
    expect(json(users)).toMatchObject({ total: 4 });
    expect(json(users).items).toHaveLength(2);
    expect(users.body).not.toContain('argon2');

    for (const role of ['agent', 'auditor'] as const) {
      const user = as(t.app, await login(t.app, 'default', role));
      const res = await user.get('/api/users');
      expect(res.statusCode).toBe(403);
      expect(json(res)).toEqual({
        error: { code: 'auth.role', message: `Role ${role} may not use this route` },
      });
    }
    // Supervisors read users (to assign leads) but change nothing.
    const supervisor = as(t.app, await login(t.app, 'default', 'supervisor'));
    expect(json(await supervisor.get('/api/users?role=agent')).total).toBe(1);
    expect((await supervisor.get(`/api/users/${ids.agent}`)).statusCode).toBe(200);
    for (const role of ['supervisor', 'agent', 'auditor'] as const) {
      const user = as(t.app, await login(t.app, 'default', role));
      expect(
        (await user.post('/api/users', { username: 'x', password: PASSWORD, role: 'admin' }))
          .statusCode,
      ).toBe(403);
      expect((await user.patch(`/api/users/${ids.agent}`, { role: 'admin' })).statusCode).toBe(403);
      expect((await user.delete(`/api/users/${ids.agent}`)).statusCode).toBe(403);
    }
    const log = await admin.get('/api/audit?outcome=denied&pageSize=100');
    const entries = json(log).items as { action: string; userId: string }[];
    expect(
      entries
        .filter((e) => e.action === 'GET /api/users')
        .map((e) => e.userId)
        .sort(),
    ).toEqual([ids.agent, ids.auditor].sort());
    expect(entries.filter((e) => e.action === 'DELETE /api/users/:id')).toHaveLength(3);
  });

  it('keeps the last enabled admin of a tenant: demoting or disabling it is 409', async () => {
    // Tenant "other" has one admin; a PATCH on oneself once left it with none, for good.
    const admin = as(t.app, await login(t.app, 'other', 'admin'));
    const me = json(await admin.get('/api/auth/me')).user as { id: string };
    for (const body of [{ role: 'agent' }, { disabled: true }]) {
      const res = await admin.patch(`/api/users/${me.id}`, body);
      expect(res.statusCode).toBe(409);
      expect(json(res).error).toMatchObject({
        code: 'user.last_admin',
        where: 'role' in body ? 'role' : 'disabled',
      });
    }
    expect(json(await admin.get('/api/auth/me')).user).toMatchObject({ role: 'admin' });
    const second = await admin.post('/api/users', {
      username: 'second.admin',
      password: 'secret pass 2',
      role: 'admin',
    });
    expect(second.statusCode).toBe(201);
    // With two admins either may be demoted or disabled.
    const demoted = await admin.patch(`/api/users/${json(second).id as string}`, {
      role: 'supervisor',
    });
    expect(demoted.statusCode).toBe(200);
    expect((await admin.delete(`/api/users/${json(second).id as string}`)).statusCode).toBe(204);
  });

  it('creates, updates and disables users; a disabled user cannot sign in', async () => {
    const admin = as(t.app, await login(t.app, 'default', 'admin'));
    const created = await admin.post('/api/users', {
      username: 'zhang.san',
      displayName: '张三',
      password: 'secret pass 1',
      role: 'agent',
    });
    expect(created.statusCode).toBe(201);
    const id = json(created).id as string;
    expect(json(created)).toMatchObject({
      username: 'zhang.san',
      displayName: '张三',
      role: 'agent',
    });
    const dup = await admin.post('/api/users', {
      username: 'zhang.san',
      password: 'secret pass 1',
      role: 'agent',
    });
    expect(dup.statusCode).toBe(409);
    const badRole = await admin.post('/api/users', {
      username: 'li',
      password: 'secret pass 1',
      role: 'boss',
    });
    expect(badRole.statusCode).toBe(400);
    expect(json(badRole).error).toMatchObject({ where: 'role' });
    const extra = await admin.post('/api/users', {
      username: 'li',
      password: 'secret pass 1',
      role: 'agent',
      salary: 1,
    });
    expect(extra.statusCode).toBe(400);
    expect((json(extra).error as { message: string }).message).toContain('salary');

    const session = await login(t.app, 'default', 'zhang.san', 'secret pass 1');
    const patched = await admin.patch(`/api/users/${id}`, { role: 'supervisor' });
    expect(json(patched)).toMatchObject({ role: 'supervisor' });
    // A role change ends the user's sessions so the new role applies at once.
    expect((await as(t.app, session).get('/api/auth/me')).statusCode).toBe(401);
    expect((await admin.delete(`/api/users/${id}`)).statusCode).toBe(204);
    await expect(login(t.app, 'default', 'zhang.san', 'secret pass 1')).rejects.toThrow(
      /auth.invalid/,
    );
    // Another tenant's admin does not see this user.
    const otherAdmin = as(t.app, await login(t.app, 'other', 'admin'));
    const foreign = await otherAdmin.get(`/api/users/${id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('zhang.san');
  });
});
