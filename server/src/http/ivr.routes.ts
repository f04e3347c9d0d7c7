import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { callsDb } from '../modules/calls/index.ts';
import {
  activateIvrFlowVersion,
  getActiveIvrFlow,
  getIvrFlowVersion,
  listIvrFlows,
  listIvrFlowVersions,
  saveIvrFlow,
} from '../modules/ivr/index.ts';
import { conflict, invalidInput, notFound } from '../platform/index.ts';
import { audit, authOf } from './auth-hook.ts';

// IVR flows for admins: list, read, save a new version (validated; a bad flow is a 400 whose
// details name every bad path), roll back to an older version, and map service numbers to flows.
const READERS = ['admin', 'supervisor'] as const;
const WRITERS = ['admin'] as const;
const tags = ['ivr'];

const versionParam = (raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw invalidInput('request.invalid', 'version: must be a positive integer', {
      where: 'version',
    });
  }
  return n;
};

const serviceNumberBody = z.strictObject({ flowId: z.string().min(1).max(64) });

export function registerIvrRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/admin/ivr/flows',
    { config: { roles: READERS }, schema: { tags, summary: 'The active version of every flow' } },
    async (request) => ({ items: await listIvrFlows(ctx.db, authOf(request).tenantId) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/ivr/flows/:id',
    {
      config: { roles: READERS },
      schema: { tags, summary: 'A flow: its active version and the list of versions' },
    },
    async (request) => {
      const { tenantId } = authOf(request);
      const active = await getActiveIvrFlow(ctx.db, tenantId, request.params.id);
      if (!active) throw notFound('ivr_flow_not_found', `No IVR flow ${request.params.id}`);
      return {
        ...active,
        versions: await listIvrFlowVersions(ctx.db, tenantId, request.params.id),
      };
    },
  );

  app.get<{ Params: { id: string; version: string } }>(
    '/api/admin/ivr/flows/:id/versions/:version',
    { config: { roles: READERS }, schema: { tags, summary: 'One version of a flow' } },
    async (request) => {
      const { id, version } = request.params;
      const found = await getIvrFlowVersion(
        ctx.db,
        authOf(request).tenantId,
        id,
        versionParam(version),
      );
      if (!found) throw notFound('ivr_flow_not_found', `IVR flow ${id} has no version ${version}`);
      return found;
    },
  );

  app.post(
    '/api/admin/ivr/flows',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Save a flow (its JSON) as a new active version; 400 ivr_flow_invalid names each bad path',
      },
    },
    async (request, reply) => {
      const { tenantId, userId } = authOf(request);
      const saved = await saveIvrFlow(ctx.db, tenantId, request.body, {
        createdBy: userId,
        now: ctx.clock.now(),
      });
      await audit(ctx, request, 'allowed', `IVR flow saved as version ${saved.version}`, {
        type: 'ivr_flow',
        id: saved.flowId,
        personalData: false,
        inScope: true,
      });
      return reply.status(201).send(saved);
    },
  );

  app.post<{ Params: { id: string; version: string } }>(
    '/api/admin/ivr/flows/:id/versions/:version/activate',
    { config: { roles: WRITERS }, schema: { tags, summary: 'Make an older version active' } },
    async (request) => {
      const { id, version } = request.params;
      const active = await activateIvrFlowVersion(
        ctx.db,
        authOf(request).tenantId,
        id,
        versionParam(version),
      );
      await audit(ctx, request, 'allowed', `IVR flow version ${version} activated`, {
        type: 'ivr_flow',
        id,
        personalData: false,
        inScope: true,
      });
      return active;
    },
  );

  app.get(
    '/api/admin/ivr/service-numbers',
    { config: { roles: READERS }, schema: { tags, summary: 'Service numbers and their flow' } },
    async (request) => {
      const rows = await callsDb(ctx.db)
        .selectFrom('service_numbers')
        .selectAll()
        .where('tenant_id', '=', authOf(request).tenantId)
        .orderBy('number')
        .execute();
      return {
        items: rows.map((r) => {
          let flow: { flowId?: string } = {};
          try {
            flow = JSON.parse(r.flow) as typeof flow;
          } catch {
            // shown without a flow
          }
          return { number: r.number, flowId: flow.flowId ?? null };
        }),
      };
    },
  );

  app.put<{ Params: { number: string } }>(
    '/api/admin/ivr/service-numbers/:number',
    {
      config: { roles: WRITERS },
      schema: { tags, summary: 'Route a service number (digits, or E.164 with +) to a flow' },
    },
    async (request) => {
      const { tenantId } = authOf(request);
      const { number } = request.params;
      if (!/^\+?\d{3,20}$/.test(number)) {
        throw invalidInput('request.invalid', 'number: 3-20 digits, optionally with a leading +', {
          where: 'number',
        });
      }
      const parsed = serviceNumberBody.safeParse(request.body);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || 'body';
        throw invalidInput('request.invalid', `${where}: ${parsed.error.issues[0]?.message}`, {
          where,
        });
      }
      const { flowId } = parsed.data;
      if (!(await getActiveIvrFlow(ctx.db, tenantId, flowId))) {
        throw invalidInput('request.invalid', `flowId: no IVR flow ${flowId}`, { where: 'flowId' });
      }
      const db = callsDb(ctx.db);
      const existing = await db
        .selectFrom('service_numbers')
        .select('tenant_id')
        .where('number', '=', number)
        .executeTakeFirst();
      // Numbers are global keys: one held by another tenant is a conflict, never a takeover.
      if (existing && existing.tenant_id !== tenantId) {
        throw conflict(
          'service_number.taken',
          `Service number ${number} belongs to another tenant`,
        );
      }
      const flow = JSON.stringify({ flowId });
      if (existing) {
        await db
          .updateTable('service_numbers')
          .set({ flow })
          .where('number', '=', number)
          .execute();
      } else {
        await db
          .insertInto('service_numbers')
          .values({ tenant_id: tenantId, number, flow, created_at: ctx.clock.now() })
          .execute();
      }
      await audit(ctx, request, 'allowed', `service number routed to ${flowId}`, {
        type: 'service_number',
        id: number,
        personalData: false,
        inScope: true,
      });
      return { number, flowId };
    },
  );
}
