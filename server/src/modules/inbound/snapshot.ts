import type { AppContext } from '../../context.ts';
import type { AgentStatus } from '../acd/index.ts';
import { resolveEvaluationSettings, tzOffsetMs } from '../evaluation/index.ts';
import type { InboundService } from './inbound.service.ts';
import { listQueues } from './queues.ts';

// The supervisor's live view of a tenant's queues: calls waiting, the longest wait, and the
// agents who can take each queue's calls, counted by state.

export interface QueueSnapshot {
  at: number;
  /** False when SIP is off on this node: queues as configured, nothing live. */
  live: boolean;
  items: Array<{
    id: string;
    name: string;
    skill: string;
    waiting: number;
    longestWaitSeconds: number | null;
    /** Calls of this queue ringing an agent or talking. */
    withAgents: number;
    agents: Record<AgentStatus, number>;
    /** Today (tenant's local day): calls an agent answered, and those within the SL threshold. */
    serviceLevel: { answered: number; withinThreshold: number; ratio: number | null };
  }>;
  /** The service-level threshold in seconds (tenant setting, default 20). */
  serviceLevelSeconds: number;
  agents: Array<{
    agentId: string;
    name: string;
    extension: string | null;
    status: AgentStatus;
    reason: string | null;
    callId: string | null;
    sinceMs: number;
  }>;
}

const emptyCounts = (): Record<AgentStatus, number> => ({
  'logged-out': 0,
  ready: 0,
  'not-ready': 0,
  ringing: 0,
  'on-call': 0,
  'wrap-up': 0,
});

export async function queueSnapshot(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  service: InboundService | null,
  tenantId: string,
): Promise<QueueSnapshot> {
  const now = ctx.clock.now();
  const queues = await listQueues(ctx, tenantId);
  const { serviceLevelSeconds, byQueue } = await serviceLevelToday(ctx, tenantId, now);
  const sl = (id: string) => byQueue.get(id) ?? { answered: 0, withinThreshold: 0, ratio: null };
  if (!service) {
    const items = queues.map((q) => ({
      ...{ id: q.id, name: q.name, skill: q.skill, waiting: 0, longestWaitSeconds: null },
      ...{ withAgents: 0, agents: emptyCounts(), serviceLevel: sl(q.id) },
    }));
    return { at: now, live: false, items, agents: [], serviceLevelSeconds };
  }
  const desk = await service.desk(tenantId);
  const calls = service.queueCalls(tenantId);
  const waitingIds = new Set(desk.acd.queue.list().map((c) => c.callId));
  const agents = desk.list();
  const skillsOf = new Map(desk.acd.agentIds().map((id) => [id, desk.skills(id)]));
  return {
    at: now,
    live: true,
    items: queues.map((q) => {
      const mine = calls.filter((c) => c.queueId === q.id);
      const waiting = mine.filter((c) => waitingIds.has(c.id));
      const counts = emptyCounts();
      for (const a of agents)
        if (skillsOf.get(a.agentId)?.[q.skill] !== undefined) counts[a.state.status]++;
      return {
        id: q.id,
        name: q.name,
        skill: q.skill,
        waiting: waiting.length,
        longestWaitSeconds: waiting.length
          ? (now - Math.min(...waiting.map((c) => c.waitingSince))) / 1000
          : null,
        withAgents: mine.length - waiting.length,
        agents: counts,
        serviceLevel: sl(q.id),
      };
    }),
    serviceLevelSeconds,
    agents: agents.map((a) => ({
      agentId: a.agentId,
      name: a.name,
      extension: a.extension,
      status: a.state.status,
      reason: a.state.reason,
      callId: a.state.callId,
      sinceMs: now - a.state.since,
    })),
  };
}

/** Answered-within-threshold counts per queue since the tenant's local midnight. */
async function serviceLevelToday(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
  now: number,
): Promise<{
  serviceLevelSeconds: number;
  byQueue: Map<string, QueueSnapshot['items'][number]['serviceLevel']>;
}> {
  const tenant = await ctx.db.kysely
    .selectFrom('tenants')
    .select(['time_zone', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  let settings: unknown;
  try {
    settings = JSON.parse(tenant?.settings ?? '{}');
  } catch {
    settings = {};
  }
  const serviceLevelSeconds = resolveEvaluationSettings(settings).serviceLevelSeconds;
  const offset = tzOffsetMs(tenant?.time_zone ?? 'Asia/Shanghai', now);
  const midnight = Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
  const rows = await ctx.db.kysely
    .selectFrom('call_records')
    .select((eb) => [
      'queue_id',
      eb.fn.countAll<number>().as('answered'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb('agent_answer_at', '<=', eb('queue_entry_at', '+', serviceLevelSeconds * 1000)),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('within'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', midnight)
    .where('queue_id', 'is not', null)
    .where('agent_answer_at', 'is not', null)
    .where('queue_entry_at', 'is not', null)
    .groupBy('queue_id')
    .execute();
  const byQueue = new Map<string, QueueSnapshot['items'][number]['serviceLevel']>();
  for (const r of rows) {
    const answered = Number(r.answered);
    const within = Number(r.within);
    byQueue.set(r.queue_id!, {
      answered,
      withinThreshold: within,
      ratio: answered > 0 ? within / answered : null,
    });
  }
  return { serviceLevelSeconds, byQueue };
}
