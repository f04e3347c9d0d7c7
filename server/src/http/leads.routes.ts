import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  assignLead,
  claimLead,
  createLead,
  deleteLead,
  getLead,
  leadAssignSchema,
  leadCreateSchema,
  leadPatchSchema,
  leadQuerySchema,
  listLeads,
  returnLead,
  updateLead,
} from '../modules/crm/index.ts';
import { actorOf, auditPhoneRead } from './customers.routes.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

const WORKERS = ['admin', 'supervisor', 'agent'] as const;
const MANAGERS = ['admin', 'supervisor'] as const;
const tags = ['leads'];

export async function registerLeadRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await withZod(app, (r) => {
    r.get(
      '/api/leads',
      {
        schema: {
          tags,
          summary: 'Leads (agents: the public pool and their own private leads)',
          querystring: zodSchema(leadQuerySchema),
        },
      },
      async (request) => {
        const page = await listLeads(
          ctx,
          actorOf(request),
          request.query as z.output<typeof leadQuerySchema>,
        );
        await auditPhoneRead(
          ctx,
          request,
          'customers',
          page.items.filter((l) => l.customer.phone).map((l) => l.customerId),
        );
        return page;
      },
    );
    r.post(
      '/api/leads',
      { config: { roles: WORKERS }, schema: { tags, body: zodSchema(leadCreateSchema) } },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await createLead(
              ctx,
              actorOf(request),
              request.body as z.output<typeof leadCreateSchema>,
            ),
          ),
    );
    r.get('/api/leads/:id', { schema: { tags, params: zodSchema(idParams) } }, async (request) => {
      const lead = await getLead(ctx, actorOf(request), (request.params as IdParams).id);
      if (lead.customer.phone) await auditPhoneRead(ctx, request, 'customers', [lead.customerId]);
      return lead;
    });
    r.patch(
      '/api/leads/:id',
      {
        config: { roles: WORKERS },
        schema: { tags, params: zodSchema(idParams), body: zodSchema(leadPatchSchema) },
      },
      async (request) =>
        updateLead(
          ctx,
          actorOf(request),
          (request.params as IdParams).id,
          request.body as z.output<typeof leadPatchSchema>,
        ),
    );
    r.delete(
      '/api/leads/:id',
      { config: { roles: MANAGERS }, schema: { tags, params: zodSchema(idParams) } },
      async (request, reply) => {
        await deleteLead(ctx, actorOf(request), (request.params as IdParams).id);
        return reply.status(204).send();
      },
    );
    r.post(
      '/api/leads/:id/claim',
      {
        config: { roles: WORKERS },
        schema: {
          tags,
          summary: 'Take a public lead into the own private pool',
          params: zodSchema(idParams),
        },
      },
      async (request) => claimLead(ctx, actorOf(request), (request.params as IdParams).id),
    );
    r.post(
      '/api/leads/:id/assign',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: "Put a lead into a user's private pool",
          params: zodSchema(idParams),
          body: zodSchema(leadAssignSchema),
        },
      },
      async (request) =>
        assignLead(
          ctx,
          actorOf(request),
          (request.params as IdParams).id,
          (request.body as z.output<typeof leadAssignSchema>).userId,
        ),
    );
    r.post(
      '/api/leads/:id/return',
      {
        config: { roles: WORKERS },
        schema: {
          tags,
          summary: 'Return a private lead to the public pool',
          params: zodSchema(idParams),
        },
      },
      async (request) => returnLead(ctx, actorOf(request), (request.params as IdParams).id),
    );
  });
}
