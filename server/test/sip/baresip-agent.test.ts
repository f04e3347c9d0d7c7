// baresip (baresip-core 1.0) as an auto-answering agent phone registered to Yunhu with digest:
// sipp (uac_pcap, g711a.pcap A-law in 30 ms packets) calls Yunhu, Yunhu dials the agent's
// registered binding, bridges the two legs with a stereo recording and relays until sipp hangs
// up. baresip sends a 1 kHz tone from a WAV (aufile) and dumps what it decodes (sndfile), so
// both directions are compared with what was sent.
import type { ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, encodeWav, parseWav, rms, tone } from '../../src/telephony/audio/index.ts';
import {
  createTelephony,
  type Call,
  type CallEvent,
  type LegStats,
  type Telephony,
} from '../../src/telephony/index.ts';
import { freePort, killChildren, sipp, start } from './harness.ts';
import { readPcapRtp } from './pcap.ts';

const PCAPS = '/usr/share/sip-tester';
const TONE_HZ = 1000;
let telephony: Telephony;
let baresip: ChildProcess;
let baresipLog = '';
let dir = '';
const rtpBase = 20000 + 2 * Math.floor(Math.random() * 10000); // away from other tests' fixed ranges

type Ended = Extract<CallEvent, { type: 'ended' }>;
interface Bridged {
  caller: Call;
  agent: Call;
  callerEnded: Promise<Ended>;
  agentEnded: Promise<Ended>;
  stereo: string;
}
let bridged: Promise<Bridged>;

const until = async (what: string, cond: () => boolean, ms = 30_000): Promise<void> => {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}\n${baresipLog.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yunhu-baresip-'));
  symlinkSync(PCAPS, join(dir, 'pcap')); // uac_pcap plays "pcap/g711a.pcap" relative to its cwd
  telephony = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: rtpBase, to: rtpBase + 39 },
    realm: 'yunhu',
    lookupCredentials: (_realm, user) =>
      Promise.resolve(user === '1001' ? { password: 'agent-secret' } : undefined),
  });
  bridged = new Promise((resolve, reject) => {
    telephony.calls.onIncomingCall((caller) => {
      caller.ring();
      const binding = telephony.registrar?.lookup('1001')[0];
      if (!binding) {
        caller.reject(480);
        reject(new Error('agent 1001 not registered'));
        return;
      }
      void (async () => {
        const { call: agent, answered } = await telephony.calls.originate({
          uri: binding.contact,
          from: caller.from,
          flow: binding.source,
        });
        const outcome = await answered;
        if (!outcome.ok) {
          caller.reject(480);
          reject(new Error(`agent did not answer: ${outcome.status} ${outcome.reason}`));
          return;
        }
        const stereo = join(dir, 'bridge.wav');
        const callerEnded = caller.ended();
        const agentEnded = agent.ended();
        caller.bridge(agent, { recordPath: stereo }); // before the 200: no audio is lost
        const ok = await caller.answer();
        if (!ok.ok) reject(new Error(`caller not answered: ${ok.reason}`));
        // The caller hangs up → the agent is hung up (what the ACD does).
        void callerEnded.then(() => agent.hangup());
        resolve({ caller, agent, callerEnded, agentEnded, stereo });
      })().catch(reject);
    });
  });
  bridged.catch(() => undefined); // surfaced by the test

  // The agent phone: baresip with aufile (source), sndfile (dumps) and a silent player.
  writeFileSync(
    join(dir, 'send.wav'),
    encodeWav({ samples: tone(TONE_HZ, 20_000, 8000, 8000), sampleRate: 8000, channels: 1 }),
  );
  const sipPort = await freePort();
  const bsRtp = rtpBase + 40;
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      `audio_source aufile,${join(dir, 'send.wav')}`,
      `rtp_ports ${bsRtp}-${bsRtp + 19}`,
      'rtcp_mux no',
      'net_interface 127.0.0.1', // SDP and Contact on loopback, not the machine's first address
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_app account.so',
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:1001@127.0.0.1:${telephony.ports.udp};transport=udp>;auth_pass=agent-secret;` +
      'answermode=auto;audio_codecs=PCMU;regint=600\n',
  );
  baresip = start('baresip', ['-4', '-f', dir], { cwd: dir });
  baresip.stdout?.on('data', (d: Buffer) => (baresipLog += d.toString()));
  baresip.stderr?.on('data', (d: Buffer) => (baresipLog += d.toString()));
  await until('baresip to register', () => (telephony.registrar?.lookup('1001').length ?? 0) > 0);
}, 60_000);

afterAll(async () => {
  killChildren();
  await telephony?.close();
  rmSync(dir, { recursive: true, force: true });
});

function sourceAudio(): Int16Array {
  const packets = readPcapRtp(join(PCAPS, 'g711a.pcap')).filter((p) => p.payloadType === 8);
  return decodeG711('PCMA', Buffer.concat(packets.map((p) => p.payload)));
}

/** Samples louder than silence (|x| > 300), trimmed at both ends. */
function voiced(samples: Int16Array): Int16Array {
  let first = samples.findIndex((s) => Math.abs(s) > 300);
  let last = samples.length - 1;
  while (last > 0 && Math.abs(samples[last]!) <= 300) last--;
  if (first < 0) first = 0;
  return samples.subarray(first, last + 1);
}

/** Dominant-frequency check: zero crossings per second / 2 of a mono signal. */
function frequency(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return crossings / 2 / (samples.length / rate);
}

describe('baresip as an auto-answering agent phone', () => {
  it('registered with digest; a sipp call is bridged to it and audio arrives both ways', async () => {
    const binding = telephony.registrar!.lookup('1001')[0]!;
    expect(binding.userAgent ?? '').toMatch(/baresip/i);
    const r = await sipp(telephony.ports.udp!, '-sn uac_pcap', [], 40_000, dir);
    expect(r.code, r.stderr + r.stdout.slice(-1500) + baresipLog.slice(-2000)).toBe(0);
    const call = await bridged;
    const callerEnd = await call.callerEnded;
    const agentEnd = await call.agentEnded;
    expect(callerEnd.reason).toBe('remote-hangup');
    expect(agentEnd.reason).toBe('local-hangup');

    // Caller → agent: what baresip decoded matches the g711a.pcap audio sipp sent.
    await until('baresip dumps', () => readdirSync(dir).some((f) => /dec\.wav$/.test(f)));
    const source = sourceAudio();
    const dumps = readdirSync(dir);
    const decFile = dumps.find((f) => f.startsWith('dump-') && f.endsWith('dec.wav'))!;
    const heardByAgent = voiced(parseWav(readFileSync(join(dir, decFile))).samples);
    const sourceVoiced = voiced(source);
    const duration = (s: Int16Array) => s.length / 8000;
    expect(Math.abs(duration(heardByAgent) - duration(sourceVoiced))).toBeLessThan(0.2);
    // A-law → µ-law tandem: level within 5 %.
    expect(Math.abs(rms(heardByAgent) - rms(sourceVoiced)) / rms(sourceVoiced)).toBeLessThan(0.05);

    // Agent → caller: the tone baresip sent (its own dump) reached Yunhu's agent leg and went out
    // on the caller leg.
    const encFile = dumps.find((f) => f.startsWith('dump-') && f.endsWith('enc.wav'))!;
    const sentByAgent = voiced(parseWav(readFileSync(join(dir, encFile))).samples);
    expect(Math.abs(frequency(sentByAgent, 8000) - TONE_HZ)).toBeLessThan(20);
    const callerStats = callerEnd.stats as LegStats;
    const agentStats = agentEnd.stats as LegStats;
    expect(agentStats.packetsReceived).toBeGreaterThan(250); // > 5 s of 20 ms packets
    expect(callerStats.packetsSent).toBeGreaterThanOrEqual(agentStats.packetsReceived - 5);

    // The stereo recording: left = caller (sipp's speech), right = agent (the tone); both live.
    const both = parseWav(readFileSync(call.stereo));
    expect(both.channels).toBe(2);
    const left = Int16Array.from(both.samples.filter((_, i) => i % 2 === 0));
    const right = Int16Array.from(both.samples.filter((_, i) => i % 2 === 1));
    const leftVoiced = voiced(left);
    expect(Math.abs(rms(leftVoiced) - rms(sourceVoiced)) / rms(sourceVoiced)).toBeLessThan(0.05);
    const rightVoiced = voiced(right);
    expect(rms(rightVoiced)).toBeGreaterThan(0.5 * rms(sentByAgent));
    expect(Math.abs(frequency(rightVoiced, 8000) - TONE_HZ)).toBeLessThan(20);
  }, 120_000);
});
