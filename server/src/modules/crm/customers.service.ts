import type { AppContext } from '../../context.ts';
import type { CustomerTable } from '../../db/index.ts';
import { conflict, invalidInput, isAppError, maskPhone, newId } from '../../platform/index.ts';
import { attributePhone, normalizePhone, tryNormalizePhone } from '../phone/index.ts';
import {
  canSeePhone,
  likePattern,
  offsetOf,
  parseJson,
  type Actor,
  type Page,
} from './crm.types.ts';
import type { CustomerCreateInput, CustomerPatchInput, CustomerQuery } from './customers.schema.ts';
import { outOfScope } from './scope.ts';

export interface CustomerView {
  id: string;
  name: string | null;
  /** E.164 in clear; present only for roles that may see it (admin, supervisor). */
  phone?: string | null;
  phoneMasked: string | null;
  province: string | null;
  city: string | null;
  carrier: string | null;
  attributes: Record<string, unknown>;
  externalRef: string | null;
  createdAt: number;
  updatedAt: number;
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;

export function toCustomerView(ctx: Ctx, row: CustomerTable, actor: Actor): CustomerView {
  return {
    id: row.id,
    name: row.name === null ? null : ctx.cipher.open(row.name),
    ...(canSeePhone(actor.role)
      ? { phone: row.phone === null ? null : ctx.cipher.open(row.phone) }
      : {}),
    phoneMasked: row.phone_masked,
    province: row.province,
    city: row.city,
    carrier: row.carrier,
    attributes: parseJson(row.attributes),
    externalRef: row.external_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** E.164 of a user-typed number; an invalid one is a 400 naming `field`. */
export function normalizeField(raw: string, field: string): string {
  try {
    return normalizePhone(raw);
  } catch (error) {
    if (isAppError(error)) throw invalidInput(error.code, error.message, { where: field });
    throw error;
  }
}

function phoneColumns(ctx: Ctx, e164: string | null) {
  if (e164 === null) {
    return {
      phone: null,
      phone_hash: null,
      phone_masked: null,
      province: null,
      city: null,
      carrier: null,
    };
  }
  const where = attributePhone(e164);
  return {
    phone: ctx.cipher.seal(e164),
    phone_hash: ctx.cipher.hash(e164),
    phone_masked: maskPhone(e164),
    province: where.province,
    city: where.city,
    carrier: where.carrier,
  };
}

async function assertUnique(
  ctx: Ctx,
  tenantId: string,
  fields: { phoneHash?: string | null; externalRef?: string | null },
  exceptId?: string,
): Promise<void> {
  const checks = [
    ['phone', 'phone_hash', fields.phoneHash],
    ['externalRef', 'external_ref', fields.externalRef],
  ] as const;
  for (const [field, column, value] of checks) {
    if (value === undefined || value === null) continue;
    let query = ctx.db.kysely
      .selectFrom('customers')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(column, '=', value);
    if (exceptId) query = query.where('id', '!=', exceptId);
    const other = await query.executeTakeFirst();
    if (other) {
      throw conflict('customer.duplicate', `Another customer has this ${field}`, {
        where: field,
        details: { customerId: other.id },
      });
    }
  }
}

export async function createCustomer(
  ctx: Ctx,
  actor: Actor,
  input: CustomerCreateInput,
): Promise<CustomerView> {
  const e164 = input.phone ? normalizeField(input.phone, 'phone') : null;
  const phone = phoneColumns(ctx, e164);
  await assertUnique(ctx, actor.tenantId, {
    phoneHash: phone.phone_hash,
    externalRef: input.externalRef,
  });
  const now = ctx.clock.now();
  const row: CustomerTable = {
    id: newId('c'),
    tenant_id: actor.tenantId,
    name: input.name ? ctx.cipher.seal(input.name) : null,
    ...phone,
    attributes: JSON.stringify(input.attributes ?? {}),
    external_ref: input.externalRef ?? null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.kysely.insertInto('customers').values(row).execute();
  return toCustomerView(ctx, row, actor);
}

export async function customerRow(
  ctx: Ctx,
  actor: Actor,
  id: string,
  action = 'crm.customer.read',
): Promise<CustomerTable> {
  const row = await ctx.db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? outOfScope(ctx, actor, 'customers', id, action);
}

export async function getCustomer(ctx: Ctx, actor: Actor, id: string): Promise<CustomerView> {
  return toCustomerView(ctx, await customerRow(ctx, actor, id), actor);
}

export async function updateCustomer(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: CustomerPatchInput,
): Promise<CustomerView> {
  const current = await customerRow(ctx, actor, id, 'crm.customer.update');
  const patch: Partial<CustomerTable> = {};
  if (input.phone !== undefined) {
    const phone = phoneColumns(ctx, input.phone ? normalizeField(input.phone, 'phone') : null);
    await assertUnique(ctx, actor.tenantId, { phoneHash: phone.phone_hash }, id);
    Object.assign(patch, phone);
  }
  if (input.externalRef !== undefined) {
    await assertUnique(ctx, actor.tenantId, { externalRef: input.externalRef }, id);
    patch.external_ref = input.externalRef;
  }
  if (input.name !== undefined) patch.name = input.name ? ctx.cipher.seal(input.name) : null;
  if (input.attributes !== undefined) {
    patch.attributes = JSON.stringify({ ...parseJson(current.attributes), ...input.attributes });
  }
  patch.updated_at = ctx.clock.now();
  await ctx.db.kysely
    .updateTable('customers')
    .set(patch)
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  return toCustomerView(ctx, { ...current, ...patch }, actor);
}

/** Deletes the customer with its leads, tags and follow-ups; calls and deals stay as history. */
export async function deleteCustomer(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  await customerRow(ctx, actor, id, 'crm.customer.delete');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (const table of ['leads', 'tags', 'follow_ups'] as const) {
      await trx
        .deleteFrom(table)
        .where('tenant_id', '=', actor.tenantId)
        .where('customer_id', '=', id)
        .execute();
    }
    await trx
      .deleteFrom('customers')
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
  });
}

export async function listCustomers(
  ctx: Ctx,
  actor: Actor,
  query: CustomerQuery,
): Promise<Page<CustomerView>> {
  let base = ctx.db.kysely.selectFrom('customers').where('tenant_id', '=', actor.tenantId);
  if (query.province) base = base.where('province', '=', query.province);
  if (query.city) base = base.where('city', '=', query.city);
  if (query.carrier) base = base.where('carrier', '=', query.carrier);
  if (query.q) {
    // Names and numbers are sealed, so a number is found by its keyed hash (any writing of it
    // works); other text matches the id, external reference or region.
    const q = query.q;
    const digits = q.replace(/[\s()+-]/g, '');
    const e164 = /^\d{5,}$/.test(digits) ? tryNormalizePhone(q) : null;
    const like = likePattern(q);
    base = base.where((eb) =>
      eb.or([
        eb('id', '=', q),
        ...(e164 ? [eb('phone_hash', '=', ctx.cipher.hash(e164))] : []),
        eb(eb.fn('lower', ['external_ref']), 'like', like),
        eb('province', 'like', like),
        eb('city', 'like', like),
      ]),
    );
  }
  const count = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset(offsetOf(query))
    .execute();
  return { items: rows.map((r) => toCustomerView(ctx, r, actor)), total: Number(count?.n ?? 0) };
}
