import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';

/** web/dist of this checkout (built by `npm run build -w web`, which `npm start` runs first). */
export const defaultWebDist = (): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the single-page web app at /. Hashed assets are cached for a year; index.html is never
 * cached, and any GET outside /api that matches no file gets index.html so that deep links
 * (/crm/customers/…) load the app, which then routes on the client.
 */
export async function registerStaticRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  root: string = defaultWebDist(),
): Promise<void> {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    ctx.logger.warn(`web app not built (${index} missing): run \`npm run build -w web\``);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: true,
    setHeaders: (reply, filePath) => {
      reply.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });

  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));

  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    if (request.method === 'GET' && !url.startsWith('/api/') && url !== '/api') {
      return sendIndex(reply);
    }
    return reply.status(404).send({
      error: {
        code: 'route.not_found',
        message: `${request.method} ${url.split('?')[0]} not found`,
      },
    });
  });

  function sendIndex(reply: FastifyReply) {
    if (!existsSync(index)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The Yunhu web app is not built yet: run `npm run build -w web` (npm start does it).',
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  }
}
