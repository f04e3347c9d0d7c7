import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { authOf } from '../http/index.ts';
import { registerSoftphoneRoutes } from './softphone.routes.ts';

/**
 * WebSocket fan-out of module events to browsers (`/api/events`). A browser receives only the
 * events of its own tenant: every published payload carries a tenantId. Messages are JSON
 * `{ event, data, at }`.
 */
export function registerRealtimeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/events', { websocket: true }, (socket, request) => {
    const { tenantId } = authOf(request);
    const off = ctx.bus.onAny((event, data) => {
      const payload = data as { tenantId?: string } | undefined;
      if (payload?.tenantId !== tenantId) return;
      socket.send(JSON.stringify({ event, data, at: ctx.clock.now() }));
    });
    socket.on('close', off);
    socket.send(JSON.stringify({ event: 'hello', data: { tenantId }, at: ctx.clock.now() }));
  });
  registerSoftphoneRoutes(app, ctx);
}
