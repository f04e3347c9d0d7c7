import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { conflict, invalidInput, newId, notFound } from '../../platform/index.ts';
import { callsDb } from '../calls/index.ts';
import { listQueues, loadQueue, queueSettingsSchema, type QueueDef } from './queues.ts';

// Admin CRUD over a tenant's queues (GET/POST/PATCH/DELETE /api/admin/queues). Settings are the
// queues.ts schema; unknown fields are refused rather than dropped, and an overflow target must
// be another queue of the same tenant.

type Ctx = Pick<AppContext, 'db' | 'clock'>;

// The stored settings' fields without their defaults: a PATCH that leaves a field out keeps it.
const settingsInput = z.strictObject(
  Object.fromEntries(
    Object.entries(queueSettingsSchema.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v).optional(),
    ]),
  ),
) as unknown as z.ZodType<Partial<z.input<typeof queueSettingsSchema>>>;
const skill = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . - only');

export const queueCreateSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (1-64)')
    .optional(),
  name: z.string().trim().min(1).max(100),
  skill,
  settings: settingsInput.optional(),
});
export const queuePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  skill: skill.optional(),
  /** Merged over the stored settings. */
  settings: settingsInput.optional(),
});
export type QueueCreate = z.output<typeof queueCreateSchema>;
export type QueuePatch = z.output<typeof queuePatchSchema>;

export interface QueueAdminView extends QueueDef {
  /** Agents who have the queue's skill, with their level (1-10). */
  agents: { id: string; name: string; extension: string | null; level: number }[];
}

async function agentsBySkill(
  ctx: Ctx,
  tenantId: string,
): Promise<Map<string, QueueAdminView['agents']>> {
  const rows = await callsDb(ctx.db)
    .selectFrom('agents')
    .select(['id', 'name', 'extension', 'skills'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  const out = new Map<string, QueueAdminView['agents']>();
  for (const row of rows) {
    let skills: Array<{ skill: string; level: number }> = [];
    try {
      skills = JSON.parse(row.skills ?? '[]') as typeof skills;
    } catch {
      // a broken skills column shows the agent without skills
    }
    for (const s of skills) {
      const list = out.get(s.skill) ?? [];
      list.push({ id: row.id, name: row.name, extension: row.extension, level: s.level });
      out.set(s.skill, list);
    }
  }
  return out;
}

export async function listQueuesForAdmin(ctx: Ctx, tenantId: string): Promise<QueueAdminView[]> {
  const [queues, bySkill] = await Promise.all([
    listQueues(ctx, tenantId),
    agentsBySkill(ctx, tenantId),
  ]);
  return queues.map((q) => ({ ...q, agents: bySkill.get(q.skill) ?? [] }));
}

async function viewOf(ctx: Ctx, tenantId: string, id: string): Promise<QueueAdminView> {
  const queue = await loadQueue(ctx, tenantId, id);
  if (!queue) throw notFound('queue.not_found', `No queue ${id}`);
  const bySkill = await agentsBySkill(ctx, tenantId);
  return { ...queue, agents: bySkill.get(queue.skill) ?? [] };
}

export const getQueueForAdmin = viewOf;

function parseSettings(input: unknown): QueueDef['settings'] {
  const parsed = queueSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['settings', ...(issue?.path ?? [])].join('.');
    throw invalidInput('queue.invalid', `${where}: ${issue?.message ?? 'invalid'}`, { where });
  }
  return parsed.data;
}

async function checkOverflow(
  ctx: Ctx,
  tenantId: string,
  id: string,
  settings: QueueDef['settings'],
): Promise<void> {
  if (settings.overflow.kind !== 'queue') return;
  const target = settings.overflow.queueId;
  const where = 'settings.overflow.queueId';
  if (target === id)
    throw invalidInput('queue.invalid', `${where}: cannot overflow to itself`, { where });
  if (!(await loadQueue(ctx, tenantId, target))) {
    throw invalidInput('queue.invalid', `${where}: no queue ${target}`, { where });
  }
}

export async function createQueue(
  ctx: Ctx,
  tenantId: string,
  body: QueueCreate,
): Promise<QueueAdminView> {
  const id = body.id ?? newId('q');
  const settings = parseSettings(body.settings ?? {});
  await checkOverflow(ctx, tenantId, id, settings);
  const db = callsDb(ctx.db);
  // Queue ids are global keys: one taken by any tenant is a conflict, never an overwrite.
  const taken = await db.selectFrom('queues').select('id').where('id', '=', id).executeTakeFirst();
  if (taken) throw conflict('queue.exists', `Queue id ${id} is taken`, { where: 'id' });
  await db
    .insertInto('queues')
    .values({
      id,
      tenant_id: tenantId,
      name: body.name,
      skill: body.skill,
      settings: JSON.stringify(settings),
      created_at: ctx.clock.now(),
    })
    .execute();
  return viewOf(ctx, tenantId, id);
}

export async function updateQueue(
  ctx: Ctx,
  tenantId: string,
  id: string,
  patch: QueuePatch,
): Promise<QueueAdminView> {
  const queue = await loadQueue(ctx, tenantId, id);
  if (!queue) throw notFound('queue.not_found', `No queue ${id}`);
  const settings = parseSettings({ ...queue.settings, ...patch.settings });
  await checkOverflow(ctx, tenantId, id, settings);
  await callsDb(ctx.db)
    .updateTable('queues')
    .set({
      name: patch.name ?? queue.name,
      skill: patch.skill ?? queue.skill,
      settings: JSON.stringify(settings),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return viewOf(ctx, tenantId, id);
}

export async function deleteQueue(ctx: Ctx, tenantId: string, id: string): Promise<void> {
  const queues = await listQueues(ctx, tenantId);
  if (!queues.some((q) => q.id === id)) throw notFound('queue.not_found', `No queue ${id}`);
  const feeding = queues.filter(
    (q) => q.settings.overflow.kind === 'queue' && q.settings.overflow.queueId === id,
  );
  if (feeding.length > 0) {
    throw conflict(
      'queue.in_use',
      `Queue ${id} is the overflow of ${feeding.map((q) => q.id).join(', ')}; change those first`,
    );
  }
  await callsDb(ctx.db)
    .deleteFrom('queues')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
