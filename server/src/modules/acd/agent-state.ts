// The agent state machine (issue 4): logged-out / ready / not-ready (reason) / ringing / on-call /
// wrap-up. It is a pure function of (state, event) so that property tests can drive it with any
// sequence of events; every event is legal in every state (an event that does not apply leaves
// the state unchanged), which is what makes "never stuck" provable.

export type AgentStatus = 'logged-out' | 'ready' | 'not-ready' | 'ringing' | 'on-call' | 'wrap-up';

export interface AgentState {
  status: AgentStatus;
  /** The call offered to or handled by the agent; set exactly in ringing, on-call and wrap-up. */
  callId: string | null;
  reason: string | null;
  /** When the current status began (feeds time-in-state and occupancy). */
  since: number;
  /** When the agent last became ready: longest-idle routing orders by it. */
  idleSince: number | null;
  deviceRegistered: boolean;
}

export type AgentEvent =
  | { type: 'login' }
  | { type: 'logout' }
  | { type: 'ready' }
  | { type: 'not-ready'; reason: string }
  | { type: 'offer'; callId: string }
  | { type: 'answer'; callId: string }
  | { type: 'ring-timeout'; callId: string }
  | { type: 'reject'; callId: string }
  | { type: 'hangup'; callId: string }
  | { type: 'wrap-up-done' }
  | { type: 'wrap-up-timeout' }
  | { type: 'device-registered' }
  | { type: 'device-unregistered' };

/** What the ACD must do because of a transition. */
export type AgentEffect =
  | { type: 'requeue-front'; callId: string }
  | { type: 'start-wrap-up-timer'; callId: string }
  | { type: 'end-call'; callId: string };

export interface Transition {
  state: AgentState;
  effects: AgentEffect[];
}

export const initialAgentState = (now: number): AgentState => ({
  status: 'logged-out',
  callId: null,
  reason: null,
  since: now,
  idleSince: null,
  deviceRegistered: false,
});

const to = (
  state: AgentState,
  status: AgentStatus,
  now: number,
  patch: Partial<AgentState> = {},
): AgentState => ({
  ...state,
  status,
  since: now,
  callId: null,
  reason: null,
  idleSince: status === 'ready' ? now : null,
  ...patch,
});

const same = (state: AgentState): Transition => ({ state, effects: [] });

/** Ringing or talking ends when the agent leaves: the call goes back to the queue or ends. */
function releaseCall(state: AgentState): AgentEffect[] {
  if (!state.callId) return [];
  if (state.status === 'ringing') return [{ type: 'requeue-front', callId: state.callId }];
  if (state.status === 'on-call') return [{ type: 'end-call', callId: state.callId }];
  return [];
}

export function transition(state: AgentState, event: AgentEvent, now: number): Transition {
  switch (event.type) {
    case 'login':
      return state.status === 'logged-out'
        ? { state: to(state, 'not-ready', now, { reason: 'login' }), effects: [] }
        : same(state);
    case 'logout':
      if (state.status === 'logged-out') return same(state);
      return { state: to(state, 'logged-out', now), effects: releaseCall(state) };
    case 'ready':
      if (state.status !== 'not-ready' && state.status !== 'wrap-up') return same(state);
      if (!state.deviceRegistered) return same(state);
      return { state: to(state, 'ready', now), effects: [] };
    case 'not-ready':
      if (state.status === 'ready' || state.status === 'wrap-up') {
        return { state: to(state, 'not-ready', now, { reason: event.reason }), effects: [] };
      }
      if (state.status === 'not-ready')
        return { state: { ...state, reason: event.reason }, effects: [] };
      return same(state);
    case 'offer':
      if (state.status !== 'ready' || !state.deviceRegistered) return same(state);
      return { state: to(state, 'ringing', now, { callId: event.callId }), effects: [] };
    case 'answer':
      if (state.status !== 'ringing' || state.callId !== event.callId) return same(state);
      return { state: to(state, 'on-call', now, { callId: event.callId }), effects: [] };
    case 'ring-timeout':
    case 'reject':
      if (state.status !== 'ringing' || state.callId !== event.callId) return same(state);
      // An agent who lets a call ring out is not ready for the next one.
      return {
        state: to(state, 'not-ready', now, {
          reason: event.type === 'reject' ? 'rejected' : 'no-answer',
        }),
        effects: [{ type: 'requeue-front', callId: event.callId }],
      };
    case 'hangup':
      if (state.callId !== event.callId) return same(state);
      if (state.status === 'ringing') {
        // The caller left while the agent's phone rang: the agent is free again at once.
        return { state: to(state, 'ready', now), effects: [] };
      }
      if (state.status === 'on-call') {
        return {
          state: to(state, 'wrap-up', now, { callId: event.callId }),
          effects: [{ type: 'start-wrap-up-timer', callId: event.callId }],
        };
      }
      return same(state);
    case 'wrap-up-done':
    case 'wrap-up-timeout':
      if (state.status !== 'wrap-up') return same(state);
      return state.deviceRegistered
        ? { state: to(state, 'ready', now), effects: [] }
        : { state: to(state, 'not-ready', now, { reason: 'device-offline' }), effects: [] };
    case 'device-registered':
      return { state: { ...state, deviceRegistered: true }, effects: [] };
    case 'device-unregistered': {
      const offline = { ...state, deviceRegistered: false };
      if (state.status === 'ready')
        return { state: to(offline, 'not-ready', now, { reason: 'device-offline' }), effects: [] };
      if (state.status === 'ringing' || state.status === 'on-call') {
        return {
          state: to(offline, 'not-ready', now, { reason: 'device-offline' }),
          effects: releaseCall(state),
        };
      }
      return { state: offline, effects: [] };
    }
  }
}

/** Invariants checked by the property tests (and cheap enough to assert in production). */
export function agentInvariantViolations(state: AgentState): string[] {
  const problems: string[] = [];
  const hasCall =
    state.status === 'ringing' || state.status === 'on-call' || state.status === 'wrap-up';
  if (hasCall !== (state.callId !== null))
    problems.push(`callId ${state.callId ?? 'null'} in ${state.status}`);
  if ((state.status === 'ready') !== (state.idleSince !== null))
    problems.push(`idleSince in ${state.status}`);
  if ((state.status === 'ready' || state.status === 'ringing') && !state.deviceRegistered) {
    problems.push(`${state.status} without a registered device`);
  }
  return problems;
}
