// Callback keeping the caller's place (virtual hold) on real peers. baresip is agent 1001, on a
// break while callers queue. (1) No outbound trunk: caller A presses 2 then * and is hung up; when
// the agent is ready the virtual entry is offered and left open for an agent, note saying why.
// (2) With the trunk (a sipp UAS on loopback): caller C presses *, caller B arrives later and
// holds; the agent becomes ready; the callback is offered FIRST (FIFO): baresip rings and
// answers, Yunhu dials C's number through the trunk, bridges, the UAS talks 10 s and hangs up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsDb } from '../../src/modules/calls/index.ts';
import { saveOutboundSettings } from '../../src/modules/click-dial/index.ts';
import type { AgentDesk } from '../../src/modules/inbound/index.ts';
import { freePort, killChildren } from '../sip/harness.ts';
import { sippCallee } from '../web/callee.ts';
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
let desk: AgentDesk;
let agentId = '';

beforeAll(async () => {
  t = await inboundTestServer('18600-18699', {
    announceEveryMs: 60_000,
    ringTimeoutMs: 10_000,
    wrapUpMs: 1000,
    record: false,
  });
  agent = await startBaresipAgent(
    t.server.telephony!.ports.udp!,
    '1001',
    SIP_PASSWORD,
    18700,
    1000,
  );
  desk = await t.server.inbound!.desk(TENANT);
  agentId = desk.agentIdByUser('1001')!;
  await until(
    'agent 1001 to be ready',
    () => desk.acd.agentState(agentId)?.status === 'ready',
    30_000,
    agent.log,
  );
  desk.event(agentId, { type: 'not-ready', reason: 'break' });
}, 90_000);

afterAll(async () => {
  killChildren();
  await t?.close();
});

const callIdsOf = (from: number) =>
  t.events
    .slice(from)
    .filter((e) => e.name === 'inbound.ivr')
    .map((e) => String(e.payload.callId));
const taskOf = (callId: string) =>
  callsDb(t.server.ctx.db)
    .selectFrom('callback_tasks')
    .selectAll()
    .where('call_id', '=', callId)
    .executeTakeFirstOrThrow();

/** A caller presses 2 then *: Yunhu confirms and hangs up, the task keeps its place. */
const pressStar = async (): Promise<string> => {
  const from = t.events.length;
  const r = await t.call('uac-4000-press-2-then-star-expect-bye.xml', 60_000);
  expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
  const callId = callIdsOf(from)[0]!;
  await until('the caller record to be final', () =>
    t.events.some((e) => e.name === 'inbound.ended' && e.payload.callId === callId),
  );
  expect(await taskOf(callId)).toMatchObject({ status: 'waiting', note: null });
  const cb = t.events.find((e) => e.name === 'inbound.callback' && e.payload.callId === callId);
  expect(cb?.payload).toMatchObject({ by: 'caller', keepsPlace: true, position: 1 });
  return callId;
};

describe('callback keeping the caller’s place', () => {
  it('without an outbound trunk leaves the task open for an agent, saying why', async () => {
    const callId = await pressStar();
    const before = t.events.length;
    desk.event(agentId, { type: 'ready' });
    await until('the task to be left open', async () => (await taskOf(callId)).status === 'open');
    expect(await taskOf(callId)).toMatchObject({
      status: 'open',
      note: 'no outbound trunk (PUT /api/settings/outbound)',
      agent_id: null,
    });
    expect(desk.acd.queue.position(callId)).toBeNull();
    // The agent was not rung and is free again.
    expect(t.events.slice(before).some((e) => e.name === 'inbound.ringing')).toBe(false);
    expect(desk.acd.agentState(agentId)?.status).toBe('ready');
    desk.event(agentId, { type: 'not-ready', reason: 'break' });
  }, 90_000);

  it('is offered before a later caller and dials the customer back over the trunk', async () => {
    const calleePort = await freePort();
    await saveOutboundSettings(t.server.ctx, TENANT, {
      trunk: { uri: `sip:{number}@127.0.0.1:${calleePort}`, id: 'loopback-trunk' },
      callerId: '+861058001234',
    });
    const c = await pressStar();
    const from = t.events.length;
    const later = t.call('uac-4000-press-2-wait-hang-up-expect-200.xml', 60_000);
    await until('caller B to hold', () =>
      t.events.slice(from).some((e) => e.name === 'inbound.prompt' && e.payload.prompt === 'hold'),
    );
    const b = callIdsOf(from)[0]!;
    // The virtual caller is ahead of B, who arrived later.
    expect(desk.acd.queue.list().map((w) => w.callId)).toEqual([c, b]);
    const callee = sippCallee(calleePort, t.dir, 45_000);
    desk.event(agentId, { type: 'ready' });
    const r = await callee;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    await until('the callback to be done', async () => (await taskOf(c)).status === 'done');

    const after = t.events.slice(from);
    const offered = after.findIndex(
      (e) => e.name === 'inbound.callback' && e.payload.stage === 'offered',
    );
    const done = after.findIndex(
      (e) => e.name === 'inbound.callback' && e.payload.stage === 'done',
    );
    expect(offered).toBeGreaterThanOrEqual(0);
    expect(after[offered]!.payload).toMatchObject({ callId: c, agentId });
    const bRung = after.findIndex((e) => e.name === 'inbound.ringing' && e.payload.callId === b);
    // B is rung only after the callback ended (or never, if it hung up first).
    if (bRung >= 0) expect(bRung).toBeGreaterThan(done);

    const task = await taskOf(c);
    expect(task).toMatchObject({ status: 'done', agent_id: agentId });
    const record = await t.server.ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('id', '=', task.callback_call_id!)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      direction: 'outbound',
      source: 'callback',
      status: 'completed',
      disposition: 'served',
      hangup_cause: 'caller',
      agent_id: agentId,
      trunk_id: 'loopback-trunk',
      queue_id: t.demo.serviceQueueId,
    });
    expect(t.server.ctx.cipher.open(record.callee!)).toBe('13800138000');
    // The UAS answers after 1 s and talks 10 s (9 s pause after its pcap starts) before BYE.
    const talkMs = Number(record.end_at) - Number(record.agent_answer_at);
    expect(talkMs).toBeGreaterThan(8000);
    expect(talkMs).toBeLessThan(14_000);
    await later;
  }, 120_000);
});
