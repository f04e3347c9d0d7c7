import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { conflict, invalidInput, newId } from '../../platform/index.ts';
import { likePattern, offsetOf, pagingShape, type Actor, type Page } from './crm.types.ts';
import { redactSecrets, sealSecrets } from './json-object.ts';
import type { ResourceSpec, Row } from './resource.types.ts';
import { outOfScope } from './scope.ts';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher'>;
// Table and column names come from the specs (constants), not from requests; the loose type
// lets one implementation serve every table.
type LooseDb = Record<string, Record<string, unknown>>;
const loose = (ctx: Ctx): Kysely<LooseDb> => ctx.db.kysely as unknown as Kysely<LooseDb>;

export interface ResourceSchemas {
  create: z.ZodType<Row>;
  patch: z.ZodType<Row>;
  query: z.ZodType<
    Row & { page: number; pageSize: number; q?: string; from?: number; to?: number }
  >;
}

const schemaCache = new WeakMap<ResourceSpec, ResourceSchemas>();

export function resourceSchemas(spec: ResourceSpec): ResourceSchemas {
  const cached = schemaCache.get(spec);
  if (cached) return cached;
  const create: Record<string, z.ZodType> = {};
  const patch: Record<string, z.ZodType> = {};
  const query: Record<string, z.ZodType> = { ...pagingShape };
  for (const [name, field] of Object.entries(spec.fields)) {
    const optional = field.schema.nullable().optional();
    create[name] = field.required
      ? field.schema
      : field.default !== undefined
        ? field.schema.nullable().default(field.default as never)
        : optional;
    patch[name] = field.required ? field.schema.optional() : optional;
    if (field.filter) {
      query[name] =
        field.kind === 'flag'
          ? z.enum(['0', '1', 'true', 'false']).optional()
          : z.string().min(1).max(100).optional();
    }
  }
  query.from = z.coerce.number().int().optional();
  query.to = z.coerce.number().int().optional();
  const schemas = {
    create: z.strictObject(create),
    patch: z.strictObject(patch),
    query: z.object(query),
  } as unknown as ResourceSchemas;
  schemaCache.set(spec, schemas);
  return schemas;
}

function toView(spec: ResourceSpec, row: Row): Row {
  const view: Row = { id: row.id };
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = row[field.column];
    if (field.kind === 'secret')
      view[`has${name[0]!.toUpperCase()}${name.slice(1)}`] = value != null;
    else if (field.kind === 'flag') view[name] = value === 1 || value === true;
    else if (field.kind === 'json')
      view[name] = typeof value === 'string' ? redactSecrets(JSON.parse(value) as unknown) : null;
    else view[name] = value ?? null;
  }
  if (spec.createdColumn) view.createdAt = row[spec.createdColumn];
  return view;
}

async function toColumns(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  input: Row,
  exceptId?: string,
  current?: Row,
): Promise<Row> {
  const row: Row = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    if (!(name in input)) continue;
    let value = input[name];
    if (value !== null && value !== undefined) {
      if (field.ref) await assertRef(ctx, actor, field.ref, value as string, name);
      if (field.unique) await assertUnique(ctx, spec, actor, field.column, value, name, exceptId);
      if (field.kind === 'flag') value = value ? 1 : 0;
      else if (field.kind === 'json') {
        const stored = current?.[field.column];
        const prior: unknown = typeof stored === 'string' ? JSON.parse(stored) : undefined;
        value = JSON.stringify(sealSecrets(value, (plain) => ctx.cipher.seal(plain), prior));
      } else if (field.kind === 'secret') value = ctx.cipher.seal(value as string);
    }
    row[field.column] = value ?? null;
  }
  return row;
}

async function assertRef(ctx: Ctx, actor: Actor, table: string, id: string, field: string) {
  const found = await loose(ctx)
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found) {
    throw invalidInput(
      'crm.reference',
      `${field} does not name a ${table.replace(/s$/, '')} of this tenant`,
      {
        where: field,
      },
    );
  }
}

async function assertUnique(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  column: string,
  value: unknown,
  field: string,
  exceptId?: string,
) {
  let query = loose(ctx)
    .selectFrom(spec.table)
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where(column, '=', value);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) {
    throw conflict(`${spec.table}.duplicate`, `Another ${spec.label} has this ${field}`, {
      where: field,
    });
  }
}

async function rowOf(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  id: string,
  action: string,
): Promise<Row> {
  const row = await loose(ctx)
    .selectFrom(spec.table)
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? outOfScope(ctx, actor, spec.table, id, action);
}

export async function listResource(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  query: Row & { page: number; pageSize: number; q?: string; from?: number; to?: number },
): Promise<Page<Row>> {
  let base = loose(ctx).selectFrom(spec.table).where('tenant_id', '=', actor.tenantId);
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = query[name];
    if (!field.filter || value === undefined) continue;
    base = base.where(
      field.column,
      '=',
      field.kind === 'flag' ? (value === '1' || value === 'true' ? 1 : 0) : value,
    );
  }
  if (query.from !== undefined) base = base.where(spec.timeColumn, '>=', query.from);
  if (query.to !== undefined) base = base.where(spec.timeColumn, '<', query.to);
  const searchable = Object.values(spec.fields).filter((f) => f.search);
  if (query.q) {
    const q = query.q;
    base = base.where((eb) =>
      eb.or([
        eb('id', '=', q),
        ...searchable.map((f) => eb(eb.fn('lower', [f.column]), 'like', likePattern(q))),
      ]),
    );
  }
  const count = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy(spec.timeColumn, 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset(offsetOf(query))
    .execute();
  return { items: rows.map((r) => toView(spec, r)), total: Number(count?.n ?? 0) };
}

export async function getResource(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  id: string,
): Promise<Row> {
  return toView(spec, await rowOf(ctx, spec, actor, id, `crm.${spec.path}.read`));
}

export async function createResource(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  input: Row,
): Promise<Row> {
  const now = ctx.clock.now();
  const row: Row = {
    id: newId(spec.idPrefix),
    tenant_id: actor.tenantId,
    ...(await toColumns(ctx, spec, actor, input)),
  };
  if (spec.createdColumn) row[spec.createdColumn] = now;
  spec.beforeWrite?.(row, { actor, now });
  await loose(ctx).insertInto(spec.table).values(row).execute();
  return toView(spec, row);
}

export async function updateResource(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  id: string,
  input: Row,
): Promise<Row> {
  const current = await rowOf(ctx, spec, actor, id, `crm.${spec.path}.update`);
  const patch = await toColumns(ctx, spec, actor, input, id, current);
  const now = ctx.clock.now();
  spec.beforeWrite?.(patch, { actor, now, current });
  if (Object.keys(patch).length > 0) {
    await loose(ctx)
      .updateTable(spec.table)
      .set(patch)
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
  }
  return toView(spec, { ...current, ...patch });
}

export async function deleteResource(
  ctx: Ctx,
  spec: ResourceSpec,
  actor: Actor,
  id: string,
): Promise<void> {
  await rowOf(ctx, spec, actor, id, `crm.${spec.path}.delete`);
  await loose(ctx)
    .deleteFrom(spec.table)
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
}
