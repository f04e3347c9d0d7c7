import type { AppContext } from '../../context.ts';
import type { Acd } from '../acd/index.ts';
import { expectedWaitPromptName, positionPromptName } from '../ivr/index.ts';
import type { QueueDef } from './queues.ts';

// Expected wait of a queued caller: position × recent mean handle time ÷ agents staffing the
// queue. Handle time = talk (agent answer → end) + after-call work, over the queue's most recent
// served calls. No served call yet, or no agent logged in: no estimate (null), never a guess.

/** How many of the queue's latest served calls make up "recent" handle time. */
export const HANDLE_TIME_SAMPLE = 20;

export interface WaitEstimate {
  /** 1 = next in line. */
  position: number;
  meanHandleMs: number | null;
  /** Agents logged in with the queue's skill (ready, ringing, talking, wrap-up or on a break). */
  agents: number;
}

/** Expected wait in ms, or null without data. */
export function expectedWaitMs(input: WaitEstimate): number | null {
  const { position, meanHandleMs, agents } = input;
  if (meanHandleMs === null || agents < 1 || position < 1) return null;
  return (position * meanHandleMs) / agents;
}

/** Mean handle time of the queue's latest served calls; null when there is none. */
export async function recentMeanHandleMs(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
  queueId: string,
  sample = HANDLE_TIME_SAMPLE,
): Promise<number | null> {
  const rows = await ctx.db.kysely
    .selectFrom('call_records')
    .select(['agent_answer_at', 'end_at', 'acw_seconds'])
    .where('tenant_id', '=', tenantId)
    .where('queue_id', '=', queueId)
    .where('disposition', '=', 'served')
    .where('agent_answer_at', 'is not', null)
    .where('end_at', 'is not', null)
    .orderBy('end_at', 'desc')
    .limit(sample)
    .execute();
  if (rows.length === 0) return null;
  let total = 0;
  for (const r of rows)
    total += Number(r.end_at) - Number(r.agent_answer_at) + Number(r.acw_seconds ?? 0) * 1000;
  return total / rows.length;
}

export interface QueuePrompt {
  name: string;
  /** Extra fields of the inbound.prompt event (the estimate's inputs). */
  detail?: Record<string, unknown>;
}

/** "N ahead", then the expected wait when the queue announces it and there is data. */
export async function queueAnnouncement(
  ctx: Pick<AppContext, 'db' | 'logger'>,
  acd: Acd,
  queue: QueueDef,
  position: number,
): Promise<QueuePrompt[]> {
  const out: QueuePrompt[] = [{ name: positionPromptName(position - 1) }];
  if (!queue.settings.announceExpectedWait) return out;
  let meanHandleMs: number | null = null;
  try {
    meanHandleMs = await recentMeanHandleMs(ctx, queue.tenantId, queue.id);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'inbound: handle time not read');
  }
  const agents = acd.staffedAgents(queue.skill);
  const waitMs = expectedWaitMs({ position, meanHandleMs, agents });
  if (waitMs !== null)
    out.push({
      name: expectedWaitPromptName(waitMs),
      detail: { expectedWaitMs: Math.round(waitMs), position, meanHandleMs, agents },
    });
  return out;
}
