import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type Json, type TestApp } from './helpers.ts';

// GET/PUT /api/evaluation/settings: who may read and write, validation naming the field, tenant
// isolation, and that /api/evaluation scores with the saved values.

const URL = '/api/evaluation/settings';
const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'auditor'];

interface View {
  thresholds: Record<string, { target: number | null; redLine: number | null }>;
  weights: Record<string, { dimensions: Record<string, number>; metrics: Record<string, number> }>;
  defaults: { thresholds: View['thresholds']; weights: View['weights'] };
}

describe.each(TEST_DIALECTS)('evaluation settings API on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let otherAdmin: string;
  const put = (cookie: string, payload: Json) =>
    t.app.inject({ method: 'PUT', url: URL, headers: { cookie }, payload });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    for (const role of ROLES) cookies[role] = await login(t.app, 'default', role);
    otherAdmin = await login(t.app, 'other', 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets admin, supervisor and auditor read it; agents get 403', async () => {
    for (const role of ['admin', 'supervisor', 'auditor'] as const) {
      const res = await as(t.app, cookies[role]).get(URL);
      expect(res.statusCode, role).toBe(200);
      const body = res.json<View>();
      expect(body.thresholds.connection_rate?.target).toBe(0.6);
      expect(body.weights.telemarketing?.dimensions.business).toBe(40);
      expect(body.defaults.weights.telemarketing?.dimensions.business).toBe(40);
    }
    expect((await as(t.app, cookies.agent).get(URL)).statusCode).toBe(403);
  });

  it('only admins write', async () => {
    for (const role of ['supervisor', 'agent', 'auditor'] as const) {
      expect((await put(cookies[role], {})).statusCode, role).toBe(403);
    }
  });

  it.each([
    [
      { weights: { telemarketing: { dimensions: { business: -1 } } } },
      'weights.telemarketing.dimensions.business',
      '≥ 0',
    ],
    [
      { weights: { telemarketing: { metrics: { nope_rate: 3 } } } },
      'weights.telemarketing.metrics.nope_rate',
      '',
    ],
    [{ weights: { retail: {} } }, 'weights.retail', ''],
    [
      { thresholds: { connection_rate: { target: 1.5 } } },
      'thresholds.connection_rate.target',
      'between 0 and 1',
    ],
    [
      { thresholds: { complaint_rate: { redLine: 0.0001 } } },
      'thresholds.complaint_rate.redLine',
      'below the target',
    ],
    [{ thresholds: { csat: { target: null } } }, 'thresholds.csat.target', 'must be a number'],
    [{ thresholds: { csat: { target: '0.9' } } }, 'thresholds.csat.target', ''],
    [
      {
        weights: {
          government: { dimensions: { business: 0, efficiency: 0, experience: 0, system: 0 } },
        },
      },
      'weights.government.dimensions',
      'above 0',
    ],
  ])('rejects %j with 400 naming %s', async (body, where, text) => {
    const res = await put(cookies.admin, body);
    expect(res.statusCode, res.body).toBe(400);
    const err = (json(res).error ?? {}) as { where?: string; message?: string };
    expect(err.where).toBe(where);
    expect(err.message).toContain(where);
    expect(err.message).toContain(text);
  });

  it('saves, scores with the saved values, stays in its tenant and resets', async () => {
    const res = await put(cookies.admin, {
      thresholds: { connection_rate: { target: 0.5, redLine: 0.3 } },
      weights: { telemarketing: { dimensions: { business: 10 }, metrics: { roi: 40 } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<View>();
    expect(saved.thresholds.connection_rate).toMatchObject({ target: 0.5, redLine: 0.3 });
    expect(saved.weights.telemarketing?.dimensions).toMatchObject({ business: 10, efficiency: 30 });
    expect(saved.weights.telemarketing?.metrics.roi).toBe(40);

    const report = json(
      await as(t.app, cookies.supervisor).get('/api/evaluation?scenario=telemarketing'),
    ) as {
      overall: { weights: Record<string, number> };
      metrics: { id: string; target: number | null; redLine: number | null }[];
    };
    expect(report.overall.weights.business).toBe(10);
    expect(report.metrics.find((m) => m.id === 'connection_rate')).toMatchObject({
      target: 0.5,
      redLine: 0.3,
    });

    const other = (await as(t.app, otherAdmin).get(URL)).json<View>();
    expect(other.thresholds.connection_rate?.target).toBe(0.6);
    expect(other.weights.telemarketing?.dimensions.business).toBe(40);

    expect((await put(cookies.admin, {})).statusCode).toBe(200);
    const reset = (await as(t.app, cookies.auditor).get(URL)).json<View>();
    expect(reset.thresholds.connection_rate?.target).toBe(0.6);
    expect(reset.weights.telemarketing?.metrics.roi).toBe(
      reset.defaults.weights.telemarketing?.metrics.roi,
    );
  });
});
