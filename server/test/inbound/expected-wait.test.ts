// Expected-wait announcements on real peers: baresip registers as agent 1001 (logged in, then on a
// break, so the caller waits), the service queue has three served calls of history (talk + after-
// call work 120, 150 and 180 s: mean 150 s), and a sipp caller presses 2 and holds for 17 s. Next
// in line with one staffed agent: 1 × 150 s ÷ 1 = 150 s → "expected wait about 3 minutes" after
// every "you are next". With announceExpectedWait off the same wait has position prompts only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallRecord, updateCallRecord } from '../../src/modules/calls/index.ts';
import { saveQueue } from '../../src/modules/inbound/index.ts';
import { killChildren } from '../sip/harness.ts';
import {
  inboundTestServer,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from './harness.ts';

let t: InboundTestServer;
let agent: Baresip;
const SETTINGS = { announceEveryMs: 5000 };

beforeAll(async () => {
  t = await inboundTestServer('18400-18499', SETTINGS);
  agent = await startBaresipAgent(
    t.server.telephony!.ports.udp!,
    '1001',
    SIP_PASSWORD,
    18500,
    1000,
  );
  const desk = await t.server.inbound!.desk(TENANT);
  const agentId = desk.agentIdByUser('1001')!;
  await until(
    'agent 1001 to be ready',
    () => desk.acd.agentState(agentId)?.status === 'ready',
    30_000,
    agent.log,
  );
  desk.event(agentId, { type: 'not-ready', reason: 'break' });
  const ctx = t.server.ctx;
  const base = ctx.clock.now() - 3_600_000;
  for (const [i, talkS, acwS] of [
    [0, 110, 10],
    [1, 140, 10],
    [2, 170, 10],
  ] as const) {
    const id = `history-${i}`;
    const at = base + i * 600_000;
    await openCallRecord(ctx, { id, tenantId: TENANT, direction: 'inbound', createdAt: at });
    await updateCallRecord(ctx, TENANT, id, {
      queue_id: t.demo.serviceQueueId,
      disposition: 'served',
      agent_answer_at: at + 5000,
      end_at: at + 5000 + talkS * 1000,
      acw_seconds: acwS,
    });
  }
}, 90_000);

afterAll(async () => {
  killChildren();
  await t?.close();
});

const waitAndHangUp = async (): Promise<string[]> => {
  const before = t.events.length;
  const r = await t.call('uac-4000-press-2-wait-hang-up-expect-200.xml', 60_000);
  expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  const mine = t.events.slice(before);
  const callId = String(mine.find((e) => e.name === 'inbound.ivr')?.payload.callId);
  await until('the call record to be final', () =>
    t.events.some((e) => e.name === 'inbound.ended' && e.payload.callId === callId),
  );
  const record = await t.server.ctx.db.kysely
    .selectFrom('call_records')
    .select(['disposition', 'agent_id'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();
  expect(record).toEqual({ disposition: 'abandoned', agent_id: null });
  return t.events
    .filter((e) => e.name === 'inbound.prompt' && e.payload.callId === callId)
    .map((e) => {
      if (String(e.payload.prompt).startsWith('expected-wait'))
        expect(e.payload).toMatchObject({
          expectedWaitMs: 150_000,
          position: 1,
          meanHandleMs: 150_000,
          agents: 1,
        });
      return String(e.payload.prompt);
    });
};

describe('expected-wait announcements', () => {
  it('follows "you are next" with "expected wait about 3 minutes"', async () => {
    const prompts = await waitAndHangUp();
    expect(prompts[0]).toBe('hold');
    const rest = prompts.slice(1);
    // At least one full announcement in 17 s; the caller may hang up between the two prompts.
    expect(rest.slice(0, 2)).toEqual(['queue-position-next', 'expected-wait-3']);
    for (let i = 0; i < rest.length; i++)
      expect(rest[i]).toBe(i % 2 === 0 ? 'queue-position-next' : 'expected-wait-3');
  }, 90_000);

  it('announces the position only when announceExpectedWait is off', async () => {
    const ctx = t.server.ctx;
    await saveQueue(ctx, {
      id: t.demo.serviceQueueId,
      tenantId: TENANT,
      name: '售后服务',
      skill: 'service',
      settings: { ...SETTINGS, announceExpectedWait: false },
    });
    const prompts = await waitAndHangUp();
    expect(prompts[0]).toBe('hold');
    expect(prompts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(prompts.slice(1))).toEqual(new Set(['queue-position-next']));
  }, 90_000);
});
