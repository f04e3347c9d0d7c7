import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { callsDb } from '../calls/index.ts';

// Queue settings (queues.settings JSON): ring timeout before the call goes back to the front of
// the queue, maximum wait and what happens then, position announcements, recording policy,
// after-call work and the digit that trades holding for a callback.

export const queueSettingsSchema = z.object({
  ringTimeoutMs: z.number().int().min(1000).default(15_000),
  maxWaitMs: z.number().int().min(1000).default(300_000),
  /** At max wait: another queue (keeps the original entry time), a callback task, or goodbye. */
  overflow: z
    .union([
      z.object({ kind: z.literal('queue'), queueId: z.string() }),
      z.object({ kind: z.literal('callback') }),
      z.object({ kind: z.literal('hangup') }),
    ])
    .default({ kind: 'hangup' }),
  /** Position announcement interval while waiting. */
  announceEveryMs: z.number().int().min(1000).default(20_000),
  /** Follow the position with the expected wait (expected-wait.ts) when there is data. */
  announceExpectedWait: z.boolean().default(true),
  record: z.boolean().default(true),
  wrapUpMs: z.number().int().min(0).default(10_000),
  /** Pressing it while waiting registers a callback instead of holding; null = off. */
  callbackDigit: z.string().length(1).nullable().default('*'),
  /** The callback keeps the caller's place: it is dialled when it reaches the front. */
  callbackKeepsPlace: z.boolean().default(true),
  priority: z.number().int().default(0),
});

export type QueueSettings = z.output<typeof queueSettingsSchema>;

export interface QueueDef {
  id: string;
  tenantId: string;
  name: string;
  skill: string;
  settings: QueueSettings;
}

export async function loadQueue(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
  queueId: string,
): Promise<QueueDef | undefined> {
  const row = await callsDb(ctx.db)
    .selectFrom('queues')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', queueId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    skill: row.skill,
    settings: queueSettingsSchema.parse(JSON.parse(row.settings)),
  };
}

export async function listQueues(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
): Promise<QueueDef[]> {
  const rows = await callsDb(ctx.db)
    .selectFrom('queues')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    skill: row.skill,
    settings: queueSettingsSchema.parse(JSON.parse(row.settings)),
  }));
}

export async function saveQueue(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  queue: { id: string; tenantId: string; name: string; skill: string; settings?: unknown },
): Promise<void> {
  const settings = JSON.stringify(queueSettingsSchema.parse(queue.settings ?? {}));
  const db = callsDb(ctx.db);
  const exists = await db
    .selectFrom('queues')
    .select('id')
    .where('id', '=', queue.id)
    .executeTakeFirst();
  if (exists) {
    await db
      .updateTable('queues')
      .set({ name: queue.name, skill: queue.skill, settings })
      .where('id', '=', queue.id)
      .execute();
  } else {
    await db
      .insertInto('queues')
      .values({
        id: queue.id,
        tenant_id: queue.tenantId,
        name: queue.name,
        skill: queue.skill,
        settings,
        created_at: ctx.clock.now(),
      })
      .execute();
  }
}
