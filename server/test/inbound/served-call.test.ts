// End to end on real peers: a sipp caller dials service number 4000, hears the demo menu, presses
// 2 (RFC 4733 from the package's dtmf_2833_2.pcap), is queued for service, baresip registered as
// extension 1001 auto-answers, audio flows both ways through the recorded bridge, the caller
// hangs up. The call record, the recording and the evaluation are checked afterwards.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/modules/evaluation/index.ts';
import { findTenant } from '../../src/modules/tenants/index.ts';
import { parseWav, rms } from '../../src/telephony/audio/index.ts';
import type { LegStats } from '../../src/telephony/index.ts';
import { readPcapRtp } from '../sip/pcap.ts';
import {
  inboundTestServer,
  PCAPS,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from './harness.ts';

const TONE_HZ = 1000;
let t: InboundTestServer;
let agent: Baresip;

beforeAll(async () => {
  t = await inboundTestServer('16600-16699', { record: true, wrapUpMs: 1000 });
  agent = await startBaresipAgent(
    t.server.telephony!.ports.udp!,
    '1001',
    SIP_PASSWORD,
    16800,
    TONE_HZ,
  );
  const registrar = t.server.telephony!.registrar!;
  await until(
    'baresip to register as 1001',
    () => registrar.lookup('1001').length > 0,
    30_000,
    agent.log,
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
  if (agent) rmSync(agent.dir, { recursive: true, force: true });
});

/** Dominant frequency of a mono signal from its zero crossings. */
function frequency(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return crossings / 2 / (samples.length / rate);
}

/** Samples louder than silence, trimmed at both ends. */
function voiced(samples: Int16Array): Int16Array {
  const first = samples.findIndex((s) => Math.abs(s) > 300);
  let last = samples.length - 1;
  while (last > 0 && Math.abs(samples[last]!) <= 300) last--;
  return samples.subarray(Math.max(0, first), last + 1);
}

describe('inbound call to 4000 answered by a baresip agent', () => {
  it('IVR → queue → ring → answer → recorded talk → hang-up: record, recording and evaluation agree', async () => {
    const ctx = t.server.ctx;
    const r = await t.call('uac-4000-press-2-talk-hang-up-expect-200.xml', 60_000);
    expect(r.code, r.stderr + r.stdout.slice(-1500) + agent.log().slice(-1500)).toBe(0);
    await until('the call record to be final', () =>
      t.events.some((e) => e.name === 'inbound.ended'),
    );

    const ivr = t.events.find((e) => e.name === 'inbound.ivr')!.payload;
    expect(ivr.outcome).toBe('queue');
    expect(ivr.digits).toBe('2');
    expect(ivr.path).toEqual(['welcome', 'survey', 'menu', 'service']);
    expect(t.events.find((e) => e.name === 'inbound.prompt')?.payload.prompt).toBe('hold');

    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('tenant_id', '=', TENANT)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      disposition: 'served',
      hangup_cause: 'caller',
      queue_id: t.demo.serviceQueueId,
    });
    expect(ctx.cipher.open(record.callee!)).toBe('4000');
    expect(ctx.cipher.open(record.caller!)).toBe('13800138000');
    const agentRow = await ctx.db.kysely
      .selectFrom('agents')
      .select('id')
      .where('extension', '=', '1001')
      .executeTakeFirstOrThrow();
    expect(record.agent_id).toBe(agentRow.id);
    // Times in order: start ≤ IVR answer = IVR entry < IVR exit ≤ queue entry ≤ ring < agent
    // answer = queue exit < end.
    const at = (v: number | null) => Number(v);
    expect(at(record.answer_at)).toBeGreaterThanOrEqual(at(record.created_at));
    expect(record.ivr_entry_at).toBe(record.answer_at);
    // The digit is sent 8 s after the ACK (welcome 6.6 s + part of the menu).
    expect(at(record.ivr_exit_at) - at(record.ivr_entry_at)).toBeGreaterThan(6000);
    expect(at(record.ivr_exit_at) - at(record.ivr_entry_at)).toBeLessThan(12_000);
    expect(at(record.queue_entry_at)).toBeGreaterThanOrEqual(at(record.ivr_exit_at));
    expect(at(record.ring_at)).toBeGreaterThanOrEqual(at(record.queue_entry_at));
    expect(at(record.agent_answer_at)).toBeGreaterThan(at(record.ring_at));
    // baresip auto-answers at once: ring → answer well under the 15 s ring timeout.
    expect(at(record.agent_answer_at) - at(record.ring_at)).toBeLessThan(5000);
    expect(record.queue_exit_at).toBe(record.agent_answer_at);
    const talkMs = at(record.end_at) - at(record.agent_answer_at);
    // sipp talks for 10.5 s after a 3 s wait that includes queueing and ringing.
    expect(talkMs).toBeGreaterThan(9000);
    expect(talkMs).toBeLessThan(14_000);
    expect(record.mos).toBeGreaterThan(4);
    expect(record.loss_pct).toBe(0);
    expect(record.jitter_ms).not.toBeNull();

    // The IVR response time (digit → first hold prompt) is a latency sample.
    const samples = await ctx.db.kysely
      .selectFrom('latency_samples')
      .selectAll()
      .where('call_id', '=', record.id)
      .execute();
    expect(samples).toHaveLength(1);
    expect(samples[0]!.kind).toBe('ivr');
    expect(Number(samples[0]!.value_ms)).toBeLessThan(1000);

    // The recording: in the data dir, stereo, as long as the talk time (±10 %); left =
    // customer (sipp's speech), right = agent (baresip's 1 kHz tone).
    expect(record.recording_path).toBe(join(t.dir, 'recordings', `${record.id}.wav`));
    expect(existsSync(record.recording_path!)).toBe(true);
    const wav = parseWav(readFileSync(record.recording_path!));
    expect(wav.channels).toBe(2);
    const seconds = wav.samples.length / 2 / wav.sampleRate;
    expect(Math.abs(seconds * 1000 - talkMs) / talkMs).toBeLessThan(0.1);
    const left = Int16Array.from(wav.samples.filter((_, i) => i % 2 === 0));
    const right = Int16Array.from(wav.samples.filter((_, i) => i % 2 === 1));
    expect(rms(voiced(left))).toBeGreaterThan(500);
    expect(Math.abs(frequency(voiced(right), 8000) - TONE_HZ)).toBeLessThan(20);

    // Audio both ways on the wire: the agent's tone went out to the caller, the caller's speech
    // reached baresip (its decoder dump).
    const media = t.events.find((e) => e.name === 'inbound.media')!.payload;
    const caller = media.caller as LegStats;
    const agentLeg = media.agent as LegStats;
    expect(agentLeg.packetsReceived).toBeGreaterThan(400); // > 8 s of 20 ms packets
    // Every packet sipp sent arrived: g711a.pcap (30 ms packets) plus the digit's RFC 4733 events.
    const sent = ['g711a.pcap', 'dtmf_2833_2.pcap'].map((f) => readPcapRtp(join(PCAPS, f)).length);
    expect(caller.packetsReceived).toBe(sent[0]! + sent[1]!);
    expect(caller.packetsSent).toBeGreaterThan(agentLeg.packetsReceived);
    await until('baresip dumps', () => readdirSync(agent.dir).some((f) => f.endsWith('dec.wav')));
    const dec = readdirSync(agent.dir).find((f) => f.endsWith('dec.wav'))!;
    const heard = voiced(parseWav(readFileSync(join(agent.dir, dec))).samples);
    expect(heard.length / 8000).toBeGreaterThan(6);

    // The evaluation counts the call: one served inbound call with its wait.
    const tenant = (await findTenant(ctx.db, TENANT))!;
    const report = await evaluate(ctx, tenant, { source: 'raw' });
    const wait = report.metrics.find((m) => m.id === 'inbound_queue_wait')!;
    expect(wait.details).toMatchObject({ servedCalls: 1, queueEntries: 1, abandonedInQueue: 0 });
    const expectedWait = (at(record.agent_answer_at) - at(record.queue_entry_at)) / 1000;
    expect(wait.value).toBeCloseTo(expectedWait, 2);
    const ivrMetric = report.metrics.find((m) => m.id === 'ivr_response_time')!;
    expect(ivrMetric.denominator).toBe(1);
    expect(ivrMetric.value).toBe(Number(samples[0]!.value_ms));
    // The roll-ups were refreshed after the call: the roll-up source sees it as well.
    const fromRollups = await evaluate(ctx, tenant, { source: 'rollups' });
    expect(fromRollups.metrics.find((m) => m.id === 'inbound_queue_wait')!.details).toMatchObject({
      servedCalls: 1,
    });

    // The agent went through wrap-up (1 s) and is ready again.
    const desk = await t.server.inbound!.desk(TENANT);
    await until(
      'agent ready after wrap-up',
      () => desk.acd.agentState(agentRow.id)?.status === 'ready',
    );
    const acw = await ctx.db.kysely
      .selectFrom('call_records')
      .select('acw_seconds')
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(Number(acw.acw_seconds)).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
