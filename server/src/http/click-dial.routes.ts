import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import {
  dialDevice,
  dialRequestSchema,
  loadOutboundSettings,
  outboundSettingsBodySchema,
  PASSWORD_MASK,
  saveOutboundSettings,
  startClickToDial,
  type DialRequest,
  type OutboundSettings,
} from '../modules/click-dial/index.ts';
import { audit, authOf } from './auth-hook.ts';
import { withZod, zodSchema } from './zod-schema.ts';

// Click-to-dial from a lead, a customer or a typed number, and the tenant's outbound trunk.

const DIALERS = ['agent', 'supervisor', 'admin'] as const;

/** The trunk password never leaves the server (a PUT sending the mask back keeps it). */
const shown = (s: OutboundSettings | null) =>
  s && s.trunk.auth
    ? { ...s, trunk: { ...s.trunk, auth: { ...s.trunk.auth, password: PASSWORD_MASK } } }
    : s;

export async function registerClickDialRoutes(
  app: FastifyInstance,
  ctx: AppContext,
): Promise<void> {
  await withZod(app, (r) => {
    r.post(
      '/api/agent/dial',
      {
        config: { roles: DIALERS },
        schema: {
          tags: ['agent'],
          summary:
            'Click-to-dial a lead, customer or number: compliance gate (409 with the reason), then my device rings; answered when it does',
          body: zodSchema(dialRequestSchema),
        },
      },
      async (request, reply) => {
        const started = await startClickToDial(ctx, authOf(request), request.body as DialRequest);
        return reply.status(201).send(started);
      },
    );

    r.get(
      '/api/agent/dial/device',
      {
        config: { roles: DIALERS },
        schema: { tags: ['agent'], summary: 'Whether my softphone or SIP phone can be rung now' },
      },
      async (request) => dialDevice(ctx, authOf(request)),
    );

    r.get(
      '/api/settings/outbound',
      {
        config: { roles: ['admin'] },
        schema: { tags: ['settings'], summary: 'Outbound trunk and caller-ID of click-to-dial' },
      },
      async (request) => ({
        settings: shown(await loadOutboundSettings(ctx, authOf(request).tenantId)),
      }),
    );

    r.put(
      '/api/settings/outbound',
      {
        config: { roles: ['admin'] },
        schema: {
          tags: ['settings'],
          summary:
            'Set the outbound trunk, caller-ID, ring timeouts and recording of click-to-dial',
          body: zodSchema(outboundSettingsBodySchema),
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const settings = await saveOutboundSettings(ctx, tenantId, request.body);
        await audit(ctx, request, 'allowed', 'outbound settings changed', {
          type: 'settings',
          id: 'calls.outbound',
          personalData: false,
          inScope: true,
        });
        return { settings: shown(settings) };
      },
    );
  });
}
