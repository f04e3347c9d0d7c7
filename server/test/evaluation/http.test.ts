import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { CATALOGUE, evaluate } from '../../src/modules/evaluation/index.ts';
import { as, createTestApp, login, seedTenant, type TestApp } from '../http/helpers.ts';
import { call, T0 } from './fixture.ts';

// GET /api/evaluation, /catalogue and /report.html: roles, tenant scope, same JSON as evaluate().

describe.each(TEST_DIALECTS)('evaluation HTTP API on %s', (dialect) => {
  let t: TestApp;
  let auditor: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'h1');
    await seedTenant(t.ctx, 'h2', ['admin']);
    const answered = (id: string, tenant: string, talk: number) =>
      call(tenant, { id, answer_at: T0, end_at: T0 + talk * 1000 });
    await t.ctx.db.kysely
      .insertInto('call_records')
      .values([
        answered('h1a', 'h1', 45),
        answered('h1b', 'h1', 10),
        answered('h2a', 'h2', 5),
        answered('h2b', 'h2', 5),
      ])
      .execute();
    t.clock.set(T0 + 86_400_000);
    auditor = as(t.app, await login(t.app, 'h1', 'auditor'));
    agent = as(t.app, await login(t.app, 'h1', 'agent'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns the same JSON as evaluate() for the caller’s tenant only', async () => {
    const res = await auditor.get('/api/evaluation?scenario=government&by=hour,day');
    expect(res.statusCode).toBe(200);
    const body = res.json<Awaited<ReturnType<typeof evaluate>>>();
    const tenant = await t.ctx.db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'h1')
      .executeTakeFirstOrThrow();
    const direct = await evaluate(t.ctx, tenant, { scenario: 'government', by: ['hour', 'day'] });
    expect(body).toEqual(JSON.parse(JSON.stringify(direct)));
    const ecr = body.metrics.find((m) => m.id === 'effective_connection_rate');
    expect([ecr?.value, ecr?.numerator, ecr?.denominator]).toEqual([0.5, 1, 2]);
    expect(Object.keys(body.breakdowns)).toEqual(['hour', 'day']);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        'range',
        'scenario',
        'overall',
        'dimensions',
        'metrics',
        'breakdowns',
        'alerts',
        'trends',
      ]),
    );
  });

  it('takes dates in the tenant time zone: [2026-01-06, …) leaves the calls of the 5th out', async () => {
    const res = await auditor.get('/api/evaluation?from=2026-01-06&to=2026-01-07');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ range: { from: number }; metrics: { id: string; value: unknown }[] }>();
    expect(body.range.from).toBe(Date.UTC(2026, 0, 5, 16, 0, 0));
    expect(body.metrics.find((m) => m.id === 'effective_connection_rate')?.value).toBeNull();
  });

  it('rejects an unknown breakdown and an inverted range with 400', async () => {
    expect((await auditor.get('/api/evaluation?by=planet')).statusCode).toBe(400);
    expect((await auditor.get('/api/evaluation?from=2026-02-01&to=2026-01-01')).statusCode).toBe(
      400,
    );
  });

  it('forbids agents (403) and anonymous callers (401)', async () => {
    expect((await agent.get('/api/evaluation')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/evaluation' })).statusCode).toBe(401);
  });

  it('serves the catalogue with every metric and the tenant thresholds', async () => {
    const res = await auditor.get('/api/evaluation/catalogue');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ metrics: { id: string }[]; tenant: { thresholds: object } }>();
    expect(body.metrics.map((m) => m.id)).toEqual(CATALOGUE.map((c) => c.id));
    expect(body.tenant.thresholds).toHaveProperty('complaint_rate.redLine', 0.005);
  });

  it('serves a self-contained HTML report with ECharts inlined', async () => {
    const res = await auditor.get('/api/evaluation/report.html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('echarts.init');
    expect(res.body.length).toBeGreaterThan(1_000_000);
    expect(res.body).not.toMatch(/<script[^>]+src=/);
  });
});
