// What a pacing policy sees and decides. A policy is pure and deterministic: it learns only from
// the events it is given and decides only from the snapshot (which carries the time), so the
// live dialer, the discrete-event simulator and the tests drive the very same code.

export type AgentActivity = 'ready' | 'talking' | 'wrap';

export interface AgentView {
  activity: AgentActivity;
  /** When the agent entered this activity (UTC epoch ms). */
  since: number;
}

export interface PacingSnapshot {
  now: number;
  /** Logged-in agents of the campaign; paused agents are left out. */
  agents: readonly AgentView[];
  /** Dial instants of the calls still ringing (not answered, not failed). */
  ringing: readonly number[];
  /** Answered calls waiting for an agent (they are abandoned after the connect limit). */
  waiting: number;
}

export type PacingMode = 'stopped' | 'progressive' | 'predictive';

export interface PacingDecision {
  /** New calls to place now. */
  dial: number;
  mode: PacingMode;
  /** Short human-readable why, for logs and the supervisor view. */
  reason: string;
}

export type PacingEvent =
  /** A dial attempt ended ringing: answered by the callee, or not (busy, no answer, failed). */
  | { kind: 'attempt'; at: number; answered: boolean; ringMs: number }
  /** An answered call reached an agent after waiting waitMs. */
  | { kind: 'connected'; at: number; waitMs: number }
  /** An answered call found no agent within the connect limit (it gets the company message). */
  | { kind: 'abandoned'; at: number }
  | { kind: 'talk'; at: number; ms: number }
  | { kind: 'wrap'; at: number; ms: number };

export interface PacingPolicy {
  readonly name: string;
  observe(event: PacingEvent): void;
  decide(snapshot: PacingSnapshot): PacingDecision;
}

export interface AbandonTally {
  answered: number;
  abandoned: number;
}
