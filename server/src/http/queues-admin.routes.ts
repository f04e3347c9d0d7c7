import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  createQueue,
  deleteQueue,
  getQueueForAdmin,
  listQueuesForAdmin,
  queueCreateSchema,
  queuePatchSchema,
  updateQueue,
  type QueueCreate,
  type QueuePatch,
} from '../modules/inbound/index.ts';
import { audit, authOf } from './auth-hook.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

// Queue configuration for admins: name, routing skill and settings (ring timeout, max wait,
// overflow, announcements, recording policy, wrap-up, callback digit, priority). Supervisors may
// read; the live figures stay on GET /api/queues.
const READERS = ['admin', 'supervisor'] as const;
const WRITERS = ['admin'] as const;
const tags = ['inbound'];

export function registerQueueAdminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const changed = (request: Parameters<typeof audit>[1], id: string, what: string) =>
    audit(ctx, request, 'allowed', `queue ${what}`, {
      type: 'queue',
      id,
      personalData: false,
      inScope: true,
    });
  return withZod(app, (r) => {
    r.get(
      '/api/admin/queues',
      {
        config: { roles: READERS },
        schema: { tags, summary: 'Queues with settings and the agents who have each skill' },
      },
      async (request) => ({ items: await listQueuesForAdmin(ctx, authOf(request).tenantId) }),
    );
    r.get<{ Params: IdParams }>(
      '/api/admin/queues/:id',
      {
        config: { roles: READERS },
        schema: { tags, summary: 'One queue', params: zodSchema(idParams) },
      },
      async (request) => getQueueForAdmin(ctx, authOf(request).tenantId, request.params.id),
    );
    r.post<{ Body: QueueCreate }>(
      '/api/admin/queues',
      {
        config: { roles: WRITERS },
        schema: { tags, summary: 'Create a queue', body: zodSchema(queueCreateSchema) },
      },
      async (request, reply) => {
        const queue = await createQueue(ctx, authOf(request).tenantId, request.body);
        await changed(request, queue.id, 'created');
        return reply.status(201).send(queue);
      },
    );
    r.patch<{ Params: IdParams; Body: QueuePatch }>(
      '/api/admin/queues/:id',
      {
        config: { roles: WRITERS },
        schema: {
          tags,
          summary: 'Change a queue; settings are merged over the stored ones',
          params: zodSchema(idParams),
          body: zodSchema(queuePatchSchema),
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const queue = await updateQueue(ctx, tenantId, request.params.id, request.body);
        await changed(request, queue.id, 'changed');
        return queue;
      },
    );
    r.delete<{ Params: IdParams }>(
      '/api/admin/queues/:id',
      {
        config: { roles: WRITERS },
        schema: { tags, summary: 'Delete a queue', params: zodSchema(idParams) },
      },
      async (request, reply) => {
        await deleteQueue(ctx, authOf(request).tenantId, request.params.id);
        await changed(request, request.params.id, 'deleted');
        return reply.status(204).send();
      },
    );
  });
}
