import type { AppContext } from '../../context.ts';
import { Acd, type AgentEvent, type AgentState, type Offer } from '../acd/index.ts';
import { updateCallRecord, type AgentRef, type DeviceRegistry } from '../calls/index.ts';

// The agents of one tenant and their ACD: one Acd per tenant (each queue is a skill, so an agent
// with both skills serves both queues with one state), device availability polled from the
// device registry, wrap-up timers, and the after-call-work seconds written to the call record.

export interface DeskHooks {
  /** Offers the ACD made: the inbound service rings the agents. */
  onOffers(offers: Offer[]): void;
  /** The agent left (logout, device gone) while talking: end that call. */
  onCallEnded(callId: string): void;
}

interface AgentEntry {
  ref: AgentRef;
  name: string;
  skills: Record<string, number>;
}

/**
 * An agent who let a call ring out is not ready (agent-state.ts); a desk phone has no button to
 * become ready again, so the desk makes it ready after this long.
 */
const NO_ANSWER_PAUSE_MS = 30_000;

export class AgentDesk {
  readonly acd: Acd;
  private readonly agents = new Map<string, AgentEntry>();
  private readonly wrapUpMs = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private hooks: DeskHooks | undefined;

  constructor(
    private readonly ctx: AppContext,
    readonly tenantId: string,
    private readonly devices: DeviceRegistry,
  ) {
    this.acd = new Acd('longest-idle', {
      onAgentState: (agentId, state) => this.stateChanged(agentId, state),
      onCallEnded: (callId) => this.hooks?.onCallEnded(callId),
      onWrapUpTimer: (agentId, callId) => this.startWrapUp(agentId, callId),
    });
  }

  setHooks(hooks: DeskHooks): void {
    this.hooks = hooks;
  }

  /** Agents with an extension (the ones a device can ring). Safe to call again. */
  async load(): Promise<void> {
    const rows = await this.ctx.db.kysely
      .selectFrom('agents')
      .select(['id', 'name', 'extension', 'skills'])
      .where('tenant_id', '=', this.tenantId)
      .where('extension', 'is not', null)
      .execute();
    const now = this.ctx.clock.now();
    for (const row of rows) {
      const skills: Record<string, number> = {};
      try {
        for (const s of JSON.parse(row.skills) as Array<{ skill: string; level: number }>)
          skills[s.skill] = s.level;
      } catch {
        this.ctx.logger.warn({ agentId: row.id }, 'inbound: agent skills are not JSON');
      }
      this.agents.set(row.id, {
        ref: { tenantId: this.tenantId, agentId: row.id, extension: row.extension },
        name: row.name,
        skills,
      });
      this.acd.addAgent({ agentId: row.id, skills }, now);
    }
  }

  skills(agentId: string): Record<string, number> | undefined {
    return this.agents.get(agentId)?.skills;
  }

  ref(agentId: string): AgentRef | undefined {
    return this.agents.get(agentId)?.ref;
  }

  agentIdByUser(extension: string): string | undefined {
    for (const [id, a] of this.agents) if (a.ref.extension === extension) return id;
    return undefined;
  }

  list(): Array<{ agentId: string; name: string; extension: string | null; state: AgentState }> {
    return [...this.agents].map(([agentId, a]) => ({
      agentId,
      name: a.name,
      extension: a.ref.extension,
      state: this.acd.agentState(agentId)!,
    }));
  }

  /** Device availability → device-registered / -unregistered; a phone that appears logs in. */
  poll(): void {
    const now = this.ctx.clock.now();
    for (const [agentId, a] of this.agents) {
      const state = this.acd.agentState(agentId);
      if (!state) continue;
      const available = this.devices.available(a.ref);
      if (available && !state.deviceRegistered) {
        this.acd.agentEvent(agentId, { type: 'device-registered' }, now);
        if (state.status === 'logged-out') {
          this.acd.agentEvent(agentId, { type: 'login' }, now);
          this.acd.agentEvent(agentId, { type: 'ready' }, now);
        }
      } else if (!available && state.deviceRegistered) {
        this.acd.agentEvent(agentId, { type: 'device-unregistered' }, now);
      }
    }
    this.dispatch();
  }

  event(agentId: string, event: AgentEvent): void {
    this.acd.agentEvent(agentId, event, this.ctx.clock.now());
    this.dispatch();
  }

  dispatch(): void {
    const offers = this.acd.dispatch(this.ctx.clock.now());
    if (offers.length) this.hooks?.onOffers(offers);
  }

  /** The queue's after-call-work time for a call (set when the call is bridged). */
  setWrapUp(callId: string, ms: number): void {
    this.wrapUpMs.set(callId, ms);
  }

  private startWrapUp(agentId: string, callId: string): void {
    const ms = this.wrapUpMs.get(callId) ?? 10_000;
    this.wrapUpMs.delete(callId);
    const state = this.acd.agentState(agentId);
    const since = state?.since ?? this.ctx.clock.now();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const current = this.acd.agentState(agentId);
      if (current?.status === 'wrap-up' && current.callId === callId)
        this.event(agentId, { type: 'wrap-up-timeout' });
    }, ms);
    this.timers.add(timer);
    this.acwStarted.set(agentId, { callId, since });
  }

  private readonly acwStarted = new Map<string, { callId: string; since: number }>();

  private stateChanged(agentId: string, state: AgentState): void {
    if (state.status === 'not-ready' && state.reason === 'no-answer') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const current = this.acd.agentState(agentId);
        if (current?.status === 'not-ready' && current.reason === 'no-answer')
          this.event(agentId, { type: 'ready' });
      }, NO_ANSWER_PAUSE_MS);
      this.timers.add(timer);
    }
    const acw = this.acwStarted.get(agentId);
    if (acw && state.status !== 'wrap-up') {
      this.acwStarted.delete(agentId);
      const seconds = Math.round((state.since - acw.since) / 100) / 10;
      void updateCallRecord(this.ctx, this.tenantId, acw.callId, { acw_seconds: seconds }).catch(
        (error: unknown) => this.ctx.logger.warn({ err: error }, 'inbound: acw not written'),
      );
    }
    this.ctx.bus.emit('agent.state', {
      tenantId: this.tenantId,
      agentId,
      status: state.status,
      reason: state.reason,
      callId: state.callId,
      at: state.since,
    });
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
