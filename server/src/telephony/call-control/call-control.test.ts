// Call control between three Yunhu engines on loopback (real SIP and RTP sockets): originate,
// play → record, DTMF collection, hold, bridge with a stereo recording, blind transfer, hang-up.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav, rms, tone } from '../audio/index.ts';
import { createTelephony, type Telephony } from '../telephony.ts';
import type { Call } from './call.ts';
import type { CallEvent } from './call.types.ts';

let yunhu: Telephony;
let phone: Telephony;
let agent: Telephony;
let dir = '';
const inbound = { phone: [] as Call[], agent: [] as Call[], yunhu: [] as Call[] };

async function engine(
  rtpFrom: number,
  name: keyof typeof inbound,
  autoAnswer: boolean,
): Promise<Telephony> {
  const t = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: rtpFrom, to: rtpFrom + 59 },
  });
  t.calls.onIncomingCall((call) => {
    inbound[name].push(call);
    if (autoAnswer) void call.answer();
  });
  return t;
}

const uri = (t: Telephony, user: string) => `sip:${user}@127.0.0.1:${t.ports.udp}`;
const until = async (cond: () => boolean, ms = 3000) => {
  for (let i = 0; i < ms / 10 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yunhu-cc-'));
  yunhu = await engine(15800, 'yunhu', false);
  phone = await engine(15860, 'phone', true);
  agent = await engine(15920, 'agent', true);
});

afterAll(async () => {
  for (const t of [yunhu, phone, agent]) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('call control', () => {
  it('originate → answered; a played tone is recorded by the far end; hangup ends both sides', async () => {
    const events: CallEvent['type'][] = [];
    const { call, answered } = await yunhu.calls.originate({
      uri: uri(phone, 'customer'),
      from: '"Yunhu" <sip:4000@127.0.0.1>',
    });
    call.on((e) => events.push(e.type === 'state' ? (`state:${e.state}` as never) : e.type));
    expect(await answered).toEqual({ ok: true });
    expect(call.state).toBe('answered');
    await until(() => inbound.phone.length === 1 && inbound.phone[0]!.state === 'answered');
    const far = inbound.phone[0]!;
    const path = join(dir, 'far.wav');
    far.record(path);
    expect(await call.play(tone(440, 600, 8000))).toBe('done');
    await new Promise((r) => setTimeout(r, 100));
    const info = await far.stopRecording();
    const wav = parseWav(readFileSync(info!.path));
    expect(rms(wav.samples)).toBeGreaterThan(3000); // a 8000-amplitude sine has RMS ≈ 5657
    const farEnded = far.ended();
    await call.hangup();
    expect((await farEnded).reason).toBe('remote-hangup');
    expect((await call.ended()).reason).toBe('local-hangup');
    expect(events).toEqual(['state:answered', 'state:ended', 'ended']);
  });

  it('collects RFC 4733 digits with a terminator, and puts the far end on hold and back', async () => {
    const { call, answered } = await yunhu.calls.originate({ uri: uri(phone, 'customer') });
    await answered;
    await until(() => inbound.phone.length === 2 && inbound.phone[1]!.state === 'answered');
    const far = inbound.phone[1]!;
    const collected = call.collectDigits({ maxDigits: 4, timeoutMs: 3000, terminators: '#' });
    await far.sendDtmf('42#', 80);
    expect(await collected).toBe('42');
    const holds: boolean[] = [];
    far.on((e) => e.type === 'remote-hold' && holds.push(e.held));
    expect(await call.hold(true)).toBe(true);
    expect(call.state).toBe('held');
    expect(await call.hold(false)).toBe(true);
    expect(call.state).toBe('answered');
    expect(holds).toEqual([true, false]);
    await call.hangup();
  });

  it('bridges an inbound call to an agent with a stereo recording, then blind-transfers it', async () => {
    // The customer (phone engine) calls Yunhu; Yunhu answers and dials the agent, then bridges.
    const { call: customer, answered: customerAnswered } = await phone.calls.originate({
      uri: uri(yunhu, 'hotline'),
    });
    await until(() => inbound.yunhu.length === 1);
    const leg = inbound.yunhu[0]!;
    expect((await leg.answer()).ok).toBe(true);
    expect((await customerAnswered).ok).toBe(true);
    const { call: agentLeg, answered } = await yunhu.calls.originate({ uri: uri(agent, '1001') });
    expect((await answered).ok).toBe(true);
    await until(() => inbound.agent.length === 1 && inbound.agent[0]!.state === 'answered');
    const agentPhone = inbound.agent[0]!;
    const stereo = join(dir, 'bridge.wav');
    leg.bridge(agentLeg, { recordPath: stereo });
    expect(leg.bridgedWith).toBe(agentLeg);
    const heard = join(dir, 'agent-heard.wav');
    agentPhone.record(heard);
    await customer.play(tone(600, 400, 8000));
    await agentPhone.play(tone(900, 400, 8000));
    await new Promise((r) => setTimeout(r, 100));
    expect(
      rms(parseWav(readFileSync((await agentPhone.stopRecording())!.path)).samples),
    ).toBeGreaterThan(2000);
    const recording = await leg.unbridge();
    expect(recording?.channels).toBe(2);
    const both = parseWav(readFileSync(stereo));
    const left = both.samples.filter((_, i) => i % 2 === 0);
    const right = both.samples.filter((_, i) => i % 2 === 1);
    expect(rms(left)).toBeGreaterThan(1000);
    expect(rms(right)).toBeGreaterThan(1000);
    // Blind transfer: re-bridge, then send the customer to another agent; the first agent is released.
    leg.bridge(agentLeg);
    const firstAgentEnded = agentLeg.ended();
    expect(await yunhu.calls.transfer(leg, { uri: uri(agent, '1002') })).toEqual({ ok: true });
    expect((await firstAgentEnded).reason).toBe('local-hangup');
    expect(leg.bridgedWith?.to).toBe(uri(agent, '1002'));
    await customer.hangup();
    await until(() => leg.state === 'ended' && yunhu.calls.activeCalls === 1);
    await leg.bridgedWith?.hangup();
  });

  it('a failed originate reports the SIP status and frees the media leg', async () => {
    const { call, answered } = await yunhu.calls.originate({
      uri: uri(yunhu, 'nobody'),
      timeoutMs: 2000,
    });
    // Yunhu calling itself: its own incoming handler leaves the call ringing → CANCEL on timeout.
    const outcome = await answered;
    expect(outcome).toMatchObject({ ok: false, status: 487 });
    expect((await call.ended()).reason).toBe('no-answer');
  });
});
