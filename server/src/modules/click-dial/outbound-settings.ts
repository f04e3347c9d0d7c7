import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, invalidInput } from '../../platform/index.ts';

// A tenant's manual outbound settings (kv 'calls.outbound'): the trunk agents' click-to-dial calls
// leave by (the same shape as a campaign's trunk), the caller-ID shown to callees, ring timeouts
// and the recording policy.

const KEY = 'calls.outbound';

export const outboundSettingsSchema = z.strictObject({
  trunk: z.strictObject({
    /** Request-URI template; `{number}` is replaced by the callee's E.164 number. */
    uri: z
      .string()
      .min(1)
      .regex(/^sips?:/, 'must be a sip: or sips: URI')
      .includes('{number}', { message: 'must contain {number}' }),
    proxy: z.string().min(1).optional(),
    auth: z.strictObject({ username: z.string().min(1), password: z.string() }).optional(),
    /** Written to call_records.trunk_id. */
    id: z.string().min(1).max(64).default('trunk-default'),
  }),
  /** Caller-ID presented to callees (E.164 or the carrier's account number). */
  callerId: z.string().trim().min(3).max(32),
  /** How long the agent's own phone rings before the attempt is given up. */
  agentRingMs: z.number().int().min(5_000).max(120_000).default(30_000),
  /** How long the callee's phone rings; never under 15 s (a shorter ring is a nuisance call). */
  calleeRingMs: z.number().int().min(15_000).max(120_000).default(45_000),
  /** Recording policy: record click-to-dial calls (stereo: customer / agent). */
  record: z.boolean().default(true),
});
export type OutboundSettings = z.output<typeof outboundSettingsSchema>;
export type OutboundSettingsInput = z.input<typeof outboundSettingsSchema>;

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** The tenant's settings; null when none were saved. */
export async function loadOutboundSettings(
  ctx: Ctx,
  tenantId: string,
): Promise<OutboundSettings | null> {
  const row = await ctx.db.kysely
    .selectFrom('kv')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', KEY)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = outboundSettingsSchema.safeParse(JSON.parse(row.value));
  if (!parsed.success) {
    throw new AppError('internal', 'dial.settings_invalid', `Stored ${KEY} is invalid`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

/** Like loadOutboundSettings, but a tenant without settings cannot dial: 503 saying what to do. */
export async function requireOutboundSettings(
  ctx: Ctx,
  tenantId: string,
): Promise<OutboundSettings> {
  const settings = await loadOutboundSettings(ctx, tenantId);
  if (!settings) {
    throw new AppError(
      'unavailable',
      'dial.no_trunk',
      '未配置外呼中继，请管理员在 PUT /api/settings/outbound 设置 / No outbound trunk configured (PUT /api/settings/outbound)',
    );
  }
  return settings;
}

export async function saveOutboundSettings(
  ctx: Ctx,
  tenantId: string,
  input: unknown,
): Promise<OutboundSettings> {
  const parsed = outboundSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw invalidInput('dial.settings_invalid', `${where}: ${issue?.message ?? 'invalid'}`, {
      where,
    });
  }
  const value = JSON.stringify(parsed.data);
  const now = ctx.clock.now();
  await ctx.db.kysely
    .insertInto('kv')
    .values({ tenant_id: tenantId, key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value, updated_at: now }))
    .execute();
  return parsed.data;
}
