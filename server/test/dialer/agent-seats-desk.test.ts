import { describe, expect, it } from 'vitest';
import { Acd } from '../../src/modules/acd/index.ts';
import { AgentSeats, DIALER_DESK_REASON, deskAware } from '../../src/modules/dialer/index.ts';

// The dialer's seats follow the real ACD state machine: an agent ringing or talking on an inbound
// call, in wrap-up or paused is never offered a dialer call, and an agent the dialer holds is
// offered no inbound call until the dialer gives it back.

function setup(): { acd: Acd; seats: AgentSeats; now: () => number; tick: () => void } {
  let t = 1_000_000;
  const acd = new Acd('longest-idle');
  for (const id of ['a1', 'a2']) {
    acd.addAgent({ agentId: id, skills: {} }, t);
    acd.agentEvent(id, { type: 'device-registered' }, t);
    acd.agentEvent(id, { type: 'login' }, t);
    acd.agentEvent(id, { type: 'ready' }, t);
  }
  const directory = deskAware(
    {
      loggedIn: () => [
        { id: 'a1', uri: 'sip:a1@127.0.0.1' },
        { id: 'a2', uri: 'sip:a2@127.0.0.1' },
      ],
    },
    {
      status: (id) => acd.agentState(id),
      event: (id, event) => acd.agentEvent(id, event, t),
    },
  );
  const seats = new AgentSeats(directory);
  seats.sync(t);
  return { acd, seats, now: () => t, tick: () => void (t += 1000) };
}

describe('dialer seats follow the ACD agent state', () => {
  it('an agent on an inbound call (ringing, talking, wrap-up) is not offered a dialer call', () => {
    const { acd, seats, now, tick } = setup();
    expect(seats.readyCount(now())).toBe(2);
    acd.enqueue({ callId: 'in1' }, now());
    const [offer] = acd.dispatch(now());
    const busy = offer!.agentId;
    const other = busy === 'a1' ? 'a2' : 'a1';
    expect(acd.agentState(busy)?.status).toBe('ringing');
    expect(seats.readyCount(now())).toBe(1);
    expect(seats.views()).toHaveLength(1);
    expect(seats.reserveAgent(busy, now())).toBeNull();
    tick();
    acd.agentEvent(busy, { type: 'answer', callId: 'in1' }, now());
    expect(seats.reserveAgent(busy, now())).toBeNull();
    acd.agentEvent(busy, { type: 'hangup', callId: 'in1' }, now());
    expect(acd.agentState(busy)?.status).toBe('wrap-up');
    expect(seats.reserveAgent(busy, now())).toBeNull();
    // The only seat the dialer can take is the other agent's.
    const seat = seats.reserve(now());
    expect(seat?.agent.id).toBe(other);
    expect(seats.reserve(now())).toBeNull();
    acd.agentEvent(busy, { type: 'wrap-up-done' }, now());
    expect(seats.reserve(now())?.agent.id).toBe(busy);
  });

  it('a paused agent or one on a click-to-dial call (not-ready) is not offered a dialer call', () => {
    const { acd, seats, now } = setup();
    acd.agentEvent('a1', { type: 'not-ready', reason: '外呼' }, now());
    acd.agentEvent('a2', { type: 'not-ready', reason: 'lunch' }, now());
    expect(seats.readyCount(now())).toBe(0);
    expect(seats.reserve(now())).toBeNull();
    acd.agentEvent('a2', { type: 'ready' }, now());
    expect(seats.reserve(now())?.agent.id).toBe('a2');
  });

  it('an agent the dialer holds gets no inbound call until released, then gets it', () => {
    const { acd, seats, now, tick } = setup();
    const seat = seats.reserveAgent('a1', now())!;
    expect(acd.agentState('a1')).toMatchObject({
      status: 'not-ready',
      reason: DIALER_DESK_REASON,
    });
    seats.set(seat, 'talking', now());
    acd.enqueue({ callId: 'in1' }, now());
    expect(acd.dispatch(now())).toEqual([{ callId: 'in1', agentId: 'a2' }]);
    acd.enqueue({ callId: 'in2' }, now());
    expect(acd.dispatch(now())).toEqual([]);
    tick();
    seats.set(seat, 'wrap', now());
    expect(acd.dispatch(now())).toEqual([]);
    seats.set(seat, 'ready', now());
    expect(acd.agentState('a1')?.status).toBe('ready');
    expect(acd.dispatch(now())).toEqual([{ callId: 'in2', agentId: 'a1' }]);
  });

  it('releasing a seat does not make ready an agent the desk paused meanwhile', () => {
    const { acd, seats, now } = setup();
    const seat = seats.reserveAgent('a1', now())!;
    // The agent pauses on the desk during the dialer call (not-ready with the agent's reason).
    acd.agentEvent('a1', { type: 'not-ready', reason: 'break' }, now());
    seats.set(seat, 'ready', now());
    expect(acd.agentState('a1')).toMatchObject({ status: 'not-ready', reason: 'break' });
    expect(seats.readyCount(now())).toBe(1);
  });
});
