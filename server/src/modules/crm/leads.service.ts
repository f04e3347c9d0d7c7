import type { AppContext } from '../../context.ts';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, IntentLevel, LeadPool, LeadTable } from '../../db/index.ts';
import { conflict, forbidden, invalidInput, newId } from '../../platform/index.ts';
import { tryNormalizePhone } from '../phone/index.ts';
import { canSeePhone, likePattern, offsetOf, type Actor, type Page } from './crm.types.ts';
import { customerRow } from './customers.service.ts';
import type { LeadCreateInput, LeadPatchInput, LeadQuery } from './leads.schema.ts';
import { outOfScope } from './scope.ts';

// Leads live in the public pool (公海, anyone may claim) or an owner's private pool (私海).
// Agents see public leads and their own private ones; supervisors and admins see all, assign
// and take back; auditors read.

export interface LeadView {
  id: string;
  customerId: string;
  customer: {
    name: string | null;
    phone?: string | null;
    phoneMasked: string | null;
    province: string | null;
    city: string | null;
    carrier: string | null;
  };
  campaignId: string | null;
  pool: LeadPool;
  ownerUserId: string | null;
  /** Display name of the owner, for lists. */
  ownerName: string | null;
  source: string;
  status: string;
  intentLevel: IntentLevel | null;
  createdAt: number;
  updatedAt: number;
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;
const managesLeads = (actor: Actor): boolean =>
  actor.role === 'admin' || actor.role === 'supervisor';

function leadQuery(ctx: Ctx, actor: Actor) {
  let query = ctx.db.kysely
    .selectFrom('leads')
    .innerJoin('customers', (join) =>
      join
        .onRef('customers.id', '=', 'leads.customer_id')
        .onRef('customers.tenant_id', '=', 'leads.tenant_id'),
    )
    .leftJoin('users as owner', (join) =>
      join
        .onRef('owner.id', '=', 'leads.owner_user_id')
        .onRef('owner.tenant_id', '=', 'leads.tenant_id'),
    )
    .where('leads.tenant_id', '=', actor.tenantId);
  if (actor.role === 'agent') {
    query = query.where((eb) =>
      eb.or([eb('leads.pool', '=', 'public'), eb('leads.owner_user_id', '=', actor.userId)]),
    );
  }
  return query;
}

const LEAD_COLUMNS = [
  'leads.id',
  'leads.customer_id',
  'leads.campaign_id',
  'leads.pool',
  'leads.owner_user_id',
  'leads.source',
  'leads.status',
  'leads.intent_level',
  'leads.created_at',
  'leads.updated_at',
  'customers.name',
  'customers.phone',
  'customers.phone_masked',
  'customers.province',
  'customers.city',
  'customers.carrier',
  'owner.display_name as owner_name',
] as const;

type LeadRow = Omit<LeadTable, 'tenant_id'> & {
  name: string | null;
  phone: string | null;
  phone_masked: string | null;
  province: string | null;
  city: string | null;
  carrier: string | null;
  owner_name: string | null;
};

function toLeadView(ctx: Ctx, row: LeadRow, actor: Actor): LeadView {
  return {
    id: row.id,
    customerId: row.customer_id,
    customer: {
      name: row.name === null ? null : ctx.cipher.open(row.name),
      ...(canSeePhone(actor.role)
        ? { phone: row.phone === null ? null : ctx.cipher.open(row.phone) }
        : {}),
      phoneMasked: row.phone_masked,
      province: row.province,
      city: row.city,
      carrier: row.carrier,
    },
    campaignId: row.campaign_id,
    pool: row.pool,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    source: row.source,
    status: row.status,
    intentLevel: row.intent_level,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Lead-only conditions (role scope and filters), usable with or without the customer join. */
function leadConditions(actor: Actor, query: LeadQuery) {
  return (eb: ExpressionBuilder<Database, 'leads'>) => {
    const all: Expression<SqlBool>[] = [eb('leads.tenant_id', '=', actor.tenantId)];
    if (actor.role === 'agent') {
      all.push(
        eb.or([eb('leads.pool', '=', 'public'), eb('leads.owner_user_id', '=', actor.userId)]),
      );
    }
    if (query.pool) all.push(eb('leads.pool', '=', query.pool));
    if (query.owner) {
      const owner = query.owner === 'me' ? actor.userId : query.owner;
      all.push(eb('leads.owner_user_id', '=', owner));
    }
    if (query.status) all.push(eb('leads.status', '=', query.status));
    if (query.intentLevel) all.push(eb('leads.intent_level', '=', query.intentLevel));
    if (query.campaignId) all.push(eb('leads.campaign_id', '=', query.campaignId));
    if (query.customerId) all.push(eb('leads.customer_id', '=', query.customerId));
    return eb.and(all);
  };
}

export async function listLeads(ctx: Ctx, actor: Actor, query: LeadQuery): Promise<Page<LeadView>> {
  let base = leadQuery(ctx, actor).where(leadConditions(actor, query));
  if (query.q) {
    const q = query.q;
    const like = likePattern(q);
    const digits = q.replace(/[\s()+-]/g, '');
    const e164 = /^\d{5,}$/.test(digits) ? tryNormalizePhone(q) : null;
    base = base.where((eb) =>
      eb.or([
        eb('leads.id', '=', q),
        eb('leads.customer_id', '=', q),
        ...(e164 ? [eb('customers.phone_hash', '=', ctx.cipher.hash(e164))] : []),
        eb(eb.fn('lower', ['leads.status']), 'like', like),
        eb(eb.fn('lower', ['leads.source']), 'like', like),
        eb('customers.province', 'like', like),
        eb('customers.city', 'like', like),
      ]),
    );
  }
  // Without a search on customer fields the count needs no join (45k leads: 740 → 20 ms).
  const count = query.q
    ? await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst()
    : await ctx.db.kysely
        .selectFrom('leads')
        .where(leadConditions(actor, query))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst();
  const rows = await base
    .select(LEAD_COLUMNS)
    .orderBy('leads.updated_at', 'desc')
    .orderBy('leads.id', 'desc')
    .limit(query.pageSize)
    .offset(offsetOf(query))
    .execute();
  return { items: rows.map((r) => toLeadView(ctx, r, actor)), total: Number(count?.n ?? 0) };
}

export async function getLead(
  ctx: Ctx,
  actor: Actor,
  id: string,
  action = 'crm.lead.read',
): Promise<LeadView> {
  const row = await leadQuery(ctx, actor)
    .select(LEAD_COLUMNS)
    .where('leads.id', '=', id)
    .executeTakeFirst();
  if (!row) return outOfScope(ctx, actor, 'leads', id, action, "another agent's private lead");
  return toLeadView(ctx, row, actor);
}

async function assertUser(ctx: Ctx, tenantId: string, userId: string, field: string) {
  const user = await ctx.db.kysely
    .selectFrom('users')
    .select(['id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!user || user.role === 'auditor') {
    throw invalidInput('lead.owner', `${field} does not name an active user who can own leads`, {
      where: field,
    });
  }
}

async function assertCampaign(ctx: Ctx, tenantId: string, campaignId: string) {
  const row = await ctx.db.kysely
    .selectFrom('campaigns')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!row) {
    throw invalidInput('lead.campaign', 'campaignId does not name a campaign', {
      where: 'campaignId',
    });
  }
}

async function tagIntent(
  ctx: Ctx,
  actor: Actor,
  lead: { id: string; customerId: string },
  level: IntentLevel,
) {
  await ctx.db.kysely
    .insertInto('tags')
    .values({
      id: newId('tg'),
      tenant_id: actor.tenantId,
      customer_id: lead.customerId,
      lead_id: lead.id,
      call_id: null,
      kind: 'intent',
      name: `intent:${level}`,
      level,
      created_at: ctx.clock.now(),
    })
    .execute();
}

export async function createLead(
  ctx: Ctx,
  actor: Actor,
  input: LeadCreateInput,
): Promise<LeadView> {
  await customerRow(ctx, actor, input.customerId, 'crm.lead.create').catch(() => {
    throw invalidInput('lead.customer', 'customerId does not name a customer', {
      where: 'customerId',
    });
  });
  if (input.campaignId) await assertCampaign(ctx, actor.tenantId, input.campaignId);
  let pool: LeadPool;
  let owner: string | null;
  if (managesLeads(actor)) {
    owner = input.ownerUserId ?? null;
    pool = input.pool ?? (owner ? 'private' : 'public');
    if (pool === 'public') owner = null;
    else owner ??= actor.userId;
    if (owner && owner !== actor.userId)
      await assertUser(ctx, actor.tenantId, owner, 'ownerUserId');
  } else {
    if (input.ownerUserId && input.ownerUserId !== actor.userId) {
      throw forbidden('lead.assign', 'Agents can only create leads for themselves');
    }
    pool = input.pool ?? 'private';
    owner = pool === 'private' ? actor.userId : null;
  }
  const now = ctx.clock.now();
  const row: LeadTable = {
    id: newId('l'),
    tenant_id: actor.tenantId,
    customer_id: input.customerId,
    campaign_id: input.campaignId ?? null,
    pool,
    owner_user_id: owner,
    source: input.source,
    status: input.status,
    intent_level: input.intentLevel ?? null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.kysely.insertInto('leads').values(row).execute();
  if (row.intent_level)
    await tagIntent(ctx, actor, { id: row.id, customerId: row.customer_id }, row.intent_level);
  return getLead(ctx, actor, row.id);
}

/** Agents edit only leads in their own private pool; claim a public lead first. */
function assertMayWork(actor: Actor, lead: LeadView): void {
  if (managesLeads(actor)) return;
  if (lead.pool !== 'private' || lead.ownerUserId !== actor.userId) {
    throw forbidden('lead.not_owner', 'Claim the lead before working on it');
  }
}

export async function updateLead(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: LeadPatchInput,
): Promise<LeadView> {
  const lead = await getLead(ctx, actor, id, 'crm.lead.update');
  assertMayWork(actor, lead);
  if (input.campaignId) await assertCampaign(ctx, actor.tenantId, input.campaignId);
  const patch: Partial<LeadTable> = { updated_at: ctx.clock.now() };
  if (input.campaignId !== undefined) patch.campaign_id = input.campaignId;
  if (input.status !== undefined) patch.status = input.status;
  if (input.intentLevel !== undefined) patch.intent_level = input.intentLevel;
  await ctx.db.kysely
    .updateTable('leads')
    .set(patch)
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  if (input.intentLevel && input.intentLevel !== lead.intentLevel) {
    await tagIntent(ctx, actor, lead, input.intentLevel);
  }
  return getLead(ctx, actor, id);
}

/** Moves a public lead into the actor's private pool; 409 when someone else was faster. */
export async function claimLead(ctx: Ctx, actor: Actor, id: string): Promise<LeadView> {
  await getLead(ctx, actor, id, 'crm.lead.claim');
  // The pool condition in the UPDATE makes two simultaneous claims race safely.
  const result = await ctx.db.kysely
    .updateTable('leads')
    .set({ pool: 'private', owner_user_id: actor.userId, updated_at: ctx.clock.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .where('pool', '=', 'public')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw conflict('lead.not_public', 'The lead is not in the public pool');
  }
  return getLead(ctx, actor, id);
}

export async function assignLead(
  ctx: Ctx,
  actor: Actor,
  id: string,
  userId: string,
): Promise<LeadView> {
  if (!managesLeads(actor)) throw forbidden('lead.assign', 'Only supervisors and admins assign');
  await getLead(ctx, actor, id, 'crm.lead.assign');
  await assertUser(ctx, actor.tenantId, userId, 'userId');
  await ctx.db.kysely
    .updateTable('leads')
    .set({ pool: 'private', owner_user_id: userId, updated_at: ctx.clock.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  return getLead(ctx, actor, id);
}

/** Returns a private lead to the public pool: its owner, a supervisor or an admin may. */
export async function returnLead(ctx: Ctx, actor: Actor, id: string): Promise<LeadView> {
  const lead = await getLead(ctx, actor, id, 'crm.lead.return');
  if (lead.pool !== 'private') throw conflict('lead.not_private', 'The lead is already public');
  assertMayWork(actor, lead);
  await ctx.db.kysely
    .updateTable('leads')
    .set({ pool: 'public', owner_user_id: null, updated_at: ctx.clock.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  return getLead(ctx, actor, id);
}

export async function deleteLead(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await getLead(ctx, actor, id, 'crm.lead.delete');
  await ctx.db.kysely
    .deleteFrom('leads')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
}
