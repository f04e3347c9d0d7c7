import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  BREAKDOWN_KEYS,
  CATALOGUE,
  DIMENSIONS,
  evaluate,
  evaluationSettingsSchema,
  loadEvaluationSettings,
  parseBy,
  parseRange,
  parseScenario,
  renderHtmlReport,
  resolveEvaluationSettings,
  saveEvaluationSettings,
  SCENARIO_PRESETS,
  SCENARIOS,
  type EvaluationReport,
} from '../modules/evaluation/index.ts';
import { findTenant } from '../modules/tenants/index.ts';
import { notFound } from '../platform/index.ts';
import { audit, authOf } from './auth-hook.ts';
import { withZod, zodSchema } from './zod-schema.ts';

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
  return withZod(app, (r) => {
    r.get(
      '/api/evaluation/settings',
      {
        config: { roles: ROLES },
        schema: {
          tags: ['evaluation'],
          summary: 'This tenant’s metric thresholds and scenario weights, with the defaults',
        },
      },
      async (request) => loadEvaluationSettings(ctx.db, authOf(request).tenantId),
    );
    r.put(
      '/api/evaluation/settings',
      {
        config: { roles: ['admin'] },
        schema: {
          tags: ['evaluation'],
          summary: 'Replace the thresholds and scenario weights ({} resets to the defaults)',
          body: zodSchema(evaluationSettingsSchema),
        },
      },
      async (request) => {
        const saved = await saveEvaluationSettings(ctx.db, authOf(request).tenantId, request.body);
        await audit(ctx, request, 'allowed', 'evaluation settings changed', {
          type: 'settings',
          id: 'evaluation',
          personalData: false,
          inScope: true,
        });
        return saved;
      },
    );
  });
}
