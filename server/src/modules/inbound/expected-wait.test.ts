import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type Db } from '../../db/index.ts';
import { createFieldCipher, EventBus, ManualClock } from '../../platform/index.ts';
import { Acd } from '../acd/index.ts';
import { openCallRecord, updateCallRecord } from '../calls/index.ts';
import { expectedWaitPromptName } from '../ivr/index.ts';
import { ensureTenant } from '../tenants/index.ts';
import { expectedWaitMs, HANDLE_TIME_SAMPLE, recentMeanHandleMs } from './expected-wait.ts';

describe('expected wait estimate', () => {
  it('is position × mean handle time ÷ agents, hand-computed', () => {
    // 3rd in line, 4 min handle time, 2 agents: 3 × 240 s ÷ 2 = 360 s = 6 min.
    expect(expectedWaitMs({ position: 3, meanHandleMs: 240_000, agents: 2 })).toBe(360_000);
    // Next in line, 150 s, 1 agent: 150 s → rounded up to 3 minutes.
    const next = expectedWaitMs({ position: 1, meanHandleMs: 150_000, agents: 1 })!;
    expect(next).toBe(150_000);
    expect(expectedWaitPromptName(next)).toBe('expected-wait-3');
    // 2nd, 90 s, 4 agents: 45 s → less than a minute.
    const short = expectedWaitMs({ position: 2, meanHandleMs: 90_000, agents: 4 })!;
    expect(short).toBe(45_000);
    expect(expectedWaitPromptName(short)).toBe('expected-wait-lt1');
    // 12th, 5 min, 1 agent: 60 min → above the 30-minute ceiling.
    expect(
      expectedWaitPromptName(expectedWaitMs({ position: 12, meanHandleMs: 300_000, agents: 1 })!),
    ).toBe('expected-wait-many');
  });

  it('rounds up to whole minutes at the boundaries', () => {
    expect(expectedWaitPromptName(59_999)).toBe('expected-wait-lt1');
    expect(expectedWaitPromptName(60_000)).toBe('expected-wait-1');
    expect(expectedWaitPromptName(60_001)).toBe('expected-wait-2');
    expect(expectedWaitPromptName(30 * 60_000)).toBe('expected-wait-30');
    expect(expectedWaitPromptName(30 * 60_000 + 1)).toBe('expected-wait-many');
  });

  it('has no estimate without handle-time data or without staffed agents', () => {
    expect(expectedWaitMs({ position: 1, meanHandleMs: null, agents: 3 })).toBeNull();
    expect(expectedWaitMs({ position: 1, meanHandleMs: 120_000, agents: 0 })).toBeNull();
  });

  it('counts logged-in agents with a registered device and the skill, whatever their state', () => {
    const acd = new Acd();
    acd.addAgent({ agentId: 'a', skills: { service: 1 } }, 0);
    acd.addAgent({ agentId: 'b', skills: { service: 5, sales: 1 } }, 0);
    acd.addAgent({ agentId: 'c', skills: { sales: 1 } }, 0);
    acd.addAgent({ agentId: 'd', skills: { service: 1 } }, 0); // never logs in
    for (const id of ['a', 'b', 'c']) {
      acd.agentEvent(id, { type: 'device-registered' }, 1);
      acd.agentEvent(id, { type: 'login' }, 1);
      acd.agentEvent(id, { type: 'ready' }, 1);
    }
    acd.agentEvent('b', { type: 'not-ready', reason: 'break' }, 2);
    expect(acd.staffedAgents('service')).toBe(2);
    expect(acd.staffedAgents('sales')).toBe(2);
    acd.agentEvent('a', { type: 'device-unregistered' }, 3);
    expect(acd.staffedAgents('service')).toBe(1);
  });
});

describe('recent mean handle time from call records', () => {
  let db: Db;
  const ctx = () => ({
    db,
    cipher: createFieldCipher(randomBytes(32)),
    clock: new ManualClock(0),
    bus: new EventBus<Record<string, unknown>>(),
  });
  const T = Date.UTC(2026, 11, 4, 1, 0, 0);

  beforeAll(async () => {
    db = await createTestDb('sqlite');
    await ensureTenant(db, { id: 't1', name: 'T1', timeZone: 'Asia/Shanghai' }, T);
  });
  afterAll(async () => {
    await db.close();
  });

  const served = async (id: string, queue: string, at: number, talkMs: number, acw: number) => {
    await openCallRecord(ctx(), { id, tenantId: 't1', direction: 'inbound', createdAt: at });
    await updateCallRecord(ctx(), 't1', id, {
      queue_id: queue,
      disposition: 'served',
      agent_answer_at: at + 10_000,
      end_at: at + 10_000 + talkMs,
      acw_seconds: acw,
    });
  };

  it('is null with no served call, then talk + after-call work over the latest calls', async () => {
    expect(await recentMeanHandleMs(ctx(), 't1', 'q1')).toBeNull();
    // (100 s + 10 s) and (200 s + 20 s): mean 165 s.
    await served('c1', 'q1', T, 100_000, 10);
    await served('c2', 'q1', T + 1000, 200_000, 20);
    // Another queue and an abandoned call do not count.
    await served('c3', 'q2', T, 900_000, 0);
    await openCallRecord(ctx(), { id: 'c4', tenantId: 't1', direction: 'inbound', createdAt: T });
    await updateCallRecord(ctx(), 't1', 'c4', { queue_id: 'q1', disposition: 'abandoned' });
    expect(await recentMeanHandleMs(ctx(), 't1', 'q1')).toBe(165_000);
  });

  it('keeps only the latest HANDLE_TIME_SAMPLE calls', async () => {
    // 20 newer calls of 60 s push out c1 and c2 (older end times).
    for (let i = 0; i < HANDLE_TIME_SAMPLE; i++)
      await served(`n${i}`, 'q1', T + 3_600_000 + i, 60_000, 0);
    expect(await recentMeanHandleMs(ctx(), 't1', 'q1')).toBe(60_000);
  });
});
