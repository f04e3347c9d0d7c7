import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Acd, transition, initialAgentState, type AgentEvent, type AgentState } from './index.ts';

const AGENTS = ['a1', 'a2', 'a3'];
const CALLS = ['c1', 'c2', 'c3', 'c4', 'c5'];

type Step =
  | { kind: 'enqueue'; call: string; priority: number }
  | { kind: 'dispatch' }
  | { kind: 'caller-hangup'; call: string }
  | { kind: 'agent'; agent: string; event: AgentEvent }
  | { kind: 'agent-current'; agent: string; type: 'answer' | 'ring-timeout' | 'reject' | 'hangup' };

const agentEvent: fc.Arbitrary<AgentEvent> = fc.oneof(
  fc.constantFrom<AgentEvent>(
    { type: 'login' },
    { type: 'logout' },
    { type: 'ready' },
    { type: 'wrap-up-done' },
    { type: 'wrap-up-timeout' },
    { type: 'device-registered' },
    { type: 'device-unregistered' },
  ),
  fc
    .constantFrom('break', 'lunch', 'training')
    .map((reason): AgentEvent => ({ type: 'not-ready', reason })),
  fc
    .tuple(
      fc.constantFrom('answer', 'ring-timeout', 'reject', 'hangup', 'offer'),
      fc.constantFrom(...CALLS),
    )
    .map(([type, callId]) => ({ type, callId })),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('enqueue' as const),
    call: fc.constantFrom(...CALLS),
    priority: fc.integer({ min: 0, max: 2 }),
  }),
  fc.constant({ kind: 'dispatch' as const }),
  fc.record({ kind: fc.constant('caller-hangup' as const), call: fc.constantFrom(...CALLS) }),
  fc.record({
    kind: fc.constant('agent' as const),
    agent: fc.constantFrom(...AGENTS),
    event: agentEvent,
  }),
  fc.record({
    kind: fc.constant('agent-current' as const),
    agent: fc.constantFrom(...AGENTS),
    type: fc.constantFrom(
      'answer' as const,
      'ring-timeout' as const,
      'reject' as const,
      'hangup' as const,
    ),
  }),
);

function run(acd: Acd, steps: Step[]): void {
  let now = 0;
  const live = new Set<string>();
  for (const s of steps) {
    now += 1000;
    switch (s.kind) {
      case 'enqueue':
        if (live.has(s.call)) break; // a call id is queued once at a time, as on a real switch
        live.add(s.call);
        acd.enqueue({ callId: s.call, priority: s.priority }, now);
        break;
      case 'dispatch':
        acd.dispatch(now);
        break;
      case 'caller-hangup':
        live.delete(s.call);
        acd.callerHangup(s.call, now);
        break;
      case 'agent':
        if (s.event.type === 'offer') break; // offers come only from dispatch
        acd.agentEvent(s.agent, s.event, now);
        break;
      case 'agent-current': {
        const callId = acd.agentState(s.agent)?.callId;
        if (!callId) break;
        if (s.type === 'hangup') {
          live.delete(callId);
          acd.callerHangup(callId, now);
        } else acd.agentEvent(s.agent, { type: s.type, callId }, now);
        break;
      }
    }
    const problems = acd.invariantViolations();
    if (problems.length > 0) throw new Error(`after ${JSON.stringify(s)}: ${problems.join('; ')}`);
  }
}

/** From any state, an agent reaches ready with events it can always send. */
function canReachReady(state: AgentState): boolean {
  let current = state;
  const recovery: AgentEvent[] = [
    ...(current.callId ? [{ type: 'hangup', callId: current.callId } as AgentEvent] : []),
    { type: 'wrap-up-done' },
    { type: 'device-registered' },
    { type: 'login' },
    { type: 'ready' },
  ];
  for (const event of recovery) current = transition(current, event, 0).state;
  return current.status === 'ready';
}

describe('ACD state machine (property tests)', () => {
  it('keeps every invariant over 10,000 random event sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const acd = new Acd('longest-idle');
        for (const id of AGENTS) acd.addAgent({ agentId: id, skills: {} }, 0);
        run(acd, steps);
        for (const id of AGENTS) expect(canReachReady(acd.agentState(id)!)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('serves calls in priority order, FIFO within a priority, exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        (priorities) => {
          const acd = new Acd();
          acd.addAgent({ agentId: 'a', skills: {} }, 0);
          acd.agentEvent('a', { type: 'device-registered' }, 0);
          acd.agentEvent('a', { type: 'login' }, 0);
          priorities.forEach((priority, i) => acd.enqueue({ callId: `c${i}`, priority }, i));
          const served: number[] = [];
          for (let t = 100; served.length < priorities.length; t++) {
            acd.agentEvent('a', { type: 'ready' }, t);
            const [offer] = acd.dispatch(t);
            if (!offer) throw new Error('nothing offered to a ready agent with calls waiting');
            served.push(Number(offer.callId.slice(1)));
            acd.agentEvent('a', { type: 'answer', callId: offer.callId }, t);
            acd.callerHangup(offer.callId, t);
            acd.agentEvent('a', { type: 'wrap-up-done' }, t);
          }
          const expected = priorities
            .map((p, i) => ({ p, i }))
            .sort((x, y) => y.p - x.p || x.i - y.i)
            .map((x) => x.i);
          expect(served).toEqual(expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('ACD routing', () => {
  const ready = (acd: Acd, id: string, at: number) => {
    acd.agentEvent(id, { type: 'device-registered' }, at);
    acd.agentEvent(id, { type: 'login' }, at);
    acd.agentEvent(id, { type: 'ready' }, at);
  };

  it('offers to the longest-idle agent', () => {
    const acd = new Acd('longest-idle');
    acd.addAgent({ agentId: 'late', skills: {} }, 0);
    acd.addAgent({ agentId: 'early', skills: {} }, 0);
    ready(acd, 'late', 20);
    ready(acd, 'early', 10);
    acd.enqueue({ callId: 'c' }, 30);
    expect(acd.dispatch(30)).toEqual([{ callId: 'c', agentId: 'early' }]);
  });

  it('routes by skill level, skipping agents below the minimum', () => {
    const acd = new Acd('skills-based');
    acd.addAgent({ agentId: 'novice', skills: { loans: 1 } }, 0);
    acd.addAgent({ agentId: 'expert', skills: { loans: 5 } }, 0);
    acd.addAgent({ agentId: 'none', skills: {} }, 0);
    ready(acd, 'none', 1);
    ready(acd, 'novice', 2);
    ready(acd, 'expert', 3);
    acd.enqueue({ callId: 'c', requires: { skill: 'loans', minLevel: 2 } }, 4);
    expect(acd.dispatch(4)).toEqual([{ callId: 'c', agentId: 'expert' }]);
  });

  it('puts a call that rang out back at the front, and the agent becomes not ready', () => {
    const acd = new Acd();
    acd.addAgent({ agentId: 'a', skills: {} }, 0);
    ready(acd, 'a', 0);
    acd.enqueue({ callId: 'first' }, 1);
    acd.dispatch(2);
    acd.enqueue({ callId: 'second' }, 3);
    acd.agentEvent('a', { type: 'ring-timeout', callId: 'first' }, 17);
    expect(acd.queue.list().map((c) => c.callId)).toEqual(['first', 'second']);
    expect(acd.queue.list()[0]!.enqueuedAt).toBe(1);
    expect(acd.agentState('a')).toMatchObject({ status: 'not-ready', reason: 'no-answer' });
  });

  it('re-queues the call when the agent logs out while ringing', () => {
    const acd = new Acd();
    acd.addAgent({ agentId: 'a', skills: {} }, 0);
    ready(acd, 'a', 0);
    acd.enqueue({ callId: 'c' }, 1);
    acd.dispatch(1);
    acd.agentEvent('a', { type: 'logout' }, 2);
    expect(acd.queue.position('c')).toBe(1);
    expect(acd.agentState('a')?.status).toBe('logged-out');
  });

  it('refuses ready without a registered device', () => {
    const state = transition(
      transition(initialAgentState(0), { type: 'login' }, 0).state,
      { type: 'ready' },
      0,
    ).state;
    expect(state.status).toBe('not-ready');
  });
});
