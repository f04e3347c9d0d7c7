import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  addDnc,
  callerIdHealth,
  checkAttempt,
  contactPermissions,
  importDnc,
  listDnc,
  listOptOuts,
  listRefusals,
  loadComplianceSettings,
  recordConsent,
  recordOptOut,
  recordSmsReply,
  removeDnc,
  revokeConsent,
  saveComplianceSettings,
  type ComplianceSettings,
} from '../modules/compliance/index.ts';
import { notFound } from '../platform/index.ts';
import { authOf } from './auth-hook.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

// Dial-time compliance administration: DNC lists, consent ledger, opt-outs, the refusal log, a
// dry-run of the gate and caller-ID health. Managers only, except what an agent needs on a call:
// the number's permissions (consents, opt-outs, lists) and recording an opt-out.
const MANAGERS = ['admin', 'supervisor'] as const;
const ON_CALLS = ['admin', 'supervisor', 'agent'] as const;
const tags = ['compliance'];

const phone = z.string().min(3).max(40);
const list = z.enum(['tenant', 'national']);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const range = z.object({ from: hhmm, to: hhmm }).strict();
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

const dncQuery = z.object({ list: list.optional(), phone: phone.optional(), ...page }).strict();
const dncCreate = z
  .object({ phone, list: list.default('tenant'), reason: z.string().max(200).optional() })
  .strict();
const dncImport = z
  .object({
    list: list.default('national'),
    /** One number per line (or comma separated); other text is reported as invalid. */
    text: z.string().max(4_000_000),
    fileName: z.string().max(200).optional(),
  })
  .strict();
const phoneQuery = z.object({ phone }).strict();
const consentCreate = z
  .object({
    phone,
    channel: z.enum(['web_form', 'call_recording', 'sms', 'paper', 'app', 'other']),
    purpose: z.string().min(1).max(200),
    evidence: z.string().max(200).optional(),
    grantedAt: z.number().int().optional(),
  })
  .strict();
const optOutCreate = z
  .object({
    phone,
    channel: z.enum(['agent', 'ivr', 'sms', 'web', 'complaint']),
    detail: z.string().max(200).optional(),
    callId: z.string().max(64).optional(),
    campaignId: z.string().max(64).optional(),
  })
  .strict();
const smsReply = z.object({ phone, text: z.string().max(500) }).strict();
const checkBody = z
  .object({
    phone,
    campaignId: z.string().max(64).optional(),
    callerId: z.string().max(40).optional(),
    at: z.number().int().optional(),
  })
  .strict();
const refusalQuery = z
  .object({
    from: z.coerce.number().int().optional(),
    to: z.coerce.number().int().optional(),
    code: z.string().max(40).optional(),
    campaignId: z.string().max(64).optional(),
    ...page,
  })
  .strict();
// Caller IDs are stored as dialed (E.164 or a national number such as 02161234567): digits only.
const callerIdParams = z.object({
  callerId: z
    .string()
    .regex(/^\+?\d{3,20}$/, 'not a phone number (3 to 20 digits, optionally after +)'),
});
const settingsPatch = z
  .object({
    windows: z.array(range).max(8).optional(),
    windowsByProvince: z.record(z.string().max(20), z.array(range).max(8)).optional(),
    timeZoneByProvince: z.record(z.string().max(20), z.string().max(40)).optional(),
    timeZone: z.string().max(40).optional(),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
      .max(400)
      .optional(),
    frequency: z
      .object({
        perDay: z.number().int().min(0).max(100),
        perWeek: z.number().int().min(0).max(500),
        per30Days: z.number().int().min(0).max(2000),
      })
      .partial()
      .strict()
      .optional(),
    abandonLockoutHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .optional(),
    callerId: z
      .object({
        maxPerHour: z.number().int().min(1),
        maxShortRatio: z.number().min(0).max(1),
        maxUnansweredRatio: z.number().min(0).max(1),
        minAttempts: z.number().int().min(1),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export async function registerComplianceRoutes(
  app: FastifyInstance,
  ctx: AppContext,
): Promise<void> {
  await withZod(app, (r) => {
    r.get(
      '/api/compliance/settings',
      { config: { roles: MANAGERS }, schema: { tags, summary: 'Calling windows, caps, lockout' } },
      async (request) => loadComplianceSettings(ctx.db, authOf(request).tenantId),
    );
    r.patch(
      '/api/compliance/settings',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'Change compliance settings', body: zodSchema(settingsPatch) },
      },
      async (request) =>
        saveComplianceSettings(
          ctx.db,
          authOf(request).tenantId,
          request.body as Partial<ComplianceSettings>,
          ctx.clock.now(),
        ),
    );

    r.get(
      '/api/compliance/dnc',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'Do-not-call entries (masked)', querystring: zodSchema(dncQuery) },
      },
      async (request) => {
        const q = request.query as z.output<typeof dncQuery>;
        return listDnc(ctx, { tenantId: authOf(request).tenantId, ...q });
      },
    );
    r.post(
      '/api/compliance/dnc',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'Add a number to a DNC list', body: zodSchema(dncCreate) },
      },
      async (request, reply) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof dncCreate>;
        const entry = await addDnc(ctx, {
          tenantId,
          phone: body.phone,
          list: body.list,
          ...(body.reason ? { reason: body.reason } : {}),
          createdBy: userId,
        });
        return reply.status(201).send(entry);
      },
    );
    r.delete(
      '/api/compliance/dnc/:id',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'Remove a DNC entry', params: zodSchema(idParams) },
      },
      async (request, reply) => {
        const removed = await removeDnc(
          ctx,
          authOf(request).tenantId,
          (request.params as IdParams).id,
        );
        if (!removed) throw notFound('compliance.dnc_not_found', 'No such DNC entry');
        return reply.status(204).send();
      },
    );
    r.post(
      '/api/compliance/dnc/import',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Import a list (e.g. the national refuse-calls list): one number per line',
          body: zodSchema(dncImport),
        },
      },
      async (request) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof dncImport>;
        return importDnc(ctx, {
          tenantId,
          list: body.list,
          text: body.text,
          source: `import:${body.fileName ?? 'api'}`,
          createdBy: userId,
        });
      },
    );

    r.get(
      '/api/compliance/permissions',
      {
        config: { roles: ON_CALLS },
        schema: {
          tags,
          summary: "A number's consents, opt-outs and lists, for the agent view",
          querystring: zodSchema(phoneQuery),
        },
      },
      async (request) =>
        contactPermissions(
          ctx,
          authOf(request).tenantId,
          (request.query as z.output<typeof phoneQuery>).phone,
        ),
    );
    r.post(
      '/api/compliance/consents',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Record an opt-in (consent ledger)',
          body: zodSchema(consentCreate),
        },
      },
      async (request, reply) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof consentCreate>;
        const consent = await recordConsent(ctx, {
          tenantId,
          phone: body.phone,
          channel: body.channel,
          purpose: body.purpose,
          ...(body.evidence ? { evidence: body.evidence } : {}),
          grantedAt: body.grantedAt ?? ctx.clock.now(),
          recordedBy: userId,
        });
        return reply.status(201).send(consent);
      },
    );
    r.post(
      '/api/compliance/consents/:id/revoke',
      {
        config: { roles: MANAGERS },
        schema: { tags, summary: 'Revoke a consent', params: zodSchema(idParams) },
      },
      async (request) => {
        const revoked = await revokeConsent(ctx, {
          tenantId: authOf(request).tenantId,
          id: (request.params as IdParams).id,
          at: ctx.clock.now(),
        });
        if (!revoked) throw notFound('compliance.consent_not_found', 'No such active consent');
        return { revoked: true };
      },
    );

    r.get(
      '/api/compliance/opt-outs',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Recorded opt-outs (masked)',
          querystring: zodSchema(phoneQuery.partial()),
        },
      },
      async (request) => {
        const q = request.query as { phone?: string };
        return {
          items: await listOptOuts(ctx, {
            tenantId: authOf(request).tenantId,
            ...(q.phone ? { phone: q.phone } : {}),
          }),
        };
      },
    );
    r.post(
      '/api/compliance/opt-outs',
      {
        config: { roles: ON_CALLS },
        schema: { tags, summary: 'Record an opt-out', body: zodSchema(optOutCreate) },
      },
      async (request, reply) => {
        const { tenantId, userId } = authOf(request);
        const body = request.body as z.output<typeof optOutCreate>;
        const optOut = await recordOptOut(ctx, {
          tenantId,
          phone: body.phone,
          channel: body.channel,
          at: ctx.clock.now(),
          recordedBy: userId,
          ...(body.detail ? { detail: body.detail } : {}),
          ...(body.callId ? { callId: body.callId } : {}),
          ...(body.campaignId ? { campaignId: body.campaignId } : {}),
        });
        return reply.status(201).send(optOut);
      },
    );
    r.post(
      '/api/compliance/sms-replies',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'An SMS reply from a number: 退订 / TD records an opt-out',
          body: zodSchema(smsReply),
        },
      },
      async (request) => {
        const body = request.body as z.output<typeof smsReply>;
        return recordSmsReply(ctx, {
          tenantId: authOf(request).tenantId,
          phone: body.phone,
          text: body.text,
          at: ctx.clock.now(),
        });
      },
    );

    r.post(
      '/api/compliance/check',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Dry-run of the compliance gate for a number (nothing recorded)',
          body: zodSchema(checkBody),
        },
      },
      async (request) => {
        const body = request.body as z.output<typeof checkBody>;
        return checkAttempt(
          ctx,
          {
            tenantId: authOf(request).tenantId,
            e164: body.phone,
            at: body.at ?? ctx.clock.now(),
            ...(body.campaignId ? { campaignId: body.campaignId } : {}),
            ...(body.callerId ? { callerId: body.callerId } : {}),
          },
          { dryRun: true },
        );
      },
    );
    r.get(
      '/api/compliance/refusals',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Refused attempts with their reasons',
          querystring: zodSchema(refusalQuery),
        },
      },
      async (request) => {
        const q = request.query as z.output<typeof refusalQuery>;
        return listRefusals(ctx, { tenantId: authOf(request).tenantId, ...q });
      },
    );
    r.get(
      '/api/compliance/caller-ids/:callerId/health',
      {
        config: { roles: MANAGERS },
        schema: {
          tags,
          summary: 'Calls per hour, short-call and unanswered ratios; throttle / rotate advice',
          params: zodSchema(callerIdParams),
        },
      },
      async (request) =>
        callerIdHealth(
          ctx,
          authOf(request).tenantId,
          (request.params as z.output<typeof callerIdParams>).callerId,
          ctx.clock.now(),
        ),
    );
  });
}
