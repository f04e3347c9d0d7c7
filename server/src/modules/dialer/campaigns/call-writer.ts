import type { AppContext } from '../../../context.ts';
import { recordAttemptOutcome } from '../../compliance/index.ts';
import { attributePhone } from '../../phone/index.ts';
import { billCall, parseBillingIncrement } from '../billing/index.ts';
import type { AttemptResult, CampaignSettings } from './campaign-settings.ts';
import { afterAttempt } from './retry.ts';

// Writes what the dialer learns: a call record at dial time (status 'active', so a crash leaves
// it to be marked 'interrupted'), and at the end the record's times, disposition and billed cost,
// the attempt ledger's outcome (caps, 72 h lockout, caller-ID health) and the list entry's state.

export type WriterContext = Pick<AppContext, 'db' | 'cipher' | 'clock'>;

export interface DialStart {
  callId: string;
  tenantId: string;
  campaignId: string;
  entryId: string;
  customerId: string;
  e164: string;
  callerId: string;
  trunkId: string;
  attemptId: string;
  createdAt: number;
}

export interface DialEnd {
  result: AttemptResult;
  ringAt: number | null;
  answerAt: number | null;
  agentAnswerAt: number | null;
  endAt: number;
  agentId: string | null;
  sipStatus: number | null;
  hangupCause: string | null;
  /** Attempts of the entry including this one. */
  attempts: number;
}

export async function writeDialStart(ctx: WriterContext, d: DialStart): Promise<void> {
  const where = attributePhone(d.e164);
  await ctx.db.kysely
    .insertInto('call_records')
    .values({
      id: d.callId,
      tenant_id: d.tenantId,
      direction: 'outbound',
      caller: ctx.cipher.seal(d.callerId),
      callee: ctx.cipher.seal(d.e164),
      callee_province: where.province,
      callee_city: where.city,
      callee_carrier: where.carrier,
      customer_id: d.customerId,
      trunk_id: d.trunkId,
      caller_id_used: d.callerId,
      campaign_id: d.campaignId,
      entry_id: d.entryId,
      queue_id: null,
      agent_id: null,
      team_id: null,
      created_at: d.createdAt,
      ring_at: null,
      answer_at: null,
      agent_answer_at: null,
      end_at: null,
      ivr_entry_at: null,
      ivr_exit_at: null,
      queue_entry_at: null,
      queue_exit_at: null,
      status: 'active',
      disposition: null,
      hangup_cause: null,
      sip_status: null,
      core_info_delivered: 0,
      acw_seconds: null,
      billed_seconds: null,
      billed_cost: null,
      loss_pct: null,
      jitter_ms: null,
      rtt_ms: null,
      mos: null,
      video_offered: 0,
      video_established: 0,
      recording_path: null,
      source: 'dialer',
      external_ref: null,
    })
    .execute();
}

export async function writeDialEnd(
  ctx: WriterContext,
  settings: CampaignSettings,
  start: DialStart,
  end: DialEnd,
): Promise<void> {
  const answered = end.answerAt !== null;
  const talkSeconds = answered ? Math.max(0, (end.endAt - (end.answerAt ?? end.endAt)) / 1000) : 0;
  const increment = parseBillingIncrement(settings.trunk.tariff.increment);
  const bill = answered
    ? billCall(talkSeconds, {
        perMinute: settings.trunk.tariff.perMinute,
        ...increment,
        ...(settings.trunk.tariff.connectionFee !== undefined
          ? { connectionFee: settings.trunk.tariff.connectionFee }
          : {}),
      })
    : { billedSeconds: 0, cost: 0 };
  await ctx.db.kysely
    .updateTable('call_records')
    .set({
      status: 'completed',
      ring_at: end.ringAt,
      answer_at: end.answerAt,
      agent_answer_at: end.agentAnswerAt,
      agent_id: end.agentId,
      end_at: end.endAt,
      disposition: end.result,
      sip_status: end.sipStatus,
      hangup_cause: end.hangupCause,
      billed_seconds: bill.billedSeconds,
      billed_cost: bill.cost,
    })
    .where('tenant_id', '=', start.tenantId)
    .where('id', '=', start.callId)
    .execute();
  await recordAttemptOutcome(ctx, {
    tenantId: start.tenantId,
    attemptId: start.attemptId,
    endedAt: end.endAt,
    answered,
    abandoned: end.result === 'abandoned',
    talkSeconds,
    callId: start.callId,
  });
  const next = afterAttempt(settings, end.result, end.attempts, end.endAt);
  await ctx.db.kysely
    .updateTable('campaign_entries')
    .set({
      state: next.state,
      final: next.final ? 1 : 0,
      final_at: next.final ? end.endAt : null,
      last_result: end.result,
      next_attempt_at: next.nextAttemptAt,
    })
    .where('tenant_id', '=', start.tenantId)
    .where('id', '=', start.entryId)
    .execute();
}

/**
 * The line could not be seized (no free RTP port, transport error): no call record is written;
 * the ledger attempt is closed unanswered (it still counts against the caps, which errs on the
 * safe side) and the entry waits the 'failed' retry interval.
 */
export async function writeOriginateFailure(
  ctx: WriterContext,
  settings: CampaignSettings,
  tenantId: string,
  entryId: string,
  a: { attemptId: string; attempts: number },
): Promise<void> {
  const now = ctx.clock.now();
  await recordAttemptOutcome(ctx, {
    tenantId,
    attemptId: a.attemptId,
    endedAt: now,
    answered: false,
  });
  const next = afterAttempt(settings, 'failed', a.attempts, now);
  await ctx.db.kysely
    .updateTable('campaign_entries')
    .set({
      state: next.state,
      final: next.final ? 1 : 0,
      final_at: next.final ? now : null,
      last_result: 'failed:originate',
      next_attempt_at: next.nextAttemptAt,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', entryId)
    .execute();
}
