// sipp uac_pcap against a Yunhu answering endpoint (call control + built-in media engine): the
// RFC 4733 digit from dtmf_2833_1.pcap is detected and the g711a.pcap audio (30 ms packets) is
// recorded to a WAV whose duration and RMS match the source within 1 %.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, parseWav, rms } from '../../src/telephony/audio/index.ts';
import { createTelephony, type CallEvent, type Telephony } from '../../src/telephony/index.ts';
import { killChildren, sipp } from './harness.ts';
import { readPcapRtp } from './pcap.ts';

const PCAPS = '/usr/share/sip-tester';
let telephony: Telephony;
let dir = '';
const ended: Array<Extract<CallEvent, { type: 'ended' }>> = [];
const digits: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yunhu-sipp-media-'));
  symlinkSync(PCAPS, join(dir, 'pcap')); // uac_pcap plays "pcap/g711a.pcap" relative to its cwd
  telephony = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: 15600, to: 15799 },
  });
  let n = 0;
  telephony.calls.onIncomingCall((call) => {
    const path = join(dir, `call-${++n}.wav`);
    call.on((e) => {
      if (e.type === 'dtmf') digits.push(e.digit);
      if (e.type === 'ended') ended.push(e);
    });
    call.ring();
    void call.answer().then((outcome) => {
      if (outcome.ok) call.record(path);
    });
  });
});

afterAll(async () => {
  killChildren();
  await telephony.close();
  rmSync(dir, { recursive: true, force: true });
});

function sourceAudio(): Int16Array {
  const packets = readPcapRtp(join(PCAPS, 'g711a.pcap')).filter((p) => p.payloadType === 8);
  return decodeG711('PCMA', Buffer.concat(packets.map((p) => p.payload)));
}

describe('sipp uac_pcap against Yunhu', () => {
  for (const transport of ['u1', 't1'] as const) {
    it(`over ${transport === 'u1' ? 'UDP' : 'TCP'}: exit 0, digit 1 detected, recording matches g711a.pcap within 1 %`, async () => {
      const before = ended.length;
      digits.length = 0;
      const port = transport === 'u1' ? telephony.ports.udp! : telephony.ports.tcp!;
      const r = await sipp(port, '-sn uac_pcap', ['-t', transport], 19_000, dir);
      expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0);
      for (let i = 0; i < 100 && ended.length === before; i++)
        await new Promise((res) => setTimeout(res, 20));
      const event = ended[before]!;
      expect(event.reason).toBe('remote-hangup');
      expect(digits).toEqual(['1']);
      const recording = event.recording!;
      expect(recording.channels).toBe(1);
      const wav = parseWav(readFileSync(recording.path));
      const source = sourceAudio();
      const recordedSeconds = wav.samples.length / wav.sampleRate;
      const sourceSeconds = source.length / 8000;
      expect(Math.abs(recordedSeconds - sourceSeconds) / sourceSeconds).toBeLessThan(0.01);
      expect(Math.abs(rms(wav.samples) - rms(source)) / rms(source)).toBeLessThan(0.01);
    }, 25_000);
  }
});
