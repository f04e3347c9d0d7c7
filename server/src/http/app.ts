import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { isAppError } from '../platform/index.ts';
import { installAuthHook } from './auth-hook.ts';
import { STATUS_BY_CATEGORY } from './error-map.ts';
import { mapFrameworkError } from './framework-errors.ts';
import { installNulGuard } from './nul-guard.ts';
import { registerRoutes } from './routes.ts';

/** The HTTP API as a Fastify instance; tests call app.inject() on it without a port. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = ctx.logger;
  // Fastify's own request lines carry the query string, and with it phone numbers
  // (/api/customers?q=13800138000, /api/compliance/permissions?phone=…): one line per request
  // is written below without it.
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: 5 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Set before any plugin so that every encapsulated context inherits it.
  app.setErrorHandler((error, request, reply) => {
    if (isAppError(error)) {
      return reply.status(STATUS_BY_CATEGORY[error.category]).send({
        error: {
          code: error.code,
          message: error.message,
          where: error.where,
          details: error.details,
        },
      });
    }
    const err = error as {
      validation?: unknown;
      statusCode?: number;
      message?: string;
      code?: string;
    };
    if (err.validation) {
      return reply.status(400).send({ error: { code: 'request.invalid', message: err.message } });
    }
    if (err.statusCode && err.statusCode < 500) {
      const mapped = mapFrameworkError(
        { statusCode: err.statusCode, code: err.code, message: err.message },
        request,
      );
      return reply.status(mapped.status).send({
        error: { code: mapped.code, message: mapped.message, where: mapped.where },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Internal error' } });
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: { info: { title: 'Yunhu 云呼 API', version: '0.1.0' } },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { deepLinking: false } });

  await app.register(websocket);
  // A refused WebSocket upgrade (no session) is answered over the raw socket, which the HTTP
  // server then no longer tracks: close it, or shutdown waits for it forever.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.ws && reply.statusCode !== 101) request.raw.socket.destroy();
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        req: { method: request.method, url: request.url.split('?')[0] },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
  installAuthHook(app, ctx);
  installNulGuard(app);
  app.get('/api/health', { config: { public: true } }, () => ({
    status: 'ok',
    time: ctx.clock.now(),
  }));
  await registerRoutes(app, ctx);
  return app;
}
