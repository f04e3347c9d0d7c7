// Ring timeout and max wait on real SIP: two agent phones on a second engine (an AgentDevice
// added to the server's registry, as the softphone gateway does), 1001 never answers and 1002
// answers after half a second. Caller 1 rings 1001 for the 4 s ring timeout and goes back to
// the FRONT of the queue, ahead of caller 2 who arrived meanwhile; 1002's phone then comes on
// and takes caller 1. Caller 2
// reaches the 12 s max wait, overflows to the sales queue keeping its entry time, and abandons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerIdOf,
  telephonyOf,
  type AgentDevice,
  type AgentRef,
  type RingAttempt,
} from '../../src/modules/calls/index.ts';
import { provisionDemoInbound } from '../../src/modules/inbound/index.ts';
import { createTelephony, type Call, type Telephony } from '../../src/telephony/index.ts';
import { inboundTestServer, TENANT, until, type InboundTestServer } from './harness.ts';

let t: InboundTestServer;
let phones: Telephony;
let device: TestPhones;
const rung: string[] = [];

/** Rings agents' extensions as users on the phones engine. */
class TestPhones implements AgentDevice {
  readonly kind = 'test-phones';
  constructor(
    private readonly server: Telephony,
    private readonly port: number,
  ) {}
  /** Extensions whose phone is on; 1002 comes online only after 1001 rang out. */
  readonly online = new Set(['1001']);
  available(agent: AgentRef): boolean {
    return this.online.has(agent.extension ?? '');
  }
  async ring(agent: AgentRef, caller: Call, options: { timeoutMs: number }): Promise<RingAttempt> {
    rung.push(agent.extension!);
    const { call, answered } = await this.server.calls.originate({
      uri: `sip:${agent.extension}@127.0.0.1:${this.port}`,
      from: callerIdOf(caller),
      timeoutMs: options.timeoutMs,
    });
    return {
      answered: answered.then((o) => (o.ok ? call : null)),
      cancel: () => void call.hangup(),
    };
  }
}

beforeAll(async () => {
  t = await inboundTestServer('16940-16999', {
    ringTimeoutMs: 4000,
    maxWaitMs: 12_000,
    wrapUpMs: 10_000,
    overflow: { kind: 'queue', queueId: 'default-sales' },
  });
  phones = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: 16900, to: 16939 },
  });
  const tone = new Int16Array(8000).map((_, i) => 2000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  phones.calls.onIncomingCall((call) => {
    call.ring();
    if (call.invite?.request.uri.includes('sip:1002@')) {
      setTimeout(() => {
        void call.answer().then((o) => o.ok && void call.play(tone, { loop: true }));
      }, 500);
    } // 1001 rings until CANCEL
  });
  const agents = await t.server.ctx.db.kysely.selectFrom('agents').select('id').execute();
  expect(agents).toHaveLength(1); // 1001 from the harness; add 1002 with the same skills
  await provisionDemoInbound(t.server.ctx, TENANT, 'demo-secret-1002', { extensions: ['1002'] });
  device = new TestPhones(t.server.telephony!, phones.ports.udp!);
  telephonyOf(t.server.ctx)!.devices.add(device, { preferred: true });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await phones?.close();
});

describe('ring timeout and max wait', () => {
  it('a call that rings out goes back to the front; max wait overflows keeping the entry time', async () => {
    const ctx = t.server.ctx;
    const agentId = async (ext: string) =>
      (
        await ctx.db.kysely
          .selectFrom('agents')
          .select('id')
          .where('extension', '=', ext)
          .executeTakeFirstOrThrow()
      ).id;
    const first = t.call('uac-4000-press-2-wait-hang-up-expect-200.xml', 60_000);
    // Caller 2 dials once caller 1's call started: it is queued while 1001 rings for caller 1.
    const started = async () =>
      (await ctx.db.kysely.selectFrom('call_records').select('id').execute()).length > 0;
    await until('caller 1 to start', started);
    const second = t.call('uac-4000-press-2-wait-hang-up-expect-200.xml', 60_000);
    // 1001 rings out for caller 1 (caller 2 is waiting by then); then 1002's phone comes on.
    const a1001 = await agentId('1001');
    const desk = await t.server.inbound!.desk(TENANT);
    await until('1001 to ring out', () => desk.acd.agentState(a1001)?.reason === 'no-answer');
    expect(t.events.filter((e) => e.name === 'inbound.ivr')).toHaveLength(2);
    device.online.add('1002');
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.code, r1.stderr + r1.stdout.slice(-1500)).toBe(0);
    expect(r2.code, r2.stderr + r2.stdout.slice(-1500)).toBe(0);
    await until(
      'both records final',
      () => t.events.filter((e) => e.name === 'inbound.ended').length === 2,
    );

    const records = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .orderBy('created_at')
      .execute();
    expect(records).toHaveLength(2);
    const [c1, c2] = records as [(typeof records)[0], (typeof records)[0]];

    // 1001 rang out for caller 1; when 1002 came on, caller 1 was back at the front of the
    // queue, ahead of caller 2 who had been waiting since before.
    expect(rung).toEqual(['1001', '1002']);
    const ringing = t.events.filter((e) => e.name === 'inbound.ringing').map((e) => e.payload);
    expect(ringing.map((p) => p.callId)).toEqual([c1.id, c1.id]);
    expect(Number(c2.queue_entry_at)).toBeLessThan(Number(ringing[1]!.at));
    expect(c1).toMatchObject({ disposition: 'served', agent_id: await agentId('1002') });
    const wait1 = Number(c1.agent_answer_at) - Number(c1.queue_entry_at);
    expect(wait1).toBeGreaterThan(4000 + 400); // ring timeout + 1002's answer delay
    expect(wait1).toBeLessThan(8000);
    // ring_at is the ring that was answered.
    expect(Number(c1.agent_answer_at) - Number(c1.ring_at)).toBeLessThan(2000);
    expect(desk.acd.agentState(a1001)).toMatchObject({
      status: 'not-ready',
      reason: 'no-answer',
    });

    // Caller 2: max wait 12 s → overflow to sales, entry time kept, abandoned at ~17 s.
    const overflow = t.events.find((e) => e.name === 'inbound.overflow')!.payload;
    expect(overflow).toMatchObject({ callId: c2.id, to: 'queue', queueId: t.demo.serviceQueueId });
    expect(Number(overflow.at) - Number(c2.queue_entry_at)).toBeGreaterThanOrEqual(12_000);
    expect(Number(overflow.at) - Number(c2.queue_entry_at)).toBeLessThan(13_000);
    expect(c2).toMatchObject({
      disposition: 'abandoned',
      queue_id: t.demo.salesQueueId,
      agent_id: null,
    });
    const waited2 = Number(c2.end_at) - Number(c2.queue_entry_at);
    expect(waited2).toBeGreaterThan(15_500);
    expect(waited2).toBeLessThan(17_500);
  }, 120_000);
});
