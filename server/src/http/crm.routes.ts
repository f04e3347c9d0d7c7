import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  createResource,
  deleteResource,
  getResource,
  listResource,
  RESOURCES,
  resourceSchemas,
  updateResource,
  type ResourceSpec,
  type Row,
} from '../modules/crm/index.ts';
import { actorOf } from './customers.routes.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

type ListQuery = Row & { page: number; pageSize: number; q?: string; from?: number; to?: number };

/** CRUD routes for one of the field-list CRM objects (see modules/crm/resources.ts). */
async function registerResource(
  app: FastifyInstance,
  ctx: AppContext,
  spec: ResourceSpec,
): Promise<void> {
  const schemas = resourceSchemas(spec);
  const base = `/api/${spec.path}`;
  const tags = [spec.path];
  const read: { roles?: ResourceSpec['writeRoles'] } = spec.readRoles
    ? { roles: spec.readRoles }
    : {};
  await withZod(app, (r) => {
    r.get(
      base,
      {
        config: read,
        schema: {
          tags,
          summary: `List ${spec.label}s ({ items, total }; ?q= searches text fields)`,
          querystring: zodSchema(schemas.query),
        },
      },
      async (request) => listResource(ctx, spec, actorOf(request), request.query as ListQuery),
    );
    r.post(
      base,
      {
        config: { roles: spec.writeRoles },
        schema: { tags, summary: `Create a ${spec.label}`, body: zodSchema(schemas.create) },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createResource(ctx, spec, actorOf(request), request.body as Row)),
    );
    r.get(
      `${base}/:id`,
      { config: read, schema: { tags, summary: `One ${spec.label}`, params: zodSchema(idParams) } },
      async (request) => getResource(ctx, spec, actorOf(request), (request.params as IdParams).id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: { roles: spec.writeRoles },
        schema: {
          tags,
          summary: `Change a ${spec.label}`,
          params: zodSchema(idParams),
          body: zodSchema(schemas.patch),
        },
      },
      async (request) =>
        updateResource(
          ctx,
          spec,
          actorOf(request),
          (request.params as IdParams).id,
          request.body as Row,
        ),
    );
    r.delete(
      `${base}/:id`,
      {
        config: { roles: spec.deleteRoles },
        schema: { tags, summary: `Delete a ${spec.label}`, params: zodSchema(idParams) },
      },
      async (request, reply) => {
        await deleteResource(ctx, spec, actorOf(request), (request.params as IdParams).id);
        return reply.status(204).send();
      },
    );
  });
}

export async function registerCrmRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const spec of RESOURCES) await registerResource(app, ctx, spec);
}
