import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, invalidInput, isSealed } from '../../platform/index.ts';

// A tenant's manual outbound settings (kv 'calls.outbound'): the trunk agents' click-to-dial calls
// leave by (the same shape as a campaign's trunk), the caller-ID shown to callees, ring timeouts
// and the recording policy. The trunk password is sealed at rest with the field cipher and only
// opened in memory for the SIP client.

const KEY = 'calls.outbound';
/** What reads show instead of the trunk password; a write that sends it back keeps the stored one. */
export const PASSWORD_MASK = '***';

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

/** The PUT body: the password may be left out (or sent back as ***) to keep the stored one. */
export const outboundSettingsBodySchema = outboundSettingsSchema.extend({
  trunk: outboundSettingsSchema.shape.trunk.extend({
    auth: z
      .strictObject({ username: z.string().min(1), password: z.string().optional() })
      .optional(),
  }),
});

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;

async function storedValue(ctx: Ctx, tenantId: string): Promise<string | null> {
  const row = await ctx.db.kysely
    .selectFrom('kv')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** The tenant's settings; null when none were saved. */
export async function loadOutboundSettings(
  ctx: Ctx,
  tenantId: string,
): Promise<OutboundSettings | null> {
  const value = await storedValue(ctx, tenantId);
  if (value === null) return null;
  const parsed = outboundSettingsSchema.safeParse(JSON.parse(value));
  if (!parsed.success) {
    throw new AppError('internal', 'dial.settings_invalid', `Stored ${KEY} is invalid`, {
      details: parsed.error.issues,
    });
  }
  const auth = parsed.data.trunk.auth;
  // Settings saved before sealing hold the password in clear; open() passes those through.
  return auth
    ? {
        ...parsed.data,
        trunk: {
          ...parsed.data.trunk,
          auth: { ...auth, password: ctx.cipher.open(auth.password) },
        },
      }
    : parsed.data;
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
  const parsed = outboundSettingsBodySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw invalidInput('dial.settings_invalid', `${where}: ${issue?.message ?? 'invalid'}`, {
      where,
    });
  }
  const auth = parsed.data.trunk.auth;
  let sealed: string | undefined;
  if (auth) {
    const given = auth.password;
    if (given === undefined || given === PASSWORD_MASK) {
      const prior = await storedValue(ctx, tenantId);
      const priorPassword = prior
        ? outboundSettingsSchema.safeParse(JSON.parse(prior)).data?.trunk.auth?.password
        : undefined;
      if (priorPassword === undefined) {
        const where = 'trunk.auth.password';
        throw invalidInput(
          'dial.settings_invalid',
          `${where}: no password is stored yet, give one (${PASSWORD_MASK} only keeps a stored password)`,
          { where },
        );
      }
      sealed = isSealed(priorPassword) ? priorPassword : ctx.cipher.seal(priorPassword);
    } else {
      sealed = ctx.cipher.seal(given);
    }
  }
  const { auth: _given, ...trunk } = parsed.data.trunk;
  const withPassword = (password: string | undefined): OutboundSettings => ({
    ...parsed.data,
    trunk:
      auth && password !== undefined
        ? { ...trunk, auth: { username: auth.username, password } }
        : trunk,
  });
  const plain = withPassword(sealed === undefined ? undefined : ctx.cipher.open(sealed));
  const atRest = withPassword(sealed);
  const value = JSON.stringify(atRest);
  const now = ctx.clock.now();
  await ctx.db.kysely
    .insertInto('kv')
    .values({ tenant_id: tenantId, key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value, updated_at: now }))
    .execute();
  return plain;
}
