import { AppError, newId } from '../../platform/index.ts';
import { normalizePhone } from '../phone/index.ts';
import { checkAttempt } from './check.service.ts';
import { complianceDb } from './compliance.tables.ts';
import type { AttemptInput, CheckResult, ComplianceContext } from './compliance.types.ts';

// The attempt ledger behind frequency caps, abandon lockouts and caller-ID health. The dialer
// writes one row when it seizes a line and completes it when the call ends.

export async function recordAttempt(
  ctx: ComplianceContext,
  input: AttemptInput & { callId?: string },
): Promise<string> {
  const id = newId('att');
  await complianceDb(ctx.db)
    .insertInto('dial_attempts')
    .values({
      id,
      tenant_id: input.tenantId,
      phone_hash: ctx.cipher.hash(normalizePhone(input.e164)),
      campaign_id: input.campaignId ?? null,
      caller_id: input.callerId ?? null,
      call_id: input.callId ?? null,
      at: input.at,
      ended_at: null,
      answered: 0,
      abandoned: 0,
      talk_seconds: null,
    })
    .execute();
  return id;
}

export interface AttemptOutcome {
  tenantId: string;
  attemptId: string;
  endedAt: number;
  /** The callee answered (SIP 2xx), person or machine. */
  answered: boolean;
  /** Answered but not connected to an agent within 2 s (starts the lockout). */
  abandoned?: boolean;
  /** Answer → hang-up, seconds (short calls < 10 s count against the caller ID). */
  talkSeconds?: number;
  callId?: string;
}

export async function recordAttemptOutcome(
  ctx: ComplianceContext,
  outcome: AttemptOutcome,
): Promise<void> {
  const result = await complianceDb(ctx.db)
    .updateTable('dial_attempts')
    .set({
      ended_at: outcome.endedAt,
      answered: outcome.answered ? 1 : 0,
      abandoned: outcome.abandoned ? 1 : 0,
      talk_seconds: outcome.answered ? (outcome.talkSeconds ?? 0) : null,
      ...(outcome.callId ? { call_id: outcome.callId } : {}),
    })
    .where('tenant_id', '=', outcome.tenantId)
    .where('id', '=', outcome.attemptId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new AppError('not_found', 'compliance.attempt_not_found', 'No such dial attempt', {
      where: outcome.attemptId,
    });
  }
}

/**
 * Check and, when allowed, record the attempt: the one call the dialer makes before seizing a
 * line. Check and insert are two statements; the dialer serialises attempts to one number (a
 * number is in one list entry being dialed at a time), which keeps the caps exact.
 */
export async function admitAttempt(
  ctx: ComplianceContext,
  input: AttemptInput & { callId?: string },
): Promise<CheckResult & { attemptId: string | null }> {
  const result = await checkAttempt(ctx, input);
  if (!result.allowed) return { ...result, attemptId: null };
  return { ...result, attemptId: await recordAttempt(ctx, input) };
}
