import { sql } from 'kysely';
import { maskPhone, newId } from '../../platform/index.ts';
import { attributePhone, tryNormalizePhone } from '../phone/index.ts';
import { evaluateWindow } from './calling-window.ts';
import { judgeCallerId, SHORT_CALL_SECONDS, type CallerIdHealth } from './caller-id-health.ts';
import { complianceDb, type ComplianceRefusalTable } from './compliance.tables.ts';
import type {
  AttemptInput,
  CheckResult,
  ComplianceContext,
  ComplianceSettings,
  RefusalCode,
  RefusalReason,
} from './compliance.types.ts';
import { refusal } from './messages.ts';
import { loadComplianceSettings } from './settings.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The dial-time compliance gate: every outbound attempt (predictive, progressive, preview,
 * click-to-dial) passes here before a line is seized. Rules in order: valid number, DNC lists,
 * opt-outs, holidays and calling windows in the callee's local time, the lockout after an
 * abandoned call, frequency caps across campaigns, caller-ID health. The first rule broken is the
 * reason; the refusal is recorded (unless dryRun) with the figures behind it.
 */
export async function checkAttempt(
  ctx: ComplianceContext,
  input: AttemptInput,
  options: { dryRun?: boolean; settings?: ComplianceSettings } = {},
): Promise<CheckResult> {
  const settings = options.settings ?? (await loadComplianceSettings(ctx.db, input.tenantId));
  const e164 = tryNormalizePhone(input.e164);
  if (!e164) return refuse(ctx, input, null, refusal('phone.invalid'), options.dryRun);
  const hash = ctx.cipher.hash(e164);
  const number = { hash, masked: maskPhone(e164) };
  const db = complianceDb(ctx.db);
  const { province } = attributePhone(e164);

  const lists = await db
    .selectFrom('dnc_entries')
    .select('list')
    .where('tenant_id', '=', input.tenantId)
    .where('phone_hash', '=', hash)
    .execute();
  // The national list first: it is the one a regulator would ask about.
  if (lists.some((l) => l.list === 'national')) {
    return refuse(ctx, input, number, refusal('dnc.national'), options.dryRun);
  }
  if (lists.some((l) => l.list === 'tenant')) {
    return refuse(ctx, input, number, refusal('dnc.tenant'), options.dryRun);
  }

  const [lastOptOut, lastConsent] = await Promise.all([
    db
      .selectFrom('opt_outs')
      .select(['at', 'channel'])
      .where('tenant_id', '=', input.tenantId)
      .where('phone_hash', '=', hash)
      .where('at', '<=', input.at)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('consents')
      .select('granted_at')
      .where('tenant_id', '=', input.tenantId)
      .where('phone_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where('granted_at', '<=', input.at)
      .orderBy('granted_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  // A consent given after the opt-out (the person opted in again) lifts it.
  if (lastOptOut && (!lastConsent || lastConsent.granted_at < lastOptOut.at)) {
    const reason = refusal('opt_out', {
      channel: lastOptOut.channel,
      optedOutAt: new Date(lastOptOut.at).toISOString(),
    });
    return refuse(ctx, input, number, reason, options.dryRun);
  }

  const window = evaluateWindow(settings, province, input.at);
  if (!window.ok) {
    const reason = refusal(window.code, {
      province,
      timeZone: window.timeZone,
      localDate: window.local.date,
      localTime: window.local.clock,
      windows: window.windows.map((w) => `${w.from}–${w.to}`).join(', '),
    });
    return refuse(ctx, input, number, reason, options.dryRun);
  }

  const lockoutMs = settings.abandonLockoutHours * HOUR;
  const since = input.at - Math.max(30 * DAY, lockoutMs);
  const history = await db
    .selectFrom('dial_attempts')
    .select(['at', 'ended_at', 'abandoned'])
    .where('tenant_id', '=', input.tenantId)
    .where('phone_hash', '=', hash)
    .where('at', '>', since)
    .where('at', '<=', input.at)
    .execute();
  let lastAbandon = -Infinity;
  for (const h of history) {
    if (h.abandoned) lastAbandon = Math.max(lastAbandon, h.ended_at ?? h.at);
  }
  if (lastAbandon + lockoutMs > input.at) {
    const reason = refusal('lockout.abandoned', {
      lockoutHours: settings.abandonLockoutHours,
      abandonedAt: new Date(lastAbandon).toISOString(),
      lockedUntil: new Date(lastAbandon + lockoutMs).toISOString(),
    });
    return refuse(ctx, input, number, reason, options.dryRun);
  }
  const caps: [RefusalCode, number, number][] = [
    ['frequency.day', window.local.dayStart, settings.frequency.perDay],
    ['frequency.week', input.at - 7 * DAY, settings.frequency.perWeek],
    ['frequency.30d', input.at - 30 * DAY, settings.frequency.per30Days],
  ];
  for (const [code, from, cap] of caps) {
    const count = history.filter((h) => h.at >= from).length;
    if (count >= cap) {
      return refuse(ctx, input, number, refusal(code, { count, cap }), options.dryRun);
    }
  }

  if (input.callerId) {
    const health = await callerIdHealth(ctx, input.tenantId, input.callerId, input.at, settings);
    if (health.recommendation !== 'ok') {
      const reason = refusal(
        health.recommendation === 'rotate' ? 'caller_id.rotate' : 'caller_id.throttle',
        {
          callerId: input.callerId,
          callsLastHour: health.callsLastHour,
          reasons: health.reasons.join('; '),
        },
      );
      return refuse(ctx, input, number, reason, options.dryRun);
    }
  }
  return { allowed: true, province };
}

async function refuse(
  ctx: ComplianceContext,
  input: AttemptInput,
  number: { hash: string; masked: string } | null,
  reason: RefusalReason,
  dryRun = false,
): Promise<CheckResult> {
  if (dryRun) return { allowed: false, reason, refusalId: null };
  const row: ComplianceRefusalTable = {
    id: newId('ref'),
    tenant_id: input.tenantId,
    phone_hash: number?.hash ?? null,
    phone_masked: number?.masked ?? null,
    campaign_id: input.campaignId ?? null,
    caller_id: input.callerId ?? null,
    code: reason.code,
    message: `${reason.zh} / ${reason.en}`,
    detail: reason.detail ? JSON.stringify(reason.detail) : null,
    at: input.at,
  };
  await complianceDb(ctx.db).insertInto('compliance_refusals').values(row).execute();
  return { allowed: false, reason, refusalId: row.id };
}

/** Calls per hour, short-call and unanswered ratios of a caller ID, and what to do about it. */
export async function callerIdHealth(
  ctx: ComplianceContext,
  tenantId: string,
  callerId: string,
  at: number,
  settings?: ComplianceSettings,
): Promise<CallerIdHealth> {
  const thresholds = (settings ?? (await loadComplianceSettings(ctx.db, tenantId))).callerId;
  const row = await complianceDb(ctx.db)
    .selectFrom('dial_attempts')
    .select([
      sql<number>`coalesce(sum(case when at > ${at - HOUR} then 1 else 0 end), 0)`.as('last_hour'),
      sql<number>`coalesce(sum(case when ended_at is not null then 1 else 0 end), 0)`.as('ended'),
      sql<number>`coalesce(sum(case when ended_at is not null and answered = 1 then 1 else 0 end), 0)`.as(
        'answered',
      ),
      sql<number>`coalesce(sum(case when answered = 1 and talk_seconds < ${SHORT_CALL_SECONDS} then 1 else 0 end), 0)`.as(
        'short',
      ),
    ])
    .where('tenant_id', '=', tenantId)
    .where('caller_id', '=', callerId)
    .where('at', '>', at - DAY)
    .where('at', '<=', at)
    .executeTakeFirstOrThrow();
  return judgeCallerId(
    {
      callerId,
      callsLastHour: Number(row.last_hour),
      ended24h: Number(row.ended),
      answered24h: Number(row.answered),
      short24h: Number(row.short),
    },
    thresholds,
  );
}

/** Of a pool of caller IDs, the healthy one least used in the last hour (null if none is). */
export async function pickCallerId(
  ctx: ComplianceContext,
  tenantId: string,
  pool: readonly string[],
  at: number,
): Promise<CallerIdHealth | null> {
  const settings = await loadComplianceSettings(ctx.db, tenantId);
  let best: CallerIdHealth | null = null;
  for (const callerId of pool) {
    const h = await callerIdHealth(ctx, tenantId, callerId, at, settings);
    if (h.recommendation !== 'ok') continue;
    if (!best || h.callsLastHour < best.callsLastHour) best = h;
  }
  return best;
}

export interface RefusalView {
  id: string;
  phoneMasked: string | null;
  campaignId: string | null;
  callerId: string | null;
  code: string;
  message: string;
  detail: Record<string, unknown> | null;
  at: number;
}

export async function listRefusals(
  ctx: ComplianceContext,
  query: {
    tenantId: string;
    from?: number;
    to?: number;
    code?: string;
    campaignId?: string;
    page?: number;
    pageSize?: number;
  },
): Promise<{ items: RefusalView[]; total: number }> {
  let q = complianceDb(ctx.db)
    .selectFrom('compliance_refusals')
    .where('tenant_id', '=', query.tenantId);
  if (query.from !== undefined) q = q.where('at', '>=', query.from);
  if (query.to !== undefined) q = q.where('at', '<', query.to);
  if (query.code) q = q.where('code', '=', query.code);
  if (query.campaignId) q = q.where('campaign_id', '=', query.campaignId);
  const pageSize = Math.min(500, Math.max(1, query.pageSize ?? 50));
  const page = Math.max(1, query.page ?? 1);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      phoneMasked: r.phone_masked,
      campaignId: r.campaign_id,
      callerId: r.caller_id,
      code: r.code,
      message: r.message,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
      at: r.at,
    })),
  };
}
