import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  planFromHistory,
  planFromParameters,
  planInputSchema,
  type PlanInput,
} from '../modules/wfm/index.ts';
import { authOf } from './auth-hook.ts';
import { withZod, zodSchema } from './zod-schema.ts';

const MANAGERS = ['admin', 'supervisor'] as const;

export async function registerWfmRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await withZod(app, (r) => {
    r.get(
      '/api/wfm/plan',
      {
        config: { roles: MANAGERS },
        schema: {
          tags: ['wfm'],
          summary:
            'Staffing plan (Erlang C / Erlang A): from parameters (calls, intervalMinutes, aht, ' +
            'patience …) or, with fromHistory=true, per interval from the tenant’s inbound calls',
          querystring: zodSchema(planInputSchema),
        },
      },
      async (request) => {
        const input = request.query as PlanInput;
        if (!input.fromHistory) return planFromParameters(input);
        return planFromHistory(ctx, authOf(request).tenantId, input);
      },
    );
  });
}
