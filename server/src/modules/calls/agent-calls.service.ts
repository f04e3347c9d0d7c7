import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { canSeePhone, createCustomer, intentLevelSchema, type Actor } from '../crm/index.ts';
import { refreshRollups } from '../evaluation/index.ts';
import { tryNormalizePhone } from '../phone/index.ts';
import { forbidden, invalidInput, maskPhone, newId, notFound } from '../../platform/index.ts';

// What an agent does with a call once it is on screen: the screen-pop (the call and the customer
// behind the caller's number) and the disposition (intent level, "core information delivered",
// notes, next follow-up). A disposition writes the call record's flag, an intent tag and a
// follow-up in one transaction, so a failed write leaves nothing half-done.

type Ctx = Pick<AppContext, 'db' | 'cipher' | 'clock' | 'bus'>;

export interface AgentCallView {
  id: string;
  direction: 'inbound' | 'outbound';
  status: string;
  /** The customer's number (caller of an inbound call, callee of an outbound one), masked for agents. */
  number: string | null;
  customerId: string | null;
  queueId: string | null;
  campaignId: string | null;
  agentId: string | null;
  createdAt: number;
  answerAt: number | null;
  agentAnswerAt: number | null;
  endAt: number | null;
  disposition: string | null;
  coreInfoDelivered: boolean;
  intentLevel: 'high' | 'medium' | 'low' | null;
  recording: boolean;
}

/** The deal stages of the CRM (web DealsPage); closed_won stamps the won time. */
export const DEAL_STAGES = [
  'prospecting',
  'qualified',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;

const dealSchema = z.strictObject({
  /** CNY, up to 2 decimals. */
  amount: z
    .number({ error: 'deal.amount must be a number of CNY (元)' })
    .positive('deal.amount must be > 0 CNY')
    .max(1e12, 'deal.amount must be ≤ 1e12 CNY')
    .multipleOf(0.01, 'deal.amount has at most 2 decimals (分)'),
  stage: z.enum(DEAL_STAGES).default('prospecting'),
  /** When it was won, epoch ms; defaults to now for closed_won. */
  closedWonAt: z.number().int().positive().optional(),
});

export const dispositionSchema = z.strictObject({
  intentLevel: intentLevelSchema.nullable().optional(),
  coreInfoDelivered: z.boolean().default(false),
  note: z.string().trim().max(2000).optional(),
  /** Next follow-up, epoch ms. */
  nextFollowUpAt: z.number().int().positive().optional(),
  /** 成交/商机: a deal on the call's customer, written with the disposition. */
  deal: dealSchema.optional(),
});
export type DispositionInput = z.output<typeof dispositionSchema>;

async function seatOf(ctx: Ctx, actor: Actor): Promise<string | null> {
  const row = await ctx.db.kysely
    .selectFrom('agents')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function loadCall(ctx: Ctx, actor: Actor, callId: string, offeredTo?: string | null) {
  const row = await ctx.db.kysely
    .selectFrom('call_records')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!row) throw notFound('calls.not_found', `No call ${callId} in this tenant`);
  if (actor.role === 'agent') {
    // An agent sees the calls it handled, and the one its seat is being offered right now.
    const seat = await seatOf(ctx, actor);
    if (!seat || (row.agent_id !== seat && offeredTo !== seat)) {
      throw forbidden('calls.scope', 'This call was not handled by your seat');
    }
  }
  return row;
}

/** The customer behind a number: found by its keyed hash, or created on the first call. */
async function customerFor(ctx: Ctx, actor: Actor, e164: string): Promise<string> {
  const found = await ctx.db.kysely
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('phone_hash', '=', ctx.cipher.hash(e164))
    .executeTakeFirst();
  if (found) return found.id;
  const created = await createCustomer(ctx, actor, { phone: e164 });
  return created.id;
}

/**
 * The screen-pop: the call with its customer (linked on first sight, by number). `offeredTo` is
 * the seat the ACD is ringing or connecting for this call, if any.
 */
export async function getAgentCall(
  ctx: Ctx,
  actor: Actor,
  callId: string,
  offeredTo?: string | null,
): Promise<AgentCallView> {
  const row = await loadCall(ctx, actor, callId, offeredTo);
  const sealed = row.direction === 'inbound' ? row.caller : row.callee;
  const raw = sealed ? ctx.cipher.open(sealed) : null;
  // SIP From users are written many ways (13800138000, +86…, 0086…): E.164 where it parses.
  const number = raw ? (tryNormalizePhone(raw) ?? raw) : null;
  let customerId = row.customer_id;
  const e164 = number?.startsWith('+') ? number : null;
  if (!customerId && e164) {
    customerId = await customerFor(ctx, actor, e164);
    await ctx.db.kysely
      .updateTable('call_records')
      .set({ customer_id: customerId })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', callId)
      .execute();
  }
  const tag = await ctx.db.kysely
    .selectFrom('tags')
    .select('level')
    .where('tenant_id', '=', actor.tenantId)
    .where('call_id', '=', callId)
    .where('kind', '=', 'intent')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return {
    id: row.id,
    direction: row.direction,
    status: row.status,
    number: number && !canSeePhone(actor.role) ? maskPhone(number) : number,
    customerId,
    queueId: row.queue_id,
    campaignId: row.campaign_id,
    agentId: row.agent_id,
    createdAt: Number(row.created_at),
    answerAt: row.answer_at === null ? null : Number(row.answer_at),
    agentAnswerAt: row.agent_answer_at === null ? null : Number(row.agent_answer_at),
    endAt: row.end_at === null ? null : Number(row.end_at),
    disposition: row.disposition,
    coreInfoDelivered: row.core_info_delivered === 1,
    intentLevel: tag?.level ?? null,
    recording: row.recording_path !== null,
  };
}

/** Records the agent's disposition of a call it handled (supervisors may correct any). */
export async function recordDisposition(
  ctx: Ctx,
  actor: Actor,
  callId: string,
  input: DispositionInput,
): Promise<AgentCallView> {
  const view = await getAgentCall(ctx, actor, callId);
  const now = ctx.clock.now();
  const customerId = view.customerId;
  if (input.deal && !customerId) {
    throw invalidInput('calls.deal_no_customer', 'deal: this call has no customer to attach it to');
  }
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('call_records')
      .set({ core_info_delivered: input.coreInfoDelivered ? 1 : 0 })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', callId)
      .execute();
    if (!customerId) return;
    if (input.intentLevel) {
      await trx
        .insertInto('tags')
        .values({
          id: newId('tag_'),
          tenant_id: actor.tenantId,
          customer_id: customerId,
          lead_id: null,
          call_id: callId,
          kind: 'intent',
          name: 'intent',
          level: input.intentLevel,
          created_at: now,
        })
        .execute();
    }
    if (input.note || input.nextFollowUpAt) {
      await trx
        .insertInto('follow_ups')
        .values({
          id: newId('fu_'),
          tenant_id: actor.tenantId,
          customer_id: customerId,
          lead_id: null,
          user_id: actor.userId,
          call_id: callId,
          channel: 'phone',
          note: input.note ?? null,
          at: now,
          next_at: input.nextFollowUpAt ?? null,
        })
        .execute();
    }
    if (input.deal) {
      const won = input.deal.stage === 'closed_won';
      await trx
        .insertInto('deals')
        .values({
          id: newId('d'),
          tenant_id: actor.tenantId,
          customer_id: customerId,
          lead_id: null,
          call_id: callId,
          amount: input.deal.amount,
          currency: 'CNY',
          stage: input.deal.stage,
          closed_won_at: won ? (input.deal.closedWonAt ?? now) : null,
          external_ref: null,
          created_at: now,
        })
        .execute();
    }
  });
  // The flag changes the call's effective-connection facts: refresh the call's hour.
  await refreshRollups(ctx, actor.tenantId, { from: view.createdAt, to: view.createdAt + 1 });
  ctx.bus.emit('call.record', { tenantId: actor.tenantId, callId, stage: 'disposition' });
  return getAgentCall(ctx, actor, callId);
}
