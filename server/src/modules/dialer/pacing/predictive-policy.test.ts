import { describe, expect, it } from 'vitest';
import { expectedAbandons } from './abandon-forecast.ts';
import { BaselinePolicy } from './baseline-policy.ts';
import { ManualClock } from '../../../platform/index.ts';
import { CampaignPacer, ringTimeoutMs } from './pacer.ts';
import type { AgentView, PacingPolicy, PacingSnapshot } from './pacing.types.ts';
import { PredictivePolicy } from './predictive-policy.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

/** Feeds a policy a history: 40 % answered after 8 s, talks of 300 s, wrap-ups of 10 s. */
function trained(policy: PredictivePolicy, at = T0): PredictivePolicy {
  for (let i = 0; i < 200; i++) {
    const answered = i % 5 < 2;
    policy.observe({ kind: 'attempt', at, answered, ringMs: answered ? 8000 : 20_000 });
  }
  for (let i = 0; i < 50; i++) {
    policy.observe({ kind: 'talk', at, ms: 300_000 });
    policy.observe({ kind: 'wrap', at, ms: 10_000 });
  }
  return policy;
}

const agents = (n: number, view: AgentView): AgentView[] => Array.from({ length: n }, () => view);

describe('PredictivePolicy', () => {
  it('stops dialing when no agent is logged in', () => {
    const policy = trained(new PredictivePolicy());
    const d = policy.decide({ now: T0, agents: [], ringing: [], waiting: 0 });
    expect(d).toMatchObject({ dial: 0, mode: 'stopped' });
  });

  it('dials progressive (ready agents minus calls in flight) while estimates are immature', () => {
    const policy = new PredictivePolicy();
    const d = policy.decide({
      now: T0,
      agents: agents(5, { activity: 'ready', since: T0 }),
      ringing: [T0 - 1000, T0 - 2000],
      waiting: 0,
    });
    expect(d).toMatchObject({ dial: 3, mode: 'progressive' });
  });

  it('dials ahead of agents about to finish, but not for agents who just started talking', () => {
    const policy = trained(new PredictivePolicy());
    const fresh: PacingSnapshot = {
      now: T0,
      agents: agents(10, { activity: 'talking', since: T0 - 1000 }),
      ringing: [],
      waiting: 0,
    };
    expect(policy.decide(fresh).dial).toBe(0);
    // Every wrap-up lasted 10 s: these ten agents are free in 5 s, before a new dial answers (8 s).
    const ending: PacingSnapshot = {
      ...fresh,
      agents: agents(10, { activity: 'wrap', since: T0 - 5000 }),
    };
    const d = policy.decide(ending);
    expect(d.mode).toBe('predictive');
    expect(d.dial).toBeGreaterThan(10);
    // Never more lines than 3 per logged-in agent.
    expect(d.dial).toBeLessThanOrEqual(30);
  });

  it('is deterministic: the same history and snapshot give the same decision', () => {
    const snapshot: PacingSnapshot = {
      now: T0,
      agents: [
        ...agents(4, { activity: 'talking', since: T0 - 290_000 }),
        { activity: 'wrap', since: T0 - 5000 },
        { activity: 'ready', since: T0 - 1000 },
      ],
      ringing: [T0 - 3000, T0 - 9000],
      waiting: 0,
    };
    expect(trained(new PredictivePolicy()).decide(snapshot)).toEqual(
      trained(new PredictivePolicy()).decide(snapshot),
    );
  });

  it('tightens the target rate as the abandon budget is consumed, down to the floor', () => {
    const policy = trained(new PredictivePolicy({ abandonCap: 0.03, windowLookahead: 1 }));
    // The training history holds 80 answered calls and no abandon: the full (over-cap) share.
    expect(policy.targetRate(T0)).toBeCloseTo(0.06, 6);
    for (let i = 0; i < 2; i++) policy.observe({ kind: 'abandoned', at: T0 });
    const partly = policy.targetRate(T0);
    expect(partly).toBeLessThan(0.06);
    for (let i = 0; i < 10; i++) policy.observe({ kind: 'abandoned', at: T0 });
    expect(policy.targetRate(T0)).toBeCloseTo(0.03 * 0.03, 6);
    const snapshot: PacingSnapshot = {
      now: T0,
      agents: agents(10, { activity: 'wrap', since: T0 - 5000 }),
      ringing: [],
      waiting: 0,
    };
    const fresh = trained(new PredictivePolicy());
    expect(policy.decide(snapshot).dial).toBeLessThan(fresh.decide(snapshot).dial);
  });

  it('forgets the day budget at local midnight (Asia/Shanghai)', () => {
    const policy = trained(new PredictivePolicy({ windowMs: 60_000 }));
    for (let i = 0; i < 12; i++) policy.observe({ kind: 'abandoned', at: T0 });
    expect(policy.budgetUsed(T0)).toBeGreaterThan(1);
    // T0 is 10:00 in Shanghai; 14 h later is the next local day and the window has passed.
    // 100 answered calls then: the window counts the next two abandons, 2 ÷ (3 % × 100 + 1).
    const next = T0 + 14 * 3_600_000;
    for (let i = 0; i < 100; i++)
      policy.observe({ kind: 'attempt', at: next, answered: true, ringMs: 8000 });
    expect(policy.budgetUsed(next)).toBeCloseTo(0.5, 9);
  });

  it('spends the window budget once one more abandon would put the rolling hour over the cap', () => {
    const policy = new PredictivePolicy({ abandonCap: 0.03 });
    for (let i = 0; i < 110; i++)
      policy.observe({ kind: 'attempt', at: T0 - i * 30_000, answered: true, ringMs: 8000 });
    // 2 abandons in 110 answers: a third still fits (3 ≤ 3.3), a fourth would not.
    for (let i = 0; i < 2; i++) policy.observe({ kind: 'abandoned', at: T0 - 1000 });
    expect(policy.budgetUsed(T0)).toBeLessThan(1);
    policy.observe({ kind: 'abandoned', at: T0 - 500 });
    expect(policy.budgetUsed(T0)).toBeGreaterThan(1);
    expect(policy.targetRate(T0)).toBeCloseTo(0.03 * 0.03, 9);
  });
});

describe('expectedAbandons', () => {
  it('counts every arrival when no agent is or becomes free', () => {
    const e = expectedAbandons({ freeNow: 0, frees: [0, 0], arrivals: [1, 2], perDial: [0, 0] }, 0);
    expect(e).toBeCloseTo(3, 6);
  });

  it('is near zero with many free agents, and grows with each new dial', () => {
    const bins = {
      freeNow: 20,
      frees: [0, 0, 0],
      arrivals: [0.5, 0.5, 0.5],
      perDial: [0.1, 0.2, 0.1],
    };
    expect(expectedAbandons(bins, 0)).toBeLessThan(1e-6);
    const tight = { ...bins, freeNow: 1 };
    expect(expectedAbandons(tight, 5)).toBeGreaterThan(expectedAbandons(tight, 1));
  });
});

describe('BaselinePolicy (classic adaptive)', () => {
  const ready = (n: number, busy: number): AgentView[] => [
    ...agents(n, { activity: 'ready', since: T0 }),
    ...agents(busy, { activity: 'talking', since: T0 }),
  ];

  it('multiplies the level by 1 + (ready − waiting) ÷ agents every 15 s, clamped to 3', () => {
    const policy = new BaselinePolicy();
    policy.decide({ now: T0, agents: ready(5, 5), ringing: [], waiting: 0 });
    expect(policy.dialLevel).toBe(1);
    policy.decide({ now: T0 + 15_000, agents: ready(5, 5), ringing: [], waiting: 0 });
    expect(policy.dialLevel).toBeCloseTo(1.5, 9);
    policy.decide({ now: T0 + 30_000, agents: ready(5, 5), ringing: [], waiting: 0 });
    expect(policy.dialLevel).toBeCloseTo(2.25, 9);
    const d = policy.decide({ now: T0 + 45_000, agents: ready(5, 5), ringing: [T0], waiting: 0 });
    expect(policy.dialLevel).toBe(3);
    expect(d.dial).toBe(3 * 5 - 1);
  });

  it('halves the level when the drop rate is over the limit', () => {
    const policy = new BaselinePolicy();
    for (const t of [0, 15_000, 30_000]) {
      policy.decide({ now: T0 + t, agents: ready(10, 0), ringing: [], waiting: 0 });
    }
    expect(policy.dialLevel).toBe(3);
    for (let i = 0; i < 10; i++) {
      policy.observe({ kind: 'attempt', at: T0 + 31_000, answered: true, ringMs: 8000 });
    }
    policy.observe({ kind: 'abandoned', at: T0 + 31_000 });
    policy.decide({ now: T0 + 45_000, agents: ready(10, 0), ringing: [], waiting: 0 });
    expect(policy.dialLevel).toBe(1.5);
  });

  it('stops dialing when no agent is logged in', () => {
    expect(
      new BaselinePolicy().decide({ now: T0, agents: [], ringing: [], waiting: 0 }),
    ).toMatchObject({ dial: 0, mode: 'stopped' });
  });
});

describe('CampaignPacer', () => {
  it('stamps events and snapshots with the injected clock', () => {
    const clock = new ManualClock(T0);
    const seen: number[] = [];
    const policy = new PredictivePolicy();
    const spy: PacingPolicy = {
      name: 'spy',
      observe: (e) => {
        seen.push(e.at);
        policy.observe(e);
      },
      decide: (s) => {
        seen.push(s.now);
        return policy.decide(s);
      },
    };
    const pacer = new CampaignPacer(spy, clock);
    pacer.observe({ kind: 'attempt', answered: false, ringMs: 20_000 });
    clock.advance(5000);
    const d = pacer.decide({
      agents: agents(2, { activity: 'ready', since: T0 }),
      ringing: [],
      waiting: 0,
    });
    expect(seen).toEqual([T0, T0 + 5000]);
    expect(d).toMatchObject({ dial: 2, mode: 'progressive' });
    expect(ringTimeoutMs(10_000)).toBe(15_000);
    expect(ringTimeoutMs(30_000)).toBe(30_000);
  });
});
