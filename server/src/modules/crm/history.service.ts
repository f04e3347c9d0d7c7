import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/index.ts';
import { canSeePhone, type Actor } from './crm.types.ts';
import { customerRow, toCustomerView, type CustomerView } from './customers.service.ts';
import { listLeads, type LeadView } from './leads.service.ts';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;

export interface CallSummary {
  id: string;
  direction: 'inbound' | 'outbound';
  caller?: string | null;
  callee?: string | null;
  callerMasked: string | null;
  calleeMasked: string | null;
  agentId: string | null;
  campaignId: string | null;
  createdAt: number;
  answerAt: number | null;
  endAt: number | null;
  disposition: string | null;
  coreInfoDelivered: boolean;
  hasRecording: boolean;
}

export interface CustomerHistory {
  customer: CustomerView;
  leads: LeadView[];
  tags: {
    id: string;
    kind: string;
    name: string;
    level: string | null;
    leadId: string | null;
    createdAt: number;
  }[];
  followUps: {
    id: string;
    leadId: string | null;
    userId: string | null;
    channel: string;
    note: string | null;
    at: number;
    nextAt: number | null;
  }[];
  deals: {
    id: string;
    amount: number;
    currency: string;
    stage: string;
    closedWonAt: number | null;
    createdAt: number;
  }[];
  tickets: {
    id: string;
    subject: string;
    resolved: boolean;
    createdAt: number;
    resolvedAt: number | null;
  }[];
  complaints: { id: string; type: string; note: string | null; createdAt: number }[];
  calls: CallSummary[];
}

const HISTORY_LIMIT = 200;

/** Everything known about one customer, newest first (the screen-pop and customer card). */
export async function customerHistory(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<CustomerHistory> {
  const row = await customerRow(ctx, actor, id, 'crm.customer.history');
  const db = ctx.db.kysely;
  const t = actor.tenantId;
  const [leads, tags, followUps, deals, tickets, complaints, calls] = await Promise.all([
    listLeads(ctx, actor, { page: 1, pageSize: HISTORY_LIMIT, customerId: id }),
    db
      .selectFrom('tags')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    db
      .selectFrom('follow_ups')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    db
      .selectFrom('deals')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    db
      .selectFrom('tickets')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    db
      .selectFrom('complaints')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    db
      .selectFrom('call_records')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
  ]);
  const reveal = canSeePhone(actor.role);
  const clear = (sealed: string | null) => (sealed === null ? null : ctx.cipher.open(sealed));
  const masked = (sealed: string | null) => {
    const plain = clear(sealed);
    return plain === null ? null : maskPhone(plain);
  };
  return {
    customer: toCustomerView(ctx, row, actor),
    leads: leads.items,
    tags: tags.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      level: r.level,
      leadId: r.lead_id,
      createdAt: r.created_at,
    })),
    followUps: followUps.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      userId: r.user_id,
      channel: r.channel,
      note: r.note,
      at: r.at,
      nextAt: r.next_at,
    })),
    deals: deals.map((r) => ({
      id: r.id,
      amount: r.amount,
      currency: r.currency,
      stage: r.stage,
      closedWonAt: r.closed_won_at,
      createdAt: r.created_at,
    })),
    tickets: tickets.map((r) => ({
      id: r.id,
      subject: r.subject,
      resolved: r.resolved === 1,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
    })),
    complaints: complaints.map((r) => ({
      id: r.id,
      type: r.type,
      note: r.note,
      createdAt: r.created_at,
    })),
    calls: calls.map((r) => ({
      id: r.id,
      direction: r.direction,
      ...(reveal ? { caller: clear(r.caller), callee: clear(r.callee) } : {}),
      callerMasked: masked(r.caller),
      calleeMasked: masked(r.callee),
      agentId: r.agent_id,
      campaignId: r.campaign_id,
      createdAt: r.created_at,
      answerAt: r.answer_at,
      endAt: r.end_at,
      disposition: r.disposition,
      coreInfoDelivered: r.core_info_delivered === 1,
      hasRecording: r.recording_path !== null,
    })),
  };
}
