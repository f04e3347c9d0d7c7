import type { AgentView } from '../pacing/index.ts';

// The campaign's view of its agents: who is logged in (from an injected directory) and what each
// is doing. A seat is 'ready', 'reserved' (its phone is being rung for an answered callee),
// 'talking' or 'wrap'. Agents who log out keep their seat until their call ends.

export interface DialerAgent {
  id: string;
  /** Where to ring the agent: a SIP URI (a registered phone, baresip, a simulated agent). */
  uri: string;
}

/** Who is logged in to the campaign now (asked before every pacing decision). */
export interface AgentDirectory {
  loggedIn(): readonly DialerAgent[];
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

  sync(directory: AgentDirectory, now: number): void {
    const present = new Set<string>();
    for (const agent of directory.loggedIn()) {
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
    seat.activity = activity;
    seat.since = now;
    if (activity === 'ready' && !seat.loggedIn) this.seats.delete(seat.agent.id);
  }

  private isFree(s: Seat, now: number): boolean {
    return s.loggedIn && s.activity === 'ready' && s.restUntil <= now;
  }
}
