import {
  agentInvariantViolations,
  initialAgentState,
  transition,
  type AgentEvent,
  type AgentState,
} from './agent-state.ts';
import { CallQueue, type SkillRequirement, type WaitingCall } from './call-queue.ts';

// The automatic call distributor for one queue: agents' state machines plus the waiting calls.
// `dispatch()` pairs waiting calls with ready agents; the telephony side turns each offer into a
// ringing leg and reports back answer / ring-timeout / hangup events.

export type RoutingStrategy = 'longest-idle' | 'skills-based';

export interface AgentProfile {
  agentId: string;
  skills: Record<string, number>;
}

export interface Offer {
  callId: string;
  agentId: string;
}

export interface AcdEvents {
  onAgentState?: (agentId: string, state: AgentState) => void;
  onCallEnded?: (callId: string) => void;
  onWrapUpTimer?: (agentId: string, callId: string) => void;
}

export class Acd {
  readonly queue = new CallQueue();
  private readonly agents = new Map<string, { profile: AgentProfile; state: AgentState }>();
  /** Calls offered to an agent and not yet answered, with their queue entry to restore. */
  private readonly offered = new Map<string, WaitingCall>();

  constructor(
    private readonly strategy: RoutingStrategy = 'longest-idle',
    private readonly events: AcdEvents = {},
  ) {}

  addAgent(profile: AgentProfile, now: number): void {
    if (!this.agents.has(profile.agentId))
      this.agents.set(profile.agentId, { profile, state: initialAgentState(now) });
  }

  agentState(agentId: string): AgentState | undefined {
    return this.agents.get(agentId)?.state;
  }

  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  enqueue(
    call: { callId: string; priority?: number; requires?: SkillRequirement | null },
    now: number,
  ): void {
    this.queue.enqueue({
      callId: call.callId,
      priority: call.priority ?? 0,
      enqueuedAt: now,
      requires: call.requires ?? null,
    });
  }

  /** The caller hung up: wherever the call is (waiting, offered, talking) it leaves cleanly. */
  callerHangup(callId: string, now: number): void {
    this.queue.remove(callId);
    this.offered.delete(callId);
    for (const agentId of this.agents.keys())
      this.agentEvent(agentId, { type: 'hangup', callId }, now);
  }

  agentEvent(agentId: string, event: AgentEvent, now: number): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    const { state, effects } = transition(agent.state, event, now);
    const changed = state !== agent.state;
    agent.state = state;
    if (event.type === 'answer' && state.status === 'on-call') this.offered.delete(event.callId);
    for (const effect of effects) {
      switch (effect.type) {
        case 'requeue-front': {
          const waiting = this.offered.get(effect.callId);
          this.offered.delete(effect.callId);
          if (waiting) this.queue.requeueFront(waiting);
          break;
        }
        case 'end-call':
          this.events.onCallEnded?.(effect.callId);
          break;
        case 'start-wrap-up-timer':
          this.events.onWrapUpTimer?.(agentId, effect.callId);
          break;
      }
    }
    if (changed) this.events.onAgentState?.(agentId, state);
  }

  /** Pairs waiting calls with ready agents, in queue order; returns the offers made. */
  dispatch(now: number): Offer[] {
    const offers: Offer[] = [];
    for (const call of [...this.queue.list()]) {
      const agentId = this.pickAgent(call.requires);
      if (!agentId) continue;
      this.queue.remove(call.callId);
      this.offered.set(call.callId, call);
      this.agentEvent(agentId, { type: 'offer', callId: call.callId }, now);
      offers.push({ callId: call.callId, agentId });
    }
    return offers;
  }

  /** Agents logged in with a registered device who have the skill (any level). */
  staffedAgents(skill: string | null): number {
    let n = 0;
    for (const { profile, state } of this.agents.values()) {
      if (state.status === 'logged-out' || !state.deviceRegistered) continue;
      if (skill === null || profile.skills[skill] !== undefined) n++;
    }
    return n;
  }

  isOffered(callId: string): boolean {
    return this.offered.has(callId);
  }

  /** Every invariant of every agent plus the link between offers and ringing agents. */
  invariantViolations(): string[] {
    const problems: string[] = [];
    const ringing = new Set<string>();
    const busyCalls = new Map<string, string>();
    for (const [agentId, { state }] of this.agents) {
      problems.push(...agentInvariantViolations(state).map((p) => `${agentId}: ${p}`));
      if (state.status === 'ringing' && state.callId) ringing.add(state.callId);
      if (state.callId && state.status !== 'wrap-up') {
        const other = busyCalls.get(state.callId);
        if (other) problems.push(`call ${state.callId} on ${other} and ${agentId}`);
        busyCalls.set(state.callId, agentId);
      }
    }
    for (const callId of this.offered.keys())
      if (!ringing.has(callId)) problems.push(`offer ${callId} rings nowhere`);
    for (const callId of ringing)
      if (!this.offered.has(callId)) problems.push(`${callId} rings without an offer`);
    for (const call of this.queue.list())
      if (busyCalls.has(call.callId))
        problems.push(`${call.callId} both waiting and with an agent`);
    return problems;
  }

  private pickAgent(requires: SkillRequirement | null): string | undefined {
    let best: { agentId: string; level: number; idleSince: number } | undefined;
    for (const [agentId, { profile, state }] of this.agents) {
      if (state.status !== 'ready' || state.idleSince === null) continue;
      const level = requires ? (profile.skills[requires.skill] ?? -1) : 0;
      if (requires && level < requires.minLevel) continue;
      const candidate = { agentId, level, idleSince: state.idleSince };
      if (!best || this.better(candidate, best)) best = candidate;
    }
    return best?.agentId;
  }

  private better(
    a: { level: number; idleSince: number; agentId: string },
    b: { level: number; idleSince: number; agentId: string },
  ): boolean {
    if (this.strategy === 'skills-based' && a.level !== b.level) return a.level > b.level;
    if (a.idleSince !== b.idleSince) return a.idleSince < b.idleSince;
    return a.agentId < b.agentId;
  }
}
