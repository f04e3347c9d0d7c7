import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { inboundOf, queueSnapshot } from '../modules/inbound/index.ts';
import { authOf } from './auth-hook.ts';
import { registerMonitorRoutes } from './monitor.routes.ts';
import { registerRecordingRoutes } from './recording.routes.ts';

// Supervisor's live view of the inbound queues. Changes between polls arrive on /api/events
// (agent.state, inbound.* and call.record events).
const SUPERVISORS = ['admin', 'supervisor'] as const;

export function registerInboundRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/queues',
    {
      config: { roles: SUPERVISORS },
      schema: {
        tags: ['inbound'],
        summary:
          'Live queues: { items: [{ id, name, skill, waiting, longestWaitSeconds, withAgents, ' +
          'agents: count by state }], agents: [{ agentId, name, extension, status, reason, ' +
          'callId, sinceMs }], live } — live is false when SIP is off on this node',
      },
    },
    async (request) => queueSnapshot(ctx, inboundOf(ctx), authOf(request).tenantId),
  );
  registerRecordingRoutes(app, ctx);
  registerMonitorRoutes(app, ctx);
}
