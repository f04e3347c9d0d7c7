import type { AgentView } from '../pacing/index.ts';

// The campaign's view of its agents: who is logged in (from an injected directory) and what each
// is doing. A seat is 'ready', 'reserved' (its phone is being rung for an answered callee),
// 'talking' or 'wrap'. Agents who log out keep their seat until their call ends. Where the
// directory knows the agents' desk state (the ACD), a seat is free only while the desk says so,
// and the desk is told when the dialer takes an agent and gives it back: one call at a time.

export interface DialerAgent {
  id: string;
  /** Where to ring the agent: a SIP URI (a registered phone, baresip, a simulated agent). */
  uri: string;
}

/** Who is logged in to the campaign now (asked before every pacing decision). */
export interface AgentDirectory {
  loggedIn(): readonly DialerAgent[];
  /** Whether the agent's desk allows a dialer call now (no other call, not paused); default yes. */
  available?(agentId: string): boolean;
  /** The dialer took the agent (busy) or gave it back (not busy), for the desk's state. */
  claim?(agentId: string, busy: boolean): void;
}

export type SeatActivity = 'ready' | 'reserved' | 'talking' | 'wrap';

export interface Seat {
  agent: DialerAgent;
  activity: SeatActivity;
  since: number;
  loggedIn: boolean;
  /** Not offered calls before this (its phone just failed to answer). */
  restUntil: number;
}

export class AgentSeats {
  private readonly seats = new Map<string, Seat>();

  constructor(private readonly directory: AgentDirectory) {}

  sync(now: number): void {
    const present = new Set<string>();
    for (const agent of this.directory.loggedIn()) {
      present.add(agent.id);
      const seat = this.seats.get(agent.id);
      if (seat) {
        seat.loggedIn = true;
        seat.agent = agent;
      } else {
        this.seats.set(agent.id, {
          agent,
          activity: 'ready',
          since: now,
          loggedIn: true,
          restUntil: 0,
        });
      }
    }
    for (const [id, seat] of this.seats) {
      if (present.has(id)) continue;
      seat.loggedIn = false;
      if (seat.activity === 'ready') this.seats.delete(id);
    }
  }

  /** Logged-in agents as the pacing policy sees them. */
  views(): AgentView[] {
    const out: AgentView[] = [];
    for (const s of this.seats.values()) {
      if (!s.loggedIn) continue;
      // Busy elsewhere or paused on the desk: left out, like a paused agent (no dials for it).
      if (s.activity === 'ready' && !(this.directory.available?.(s.agent.id) ?? true)) continue;
      const activity = s.activity === 'reserved' ? 'talking' : s.activity;
      out.push({ activity, since: s.since });
    }
    return out;
  }

  readyCount(now: number): number {
    let n = 0;
    for (const s of this.seats.values()) if (this.isFree(s, now)) n += 1;
    return n;
  }

  /** The longest-idle free agent, reserved; null when none is free. */
  reserve(now: number): Seat | null {
    let best: Seat | null = null;
    for (const s of this.seats.values()) {
      if (this.isFree(s, now) && (!best || s.since < best.since)) best = s;
    }
    if (best) this.set(best, 'reserved', now);
    return best;
  }

  /** Reserves a named agent (preview mode); null unless logged in and free. */
  reserveAgent(agentId: string, now: number): Seat | null {
    const seat = this.seats.get(agentId);
    if (!seat || !this.isFree(seat, now)) return null;
    this.set(seat, 'reserved', now);
    return seat;
  }

  set(seat: Seat, activity: SeatActivity, now: number): void {
    if (seat.activity === 'ready' && activity !== 'ready')
      this.directory.claim?.(seat.agent.id, true);
    if (seat.activity !== 'ready' && activity === 'ready')
      this.directory.claim?.(seat.agent.id, false);
    seat.activity = activity;
    seat.since = now;
    if (activity === 'ready' && !seat.loggedIn) this.seats.delete(seat.agent.id);
  }

  private isFree(s: Seat, now: number): boolean {
    return (
      s.loggedIn &&
      s.activity === 'ready' &&
      s.restUntil <= now &&
      (this.directory.available?.(s.agent.id) ?? true)
    );
  }
}

/** The desk (ACD) state of agents, as the dialer needs it. */
export interface AgentDeskPort {
  status(agentId: string): { status: string; reason: string | null } | undefined;
  event(agentId: string, event: { type: 'ready' } | { type: 'not-ready'; reason: string }): void;
}

/** The desk reason while the dialer holds an agent (reserved, talking, wrap-up). */
export const DIALER_DESK_REASON = '自动外呼';

/**
 * A directory whose agents follow the desk: offered dialer calls only while 'ready' there (not
 * ringing or talking on an inbound or click-to-dial call, not in wrap-up, not paused), and put
 * not-ready while the dialer holds them, so that the ACD offers them no inbound call meanwhile.
 * Agents the desk does not know keep the directory's answer.
 */
export function deskAware(directory: AgentDirectory, desk: AgentDeskPort): AgentDirectory {
  return {
    loggedIn: () => directory.loggedIn(),
    available(agentId) {
      const state = desk.status(agentId);
      if (state && state.status !== 'ready') return false;
      return directory.available?.(agentId) ?? true;
    },
    claim(agentId, busy) {
      const state = desk.status(agentId);
      if (busy && state?.status === 'ready') {
        desk.event(agentId, { type: 'not-ready', reason: DIALER_DESK_REASON });
      } else if (!busy && state?.status === 'not-ready' && state.reason === DIALER_DESK_REASON) {
        desk.event(agentId, { type: 'ready' });
      }
      directory.claim?.(agentId, busy);
    },
  };
}
