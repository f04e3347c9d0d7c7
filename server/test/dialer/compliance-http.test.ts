import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { admitAttempt } from '../../src/modules/compliance/index.ts';
import { as, createTestApp, json, login, seedTenant, T0, type TestApp } from '../http/helpers.ts';

type Client = ReturnType<typeof as>;
// T0 is 10:00 on Monday 5 January 2026 in Asia/Shanghai: inside the default calling windows.
const NUMBER = '+8613800138000';

describe.each(TEST_DIALECTS)('compliance API on %s', (dialect) => {
  let t: TestApp;
  let supervisor: Client, agent: Client, otherAdmin: Client;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    supervisor = as(t.app, await login(t.app, 'default', 'supervisor'));
    agent = as(t.app, await login(t.app, 'default', 'agent'));
    otherAdmin = as(t.app, await login(t.app, 'other', 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('manages the DNC list, masked, per tenant, for managers only; the dry-run check follows it', async () => {
    const created = await supervisor.post('/api/compliance/dnc', {
      phone: '138 0013 8000',
      reason: '投诉',
    });
    expect(created.statusCode).toBe(201);
    const entry = json(created);
    expect(entry).toMatchObject({ list: 'tenant', phoneMasked: '138****8000', reason: '投诉' });
    expect(JSON.stringify(entry)).not.toContain('13800138000');

    expect((await agent.get('/api/compliance/dnc')).statusCode).toBe(403);
    expect(json(await otherAdmin.get('/api/compliance/dnc'))).toMatchObject({ total: 0 });
    expect(
      json(await supervisor.get(`/api/compliance/dnc?phone=${encodeURIComponent(NUMBER)}`)),
    ).toMatchObject({ total: 1 });

    const refused = json(await supervisor.post('/api/compliance/check', { phone: NUMBER }));
    expect(refused).toMatchObject({
      allowed: false,
      refusalId: null,
      reason: { code: 'dnc.tenant' },
    });
    // The dry run wrote no refusal.
    expect(json(await supervisor.get('/api/compliance/refusals'))).toMatchObject({ total: 0 });

    expect((await supervisor.delete(`/api/compliance/dnc/${String(entry.id)}`)).statusCode).toBe(
      204,
    );
    expect((await supervisor.delete(`/api/compliance/dnc/${String(entry.id)}`)).statusCode).toBe(
      404,
    );
    expect(json(await supervisor.post('/api/compliance/check', { phone: NUMBER }))).toMatchObject({
      allowed: true,
      province: '北京市',
    });
  });

  it('imports a national list and reports invalid lines', async () => {
    const res = await supervisor.post('/api/compliance/dnc/import', {
      list: 'national',
      text: '13912345678\nhello\n13912345678\n',
      fileName: 'national.txt',
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      inserted: 1,
      duplicates: 1,
      invalid: [{ line: 2, value: 'hello' }],
    });
    expect(
      json(await supervisor.post('/api/compliance/check', { phone: '13912345678' })),
    ).toMatchObject({
      reason: { code: 'dnc.national' },
    });
  });

  it('keeps the consent ledger and opt-outs, and shows them to the agent', async () => {
    const phone = '+8613701234567';
    expect(
      (await agent.post('/api/compliance/opt-outs', { phone, channel: 'agent', detail: '勿扰' }))
        .statusCode,
    ).toBe(201);
    let view = json(
      await agent.get(`/api/compliance/permissions?phone=${encodeURIComponent(phone)}`),
    );
    expect(view).toMatchObject({
      status: 'opted_out',
      optOuts: [{ channel: 'agent', detail: '勿扰' }],
    });
    t.clock.advance(60_000);
    const consent = await supervisor.post('/api/compliance/consents', {
      phone,
      channel: 'call_recording',
      purpose: '贷款产品回访',
      evidence: 'rec-7',
    });
    expect(consent.statusCode).toBe(201);
    view = json(await agent.get(`/api/compliance/permissions?phone=${encodeURIComponent(phone)}`));
    expect(view).toMatchObject({
      status: 'consented',
      consents: [{ purpose: '贷款产品回访', evidence: 'rec-7' }],
    });
    expect(
      (await agent.post('/api/compliance/consents', { phone, channel: 'sms', purpose: 'x' }))
        .statusCode,
    ).toBe(403);

    const revoke = await supervisor.post(
      `/api/compliance/consents/${String(json(consent).id)}/revoke`,
    );
    expect(json(revoke)).toEqual({ revoked: true });
    t.clock.advance(60_000);
    expect(
      json(await supervisor.post('/api/compliance/sms-replies', { phone, text: 'TD' })),
    ).toMatchObject({ optedOut: true });
    expect(
      json(await supervisor.get(`/api/compliance/opt-outs?phone=${encodeURIComponent(phone)}`))
        .items,
    ).toHaveLength(2);
  });

  it('lists refusals with their reasons and judges caller IDs', async () => {
    const refused = await admitAttempt(t.ctx, {
      tenantId: 'default',
      e164: '13912345678',
      campaignId: 'c9',
      at: T0,
    });
    expect(refused.allowed).toBe(false);
    const log = json(await supervisor.get('/api/compliance/refusals?code=dnc.national'));
    expect(log).toMatchObject({
      total: 1,
      items: [{ code: 'dnc.national', campaignId: 'c9', phoneMasked: '139****5678' }],
    });
    const health = json(await supervisor.get('/api/compliance/caller-ids/02161234567/health'));
    expect(health).toMatchObject({
      callerId: '02161234567',
      callsLastHour: 0,
      recommendation: 'ok',
    });
    const e164 = await supervisor.get('/api/compliance/caller-ids/+862161234567/health');
    expect(e164.statusCode, e164.body).toBe(200);
    for (const bad of ['abc', '12', '021-6123-4567', '1'.repeat(21)]) {
      const res = await supervisor.get(`/api/compliance/caller-ids/${bad}/health`);
      expect(res.statusCode, bad).toBe(400);
      const error = json(res).error as { where: string; message: string };
      expect(error.where).toBe('callerId');
      expect(error.message).toContain('not a phone number');
    }
  });

  it('changes settings with validation', async () => {
    const bad = await supervisor.patch('/api/compliance/settings', {
      windows: [{ from: '9:00', to: '12:00' }],
    });
    expect(bad.statusCode).toBe(400);
    const ok = await supervisor.patch('/api/compliance/settings', { frequency: { perDay: 2 } });
    expect(json(ok)).toMatchObject({ frequency: { perDay: 2, perWeek: 5, per30Days: 10 } });
    expect(json(await supervisor.get('/api/compliance/settings'))).toMatchObject({
      frequency: { perDay: 2 },
    });
  });
});
