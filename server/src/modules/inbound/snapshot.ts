import type { AppContext } from '../../context.ts';
import type { AgentStatus } from '../acd/index.ts';
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
  }>;
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
  if (!service) {
    const items = queues.map((q) => ({
      ...{ id: q.id, name: q.name, skill: q.skill, waiting: 0, longestWaitSeconds: null },
      ...{ withAgents: 0, agents: emptyCounts() },
    }));
    return { at: now, live: false, items, agents: [] };
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
      };
    }),
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
