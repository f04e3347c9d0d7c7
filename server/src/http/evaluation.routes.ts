import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  BREAKDOWN_KEYS,
  CATALOGUE,
  DIMENSIONS,
  evaluate,
  parseBy,
  parseRange,
  parseScenario,
  renderHtmlReport,
  resolveEvaluationSettings,
  SCENARIO_PRESETS,
  SCENARIOS,
  type EvaluationReport,
} from '../modules/evaluation/index.ts';
import { findTenant } from '../modules/tenants/index.ts';
import { notFound } from '../platform/index.ts';
import { authOf } from './auth-hook.ts';

// GET /api/evaluation takes the parameters of `yunhu evaluate` and returns the same JSON.
const ROLES = ['admin', 'supervisor', 'auditor'] as const;

interface EvaluationQuery {
  from?: string;
  to?: string;
  scenario?: string;
  by?: string;
}

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      description: 'start (inclusive): YYYY-MM-DD in the tenant time zone, ISO 8601 or epoch ms',
    },
    to: { type: 'string', description: 'end (exclusive), same forms as from' },
    scenario: { type: 'string', enum: [...SCENARIOS] },
    by: { type: 'string', description: `comma-separated: ${BREAKDOWN_KEYS.join(', ')}` },
  },
} as const;

export function registerEvaluationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const run = async (tenantId: string, q: EvaluationQuery): Promise<EvaluationReport> => {
    const tenant = await findTenant(ctx.db, tenantId);
    if (!tenant) throw notFound('tenant.not_found', 'Tenant not found');
    const by = parseBy(q.by);
    return evaluate(ctx, tenant, {
      ...parseRange(q.from, q.to, tenant.time_zone),
      scenario: parseScenario(q.scenario),
      ...(by ? { by } : {}),
    });
  };

  app.get<{ Querystring: EvaluationQuery }>(
    '/api/evaluation',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['evaluation'],
        summary: 'Evaluation report: metrics, scorecard, breakdowns, alerts, trends',
        querystring,
      },
    },
    async (request) => run(authOf(request).tenantId, request.query),
  );

  app.get<{ Querystring: EvaluationQuery }>(
    '/api/evaluation/report.html',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['evaluation'],
        summary: 'The evaluation report as a self-contained HTML page with charts',
        querystring,
      },
    },
    async (request, reply) => {
      const report = await run(authOf(request).tenantId, request.query);
      return reply.type('text/html; charset=utf-8').send(renderHtmlReport(report));
    },
  );

  app.get(
    '/api/evaluation/catalogue',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['evaluation'],
        summary: 'The metric catalogue, scenario weight presets and this tenant’s thresholds',
      },
    },
    async (request) => {
      const tenant = await findTenant(ctx.db, authOf(request).tenantId);
      let parsed: unknown = {};
      try {
        parsed = JSON.parse(tenant?.settings ?? '{}');
      } catch {
        // keep the defaults
      }
      const settings = resolveEvaluationSettings(parsed);
      return {
        metrics: CATALOGUE,
        dimensions: DIMENSIONS,
        scenarios: SCENARIO_PRESETS,
        breakdowns: BREAKDOWN_KEYS,
        tenant: { thresholds: settings.thresholds, weights: settings.weights },
      };
    },
  );
  return Promise.resolve();
}
