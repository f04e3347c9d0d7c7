import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  canSeePhone,
  createCustomer,
  customerCreateSchema,
  customerHistory,
  customerPatchSchema,
  customerQuerySchema,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  type Actor,
} from '../modules/crm/index.ts';
import { audit, authOf } from './auth-hook.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

const WRITERS = ['admin', 'supervisor', 'agent'] as const;
const MANAGERS = ['admin', 'supervisor'] as const;
const tags = ['customers'];

export const actorOf = (request: FastifyRequest): Actor => {
  const { tenantId, userId, role } = authOf(request);
  return { tenantId, userId, role };
};

/** A response that carries clear phone numbers is a personal-data read: audit it. */
export async function auditPhoneRead(
  ctx: AppContext,
  request: FastifyRequest,
  objectType: string,
  ids: string[],
): Promise<void> {
  if (ids.length === 0 || !canSeePhone(authOf(request).role)) return;
  await audit(ctx, request, 'allowed', `${ids.length} phone number(s) shown unmasked`, {
    type: objectType,
    ...(ids.length === 1 ? { id: ids[0] } : {}),
    personalData: true,
  });
}

export async function registerCustomerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await withZod(app, (r) => {
    r.get(
      '/api/customers',
      {
        schema: {
          tags,
          summary: 'Customers; q finds a phone number (any writing), id, external ref or region',
          querystring: zodSchema(customerQuerySchema),
        },
      },
      async (request) => {
        const page = await listCustomers(
          ctx,
          actorOf(request),
          request.query as z.output<typeof customerQuerySchema>,
        );
        await auditPhoneRead(
          ctx,
          request,
          'customers',
          page.items.filter((c) => c.phone).map((c) => c.id),
        );
        return page;
      },
    );
    r.post(
      '/api/customers',
      {
        config: { roles: WRITERS },
        schema: { tags, body: zodSchema(customerCreateSchema) },
      },
      async (request, reply) => {
        const customer = await createCustomer(
          ctx,
          actorOf(request),
          request.body as z.output<typeof customerCreateSchema>,
        );
        return reply.status(201).send(customer);
      },
    );
    r.get(
      '/api/customers/:id',
      { schema: { tags, params: zodSchema(idParams) } },
      async (request) => {
        const customer = await getCustomer(ctx, actorOf(request), (request.params as IdParams).id);
        if (customer.phone) await auditPhoneRead(ctx, request, 'customers', [customer.id]);
        return customer;
      },
    );
    r.get(
      '/api/customers/:id/history',
      {
        schema: {
          tags,
          summary: 'Customer card: leads, tags, follow-ups, deals, tickets, complaints, calls',
          params: zodSchema(idParams),
        },
      },
      async (request) => {
        const history = await customerHistory(
          ctx,
          actorOf(request),
          (request.params as IdParams).id,
        );
        if (history.customer.phone || history.calls.length > 0) {
          await auditPhoneRead(ctx, request, 'customers', [history.customer.id]);
        }
        return history;
      },
    );
    r.patch(
      '/api/customers/:id',
      {
        config: { roles: WRITERS },
        schema: { tags, params: zodSchema(idParams), body: zodSchema(customerPatchSchema) },
      },
      async (request) =>
        updateCustomer(
          ctx,
          actorOf(request),
          (request.params as IdParams).id,
          request.body as z.output<typeof customerPatchSchema>,
        ),
    );
    r.delete(
      '/api/customers/:id',
      { config: { roles: MANAGERS }, schema: { tags, params: zodSchema(idParams) } },
      async (request, reply) => {
        await deleteCustomer(ctx, actorOf(request), (request.params as IdParams).id);
        return reply.status(204).send();
      },
    );
  });
}
