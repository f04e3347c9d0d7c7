import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  campaignReport,
  CALLBACK_STATUSES,
  campaignSettingsSchema,
  cancelCallback,
  createCampaignFromLeads,
  DIAL_MODES,
  getCampaign,
  haltLiveCampaign,
  listCallbacks,
  listCampaigns,
  liveStatus,
  scheduleCallback,
  startLiveCampaign,
  type CampaignView,
} from '../modules/dialer/index.ts';
import { authOf } from './auth-hook.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

// Outbound campaigns: create one from CRM leads, follow its progress, start / pause / stop its
// live runner, and agents' callbacks. Managers run campaigns; agents schedule and read their own
// callbacks. Plain campaign rows (CRUD) stay under /api/campaigns (crm.routes.ts).

const MANAGERS = ['admin', 'supervisor'] as const;
const WORKERS = ['admin', 'supervisor', 'agent'] as const;
const tags = ['dialer'];

const createBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    dialMode: z.enum(DIAL_MODES),
    /** The call list: these leads … */
    leadIds: z.array(z.string().min(1).max(64)).min(1).max(100_000).optional(),
    /** … or every lead of this campaign (e.g. an imported one), oldest first. */
    fromCampaignId: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
    settings: campaignSettingsSchema,
  })
  .strict()
  .refine((b) => (b.leadIds === undefined) !== (b.fromCampaignId === undefined), {
    message: 'give exactly one of leadIds or fromCampaignId',
    path: ['leadIds'],
  });

const listQuery = z.object({ status: z.string().max(30).optional() }).strict();
const startBody = z
  .object({ policy: z.enum(['yunhu', 'baseline']).optional() })
  .strict()
  .default({});
const callbackBody = z
  .object({
    entryId: z.string().min(1).max(64),
    /** When to call back, UTC epoch ms. */
    dueAt: z.number().int().min(0),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
const callbackQuery = z
  .object({
    campaignId: z.string().max(64).optional(),
    status: z.enum(CALLBACK_STATUSES).optional(),
    /** Managers only: one agent's callbacks. */
    userId: z.string().max(64).optional(),
  })
  .strict();

/** The campaign as the API shows it: trunk credentials never leave the server. */
function publicCampaign(c: CampaignView): CampaignView {
  const { auth, ...trunk } = c.settings.trunk;
  return {
    ...c,
    settings: {
      ...c.settings,
      trunk: auth ? { ...trunk, auth: { ...auth, password: '***' } } : trunk,
    },
  };
}

async function detail(ctx: AppContext, tenantId: string, id: string) {
  const campaign = await getCampaign(ctx.db, tenantId, id);
  const report = await campaignReport(ctx.db, tenantId, id);
  return { ...publicCampaign(campaign), progress: report, live: liveStatus(ctx, tenantId, id) };
}

export async function registerDialerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await withZod(app, (r) => {
    r.post(
      '/api/dialer/campaigns',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Create a campaign whose call list is CRM leads (leadIds or fromCampaignId)',
          body: zodSchema(createBody),
        },
      },
      async (request, reply) => {
        const { tenantId } = authOf(request);
        const body = request.body as z.output<typeof createBody>;
        const created = await createCampaignFromLeads(ctx, {
          tenantId,
          name: body.name,
          dialMode: body.dialMode,
          settings: body.settings,
          ...(body.leadIds ? { leadIds: body.leadIds } : {}),
          ...(body.fromCampaignId ? { fromCampaignId: body.fromCampaignId } : {}),
          ...(body.limit !== undefined ? { limit: body.limit } : {}),
        });
        return reply.status(201).send(await detail(ctx, tenantId, created.id));
      },
    );
    r.get(
      '/api/dialer/campaigns',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary:
            'Dialable campaigns with progress: entries by state, attempts (dialed), answered, ' +
            'connected, abandon rate …, and whether a runner is live on this server',
          querystring: zodSchema(listQuery),
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const items = await listCampaigns(
          ctx.db,
          tenantId,
          request.query as z.output<typeof listQuery>,
        );
        return {
          items: await Promise.all(
            items.map(async (c) => ({
              ...c,
              progress: await campaignReport(ctx.db, tenantId, c.id),
              live: liveStatus(ctx, tenantId, c.id),
            })),
          ),
        };
      },
    );
    r.get(
      '/api/dialer/campaigns/:id',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'One campaign with its progress', params: zodSchema(idParams) },
      },
      async (request) => detail(ctx, authOf(request).tenantId, (request.params as IdParams).id),
    );
    r.post(
      '/api/dialer/campaigns/:id/start',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary:
            'Start (or resume) dialing on this server; 409 dialer.sip_off when SIP is off, ' +
            '409 campaign.running / campaign.finished',
          params: zodSchema(idParams),
          body: zodSchema(startBody),
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const { id } = request.params as IdParams;
        const body = request.body as z.output<typeof startBody>;
        await startLiveCampaign(ctx, tenantId, id, body.policy ? { policy: body.policy } : {});
        return detail(ctx, tenantId, id);
      },
    );
    for (const how of ['pause', 'stop'] as const) {
      r.post(
        `/api/dialer/campaigns/:id/${how}`,
        {
          config: { roles: MANAGERS },
          schema: {
            tags,
            summary:
              how === 'pause'
                ? 'Stop dialing now (calls in progress finish); start resumes'
                : 'Stop for good (calls in progress finish); the campaign cannot be restarted',
            params: zodSchema(idParams),
          },
        },
        async (request) => {
          const { tenantId } = authOf(request);
          const { id } = request.params as IdParams;
          return haltLiveCampaign(ctx, tenantId, id, how);
        },
      );
    }
    r.post(
      '/api/dialer/campaigns/:id/callbacks',
      {
        config: { roles: WORKERS },
        schema: {
          tags,
          summary: 'Schedule a callback on a list entry (the signed-in user promised it)',
          params: zodSchema(idParams),
          body: zodSchema(callbackBody),
        },
      },
      async (request, reply) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof callbackBody>;
        await getCampaign(ctx.db, tenantId, (request.params as IdParams).id);
        const view = await scheduleCallback(ctx.db, {
          tenantId,
          campaignId: (request.params as IdParams).id,
          entryId: body.entryId,
          userId,
          dueAt: body.dueAt,
          note: body.note,
          now: ctx.clock.now(),
        });
        return reply.status(201).send(view);
      },
    );
    r.get(
      '/api/dialer/callbacks',
      {
        config: { roles: WORKERS },
        schema: {
          tags,
          summary: "Callbacks by due time: an agent's own; managers see all (or ?userId=)",
          querystring: zodSchema(callbackQuery),
        },
      },
      async (request) => {
        const { tenantId, userId, role } = authOf(request);
        const q = request.query as z.output<typeof callbackQuery>;
        const own = role === 'agent' ? userId : q.userId;
        return {
          items: await listCallbacks(ctx.db, {
            tenantId,
            ...(own ? { userId: own } : {}),
            ...(q.campaignId ? { campaignId: q.campaignId } : {}),
            ...(q.status ? { status: q.status } : {}),
          }),
        };
      },
    );
    r.delete(
      '/api/dialer/callbacks/:id',
      {
        config: { roles: WORKERS },
        schema: {
          tags,
          summary: 'Cancel a callback (agents: their own)',
          params: zodSchema(idParams),
        },
      },
      async (request, reply) => {
        const { tenantId, userId, role } = authOf(request);
        await cancelCallback(
          ctx.db,
          tenantId,
          (request.params as IdParams).id,
          role === 'agent' ? userId : null,
          ctx.clock.now(),
        );
        return reply.status(204).send();
      },
    );
  });
}
