import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { registerAgentDeskRoutes } from './agent-desk.routes.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { registerClickDialRoutes } from './click-dial.routes.ts';
import { registerComplianceRoutes } from './compliance.routes.ts';
import { registerCrmRoutes } from './crm.routes.ts';
import { registerCustomerRoutes } from './customers.routes.ts';
import { registerDialerRoutes } from './dialer.routes.ts';
import { registerEvaluationRoutes } from './evaluation.routes.ts';
import { registerImportRoutes } from './imports.routes.ts';
import { registerInboundRoutes } from './inbound.routes.ts';
import { registerIvrRoutes } from './ivr.routes.ts';
import { registerLeadRoutes } from './leads.routes.ts';
import { registerQueueAdminRoutes } from './queues-admin.routes.ts';
import { registerStaticRoutes } from './static.routes.ts';
import { registerWfmRoutes } from './wfm.routes.ts';

// Each feature's routes live in http/<feature>.routes.ts and are registered here, one line each.
export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await registerAuthRoutes(app, ctx);
  await registerCustomerRoutes(app, ctx);
  await registerLeadRoutes(app, ctx);
  await registerCrmRoutes(app, ctx);
  await registerImportRoutes(app, ctx);
  await registerWfmRoutes(app, ctx);
  await registerComplianceRoutes(app, ctx);
  await registerDialerRoutes(app, ctx);
  await registerEvaluationRoutes(app, ctx);
  await registerAgentDeskRoutes(app, ctx);
  await registerClickDialRoutes(app, ctx);
  registerInboundRoutes(app, ctx);
  await registerQueueAdminRoutes(app, ctx);
  registerIvrRoutes(app, ctx);
  await registerStaticRoutes(app, ctx);
}
