import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { loadOutboundSettings } from '../../src/modules/click-dial/index.ts';
import { encryptionCompliance } from '../../src/modules/evaluation/system-metrics.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from './helpers.ts';

// GET/PUT /api/settings/outbound as the 中继线路 page uses it: the password is masked on read, a
// form sending the mask back keeps the stored password, roles, tenants and field-naming 400s.

const URL = '/api/settings/outbound';
const SETTINGS = {
  trunk: {
    uri: 'sip:{number}@127.0.0.1:5090',
    auth: { username: 'trunk-user', password: 'trunk-secret-1' },
  },
  callerId: '+862161234567',
};

describe.each(TEST_DIALECTS)('outbound trunk settings on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role | 'other', string>;
  const put = (cookie: string, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: URL, headers: { cookie }, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    for (const role of ['admin', 'supervisor', 'agent', 'auditor'] as const) {
      cookies[role] = await login(t.app, 'default', role);
    }
    cookies.other = await login(t.app, 'other', 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('masks the password on read and keeps it when the mask comes back', async () => {
    const saved = await put(cookies.admin, SETTINGS);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain('trunk-secret-1');
    const read = json(await as(t.app, cookies.admin).get(URL)).settings as typeof SETTINGS;
    expect(read.trunk.auth.password).toBe('***');

    const again = await put(cookies.admin, { ...read, callerId: '+862161234568', record: false });
    expect(again.statusCode, again.body).toBe(200);
    const stored = await loadOutboundSettings(t.ctx, 'default');
    expect(stored).toMatchObject({
      callerId: '+862161234568',
      record: false,
      trunk: { auth: { password: 'trunk-secret-1' } },
    });
    // A new password replaces it.
    const auth = { username: 'trunk-user', password: 'trunk-secret-2' };
    await put(cookies.admin, { ...read, trunk: { ...read.trunk, auth } });
    expect((await loadOutboundSettings(t.ctx, 'default'))?.trunk.auth?.password).toBe(
      'trunk-secret-2',
    );
  });

  it('is for admins of the tenant only', async () => {
    for (const role of ['supervisor', 'agent', 'auditor'] as const) {
      expect((await as(t.app, cookies[role]).get(URL)).statusCode, role).toBe(403);
      expect((await put(cookies[role], SETTINGS)).statusCode, role).toBe(403);
    }
    expect(json(await as(t.app, cookies.other).get(URL)).settings).toBeNull();
    // The mask from another tenant's form does not reach this tenant's password.
    const masked = {
      ...SETTINGS,
      trunk: { ...SETTINGS.trunk, auth: { username: 'u', password: '***' } },
    };
    const res = await put(cookies.other, masked);
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res).error).toMatchObject({ where: 'trunk.auth.password' });
    expect(await loadOutboundSettings(t.ctx, 'other')).toBeNull();
  });

  it('seals the password at rest and keeps it when the form leaves it out', async () => {
    expect((await put(cookies.admin, SETTINGS)).statusCode).toBe(200);
    const raw = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('kv')
          .select('value')
          .where('tenant_id', '=', 'default')
          .where('key', '=', 'calls.outbound')
          .executeTakeFirstOrThrow()
      ).value;
    const first = await raw();
    expect(first).not.toContain('trunk-secret-1');
    const sealed = (JSON.parse(first) as typeof SETTINGS).trunk.auth.password;
    expect(sealed).toMatch(/^enc:v1:/);
    expect(t.ctx.cipher.open(sealed)).toBe('trunk-secret-1');
    // encryption_compliance counts the trunk password: sealed 1 of 1, then 0 of 1 for a clear one.
    const trunk = async () =>
      ((await encryptionCompliance(t.ctx.db, 'default')).details as Record<string, unknown>)
        .trunkPasswords;
    expect(await trunk()).toEqual({ sealed: 1, total: 1 });
    await t.ctx.db.kysely
      .updateTable('kv')
      .set({ value: first.replace(sealed, 'plain-pw') })
      .where('tenant_id', '=', 'default')
      .where('key', '=', 'calls.outbound')
      .execute();
    expect(await trunk()).toEqual({ sealed: 0, total: 1 });
    // Settings saved before sealing still work: open() passes a clear password through.
    expect((await loadOutboundSettings(t.ctx, 'default'))?.trunk.auth?.password).toBe('plain-pw');
    await put(cookies.admin, SETTINGS);

    const noPassword = { ...SETTINGS, trunk: { ...SETTINGS.trunk, auth: { username: 'u2' } } };
    const res = await put(cookies.admin, noPassword);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('trunk-secret-1');
    expect(await raw()).not.toContain('trunk-secret-1');
    expect((await loadOutboundSettings(t.ctx, 'default'))?.trunk.auth).toEqual({
      username: 'u2',
      password: 'trunk-secret-1',
    });
  });

  it.each([
    [{ ...SETTINGS, trunk: { uri: 'sip:gw.example' } }, 'trunk.uri'],
    [{ ...SETTINGS, trunk: { uri: 'http://{number}' } }, 'trunk.uri'],
    [{ ...SETTINGS, calleeRingMs: 5000 }, 'calleeRingMs'],
    [{ trunk: SETTINGS.trunk }, 'callerId'],
  ])('rejects %j naming %s', async (body, where) => {
    const res = await put(cookies.admin, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res).error).toMatchObject({ where });
    expect((json(res).error as { message: string }).message).toContain(where);
  });
});
