import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

// Each feature's routes live in http/<feature>.routes.ts and are registered here, one line each.
export async function registerRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
