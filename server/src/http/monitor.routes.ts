import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { monitorCall } from '../modules/inbound/index.ts';
import { isAppError } from '../platform/index.ts';
import { audit, authOf } from './auth-hook.ts';
import { validationError } from './zod-schema.ts';

// Listen / whisper / barge: rings the supervisor's own phone and joins it to a live call.
// Monitoring is a read of a conversation, so every session (and every change of mode) is audited
// as a personal-data access; a call of another tenant is refused as out of scope.
const SUPERVISORS = ['admin', 'supervisor'] as const;
const monitorBody = z.strictObject({ mode: z.enum(['listen', 'whisper', 'barge']) });

export function registerMonitorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/calls/:id/monitor',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['inbound'],
        summary:
          'Listen (hear both sides), whisper (heard by the agent only) or barge (heard by both) ' +
          "into a live inbound call: rings the supervisor's registered phone, answers when it " +
          'is joined; again on the same call changes the mode',
        params: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['id'],
        },
      },
    },
    async (request) => {
      const actor = authOf(request);
      const { id } = request.params as { id: string };
      const parsed = monitorBody.safeParse(request.body ?? {});
      if (!parsed.success) throw validationError(parsed.error, 'body');
      const { mode } = parsed.data;
      const object = { type: 'call', id, personalData: true };
      try {
        const view = await monitorCall(ctx, {
          tenantId: actor.tenantId,
          callId: id,
          userId: actor.userId,
          mode,
        });
        await audit(ctx, request, 'allowed', `monitor ${mode}`, { ...object, inScope: true });
        return view;
      } catch (error) {
        if (isAppError(error) && error.code === 'monitor.call_not_live') {
          // Refused out of scope when the call is not this tenant's (an ended call of the
          // tenant is just not live any more).
          const own = await ctx.db.kysely
            .selectFrom('call_records')
            .select('id')
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', id)
            .executeTakeFirst();
          if (!own)
            await audit(ctx, request, 'denied', error.message, { ...object, inScope: false });
        }
        throw error;
      }
    },
  );
}
