import type { AppContext } from '../../context.ts';
import { invalidInput } from '../../platform/index.ts';
import type { Actor } from './crm.types.ts';
import { customerRow, normalizeField } from './customers.service.ts';
import { getLead } from './leads.service.ts';

// The number behind a click-to-dial: a lead (within the actor's lead scope), a customer of the
// tenant, or a typed number. The number is opened here for the dialer only; it never goes back to
// an agent in clear.

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;

export type DialTargetInput = { leadId: string } | { customerId: string } | { number: string };

export interface DialTarget {
  e164: string;
  customerId: string | null;
  leadId: string | null;
}

async function customerNumber(
  ctx: Ctx,
  actor: Actor,
  customerId: string,
  field: string,
): Promise<string> {
  const row = await customerRow(ctx, actor, customerId, 'crm.customer.dial');
  if (!row.phone) {
    throw invalidInput('dial.no_phone', 'This customer has no phone number (客户没有电话号码)', {
      where: field,
    });
  }
  return ctx.cipher.open(row.phone);
}

export async function dialTarget(
  ctx: Ctx,
  actor: Actor,
  input: DialTargetInput,
): Promise<DialTarget> {
  if ('leadId' in input) {
    const lead = await getLead(ctx, actor, input.leadId, 'crm.lead.dial');
    const e164 = await customerNumber(ctx, actor, lead.customerId, 'leadId');
    return { e164, customerId: lead.customerId, leadId: lead.id };
  }
  if ('customerId' in input) {
    const e164 = await customerNumber(ctx, actor, input.customerId, 'customerId');
    return { e164, customerId: input.customerId, leadId: null };
  }
  const e164 = normalizeField(input.number, 'number');
  const known = await ctx.db.kysely
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('phone_hash', '=', ctx.cipher.hash(e164))
    .executeTakeFirst();
  return { e164, customerId: known?.id ?? null, leadId: null };
}
