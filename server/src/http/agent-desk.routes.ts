import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  dispositionSchema,
  getAgentCall,
  recordDisposition,
  type DispositionInput,
} from '../modules/calls/index.ts';
import { inboundOf } from '../modules/inbound/index.ts';
import { AppError, notFound } from '../platform/index.ts';
import { registerAgentTodayRoutes } from './agent-today.ts';
import { audit, authOf } from './auth-hook.ts';
import { withZod, zodSchema } from './zod-schema.ts';

// The agent's own desk: its seat and live ACD state, state changes (ready / not ready with a
// reason / wrap-up done / log out), the screen-pop of a call and its disposition.

const WORKERS = ['agent', 'supervisor', 'admin'] as const;
const READERS = ['agent', 'supervisor', 'admin', 'auditor'] as const;

const stateBody = z.strictObject({
  state: z.enum(['ready', 'not-ready', 'wrap-up-done', 'login', 'logout']),
  /** Reason code of not-ready (小休, 会议, 培训, 用餐 …). */
  reason: z.string().trim().min(1).max(40).optional(),
});
const callParams = z.object({ id: z.string().min(1).max(64) });

async function seatOf(ctx: AppContext, tenantId: string, userId: string) {
  return ctx.db.kysely
    .selectFrom('agents')
    .select(['id', 'name', 'extension'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The live state of a seat (null when SIP is off or the desk has not loaded it). */
async function liveState(ctx: AppContext, tenantId: string, agentId: string) {
  const inbound = inboundOf(ctx);
  if (!inbound) return null;
  const desk = await inbound.desk(tenantId);
  return desk.acd.agentState(agentId) ?? null;
}

export async function registerAgentDeskRoutes(
  app: FastifyInstance,
  ctx: AppContext,
): Promise<void> {
  await registerAgentTodayRoutes(app, ctx);
  await withZod(app, (r) => {
    r.get(
      '/api/agent/me',
      {
        config: { roles: WORKERS },
        schema: { tags: ['agent'], summary: 'My seat and live state' },
      },
      async (request) => {
        const { tenantId, userId } = authOf(request);
        const seat = await seatOf(ctx, tenantId, userId);
        if (!seat) return { seat: null, state: null };
        return { seat, state: await liveState(ctx, tenantId, seat.id) };
      },
    );

    r.post(
      '/api/agent/state',
      {
        config: { roles: WORKERS },
        schema: {
          tags: ['agent'],
          summary: 'Change my state: ready, not-ready (with reason), wrap-up-done, login, logout',
          body: zodSchema(stateBody),
        },
      },
      async (request) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof stateBody>;
        const seat = await seatOf(ctx, tenantId, userId);
        if (!seat) throw notFound('agent.no_seat', 'This user has no agent seat (坐席)');
        const inbound = inboundOf(ctx);
        if (!inbound) {
          throw new AppError('unavailable', 'agent.no_acd', 'SIP is off on this server: no ACD');
        }
        const desk = await inbound.desk(tenantId);
        if (body.state === 'not-ready') {
          desk.event(seat.id, { type: 'not-ready', reason: body.reason ?? 'break' });
        } else desk.event(seat.id, { type: body.state });
        return { seat, state: desk.acd.agentState(seat.id) ?? null };
      },
    );

    r.get(
      '/api/calls/:id',
      {
        config: { roles: READERS },
        schema: {
          tags: ['calls'],
          summary: 'A call for the screen-pop: number (masked for agents), customer, disposition',
          params: zodSchema(callParams),
        },
      },
      async (request) => {
        const actor = authOf(request);
        const { id } = request.params as z.output<typeof callParams>;
        const seat = await seatOf(ctx, actor.tenantId, actor.userId);
        const state = seat ? await liveState(ctx, actor.tenantId, seat.id) : null;
        const view = await getAgentCall(ctx, actor, id, state?.callId === id ? seat?.id : null);
        if (actor.role !== 'agent' && view.number) {
          await audit(ctx, request, 'allowed', 'call number shown unmasked', {
            type: 'call',
            id,
            personalData: true,
            inScope: true,
          });
        }
        return view;
      },
    );

    r.post(
      '/api/calls/:id/disposition',
      {
        config: { roles: WORKERS },
        schema: {
          tags: ['calls'],
          summary:
            'Disposition of a handled call: intent level, core information, note, next follow-up',
          params: zodSchema(callParams),
          body: zodSchema(dispositionSchema),
        },
      },
      async (request) => {
        const { id } = request.params as z.output<typeof callParams>;
        return recordDisposition(ctx, authOf(request), id, request.body as DispositionInput);
      },
    );
  });
}
