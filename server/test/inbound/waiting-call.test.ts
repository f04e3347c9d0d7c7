// End to end on real peers with no agent ready (extension 1001 exists, no phone registered): a
// sipp caller presses 2, waits, hears the hold prompt, music and a position announcement, and
// hangs up → an abandonment with the time waited. A second caller presses the callback digit
// (*, dtmf_2833_star.pcap) instead of holding → a callback task, confirmed and hung up by Yunhu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/modules/evaluation/index.ts';
import { callsDb } from '../../src/modules/calls/index.ts';
import { findTenant } from '../../src/modules/tenants/index.ts';
import type { QueueSnapshot } from '../../src/modules/inbound/index.ts';
import { as, login, seedTenant } from '../http/helpers.ts';
import { inboundTestServer, TENANT, until, type InboundTestServer } from './harness.ts';

let t: InboundTestServer;

beforeAll(async () => {
  t = await inboundTestServer('16700-16799', { announceEveryMs: 5000, callbackDigit: '*' });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const endedOf = (callId: string) =>
  until('the call record to be final', () =>
    t.events.some((e) => e.name === 'inbound.ended' && e.payload.callId === callId),
  );

const lastIvrCall = (): string => {
  const ivr = t.events.filter((e) => e.name === 'inbound.ivr').at(-1);
  return String(ivr?.payload.callId);
};

describe('inbound call to 4000 with no agent ready', () => {
  it('waits with a position announcement and hangs up: abandoned with the time waited', async () => {
    const ctx = t.server.ctx;
    const running = t.call('uac-4000-press-2-wait-hang-up-expect-200.xml', 60_000);
    await until('the hold prompt', () => t.events.some((e) => e.name === 'inbound.prompt'));

    // The supervisor's live view while the caller waits; an agent may not see it.
    await seedTenant(ctx, TENANT, ['supervisor', 'agent']);
    const app = t.server.app;
    const live = await as(app, await login(app, TENANT, 'supervisor')).get('/api/queues');
    expect(live.statusCode).toBe(200);
    const body = live.json<QueueSnapshot>();
    expect(body.live).toBe(true);
    const service = body.items.find((q) => q.id === t.demo.serviceQueueId)!;
    expect(service).toMatchObject({ waiting: 1, withAgents: 0, skill: 'service' });
    expect(service.agents['logged-out']).toBe(1);
    expect(service.longestWaitSeconds).toBeGreaterThan(0);
    expect(service.longestWaitSeconds).toBeLessThan(5);
    expect(body.items.find((q) => q.id === t.demo.salesQueueId)).toMatchObject({ waiting: 0 });
    expect(body.agents.map((a) => [a.extension, a.status])).toEqual([['1001', 'logged-out']]);
    const denied = await as(app, await login(app, TENANT, 'agent')).get('/api/queues');
    expect(denied.statusCode).toBe(403);

    const r = await running;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    const callId = lastIvrCall();
    await endedOf(callId);

    const prompts = t.events
      .filter((e) => e.name === 'inbound.prompt' && e.payload.callId === callId)
      .map((e) => e.payload.prompt);
    // Alone in the queue: the hold prompt, then "you are next" on the 5 s ticks that find music
    // playing (the first tick falls inside the 8.8 s hold prompt) — 2 or 3 in a 17 s wait.
    expect(prompts[0]).toBe('hold');
    expect(prompts.length).toBeGreaterThanOrEqual(2);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(new Set(prompts.slice(1))).toEqual(new Set(['queue-position-next']));
    expect(t.events.some((e) => e.name === 'inbound.ringing')).toBe(false);

    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      status: 'completed',
      disposition: 'abandoned',
      hangup_cause: 'caller',
      agent_id: null,
      agent_answer_at: null,
      ring_at: null,
      queue_id: t.demo.serviceQueueId,
    });
    expect(record.queue_exit_at).toBe(record.end_at);
    const waitedMs = Number(record.end_at) - Number(record.queue_entry_at);
    // sipp hangs up 17 s after sending the digit; the IVR leaves within a moment of it.
    expect(waitedMs).toBeGreaterThan(15_500);
    expect(waitedMs).toBeLessThan(17_500);
    const abandoned = t.events.find((e) => e.name === 'inbound.abandoned')!.payload;
    expect(abandoned.waitedMs).toBe(waitedMs);
    // The caller heard media the whole time: welcome, menu, hold prompt, music, announcement
    // (~25 s of 20 ms packets).
    expect(Number(abandoned.packetsSent)).toBeGreaterThan(1100);

    const tenant = (await findTenant(ctx.db, TENANT))!;
    const report = await evaluate(ctx, tenant, { source: 'raw' });
    const wait = report.metrics.find((m) => m.id === 'inbound_queue_wait')!;
    expect(wait.details).toMatchObject({ servedCalls: 0, queueEntries: 1, abandonedInQueue: 1 });
    expect(wait.details?.meanWaitBeforeAbandonSeconds).toBeCloseTo(waitedMs / 1000, 2);
  }, 90_000);

  it('presses * while waiting: a callback task is created and Yunhu confirms and hangs up', async () => {
    const ctx = t.server.ctx;
    const r = await t.call('uac-4000-press-2-then-star-expect-bye.xml', 60_000);
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
    const callId = lastIvrCall();
    await endedOf(callId);

    const tasks = await callsDb(ctx.db)
      .selectFrom('callback_tasks')
      .selectAll()
      .where('call_id', '=', callId)
      .execute();
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    // No agent ever frees up: the task keeps the caller's place (callback-place.test.ts).
    expect(task).toMatchObject({
      tenant_id: TENANT,
      status: 'waiting',
      queue_id: t.demo.serviceQueueId,
    });
    expect(ctx.cipher.open(task.caller!)).toBe('13800138000');
    // The star is sent 3 s after the digit 2.
    expect(Number(task.waited_ms)).toBeGreaterThan(2000);
    expect(Number(task.waited_ms)).toBeLessThan(4000);

    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ status: 'completed', disposition: 'callback', agent_id: null });
    expect(Number(record.queue_exit_at) - Number(record.queue_entry_at)).toBe(
      Number(task.waited_ms),
    );
    // Yunhu played the confirmation before its BYE.
    expect(Number(record.end_at)).toBeGreaterThan(Number(record.queue_exit_at) + 2000);
    expect(record.hangup_cause).toBe('system');
  }, 90_000);
});
