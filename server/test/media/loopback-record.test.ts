// The g711a.pcap that sipp ships (PCMA, 30 ms packets) sent in real time from a UDP socket to
// a recording leg: the WAV must match the source audio in duration and RMS within 1 %.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, parseWav, rms } from '../../src/telephony/audio/index.ts';
import { createMediaServer, type MediaServer } from '../../src/telephony/media/index.ts';
import { readPcapUdp } from './pcap.ts';
import { replay, sleep, udpPeer } from './udp-peer.ts';

const dir = mkdtempSync(join(tmpdir(), 'yunhu-media-rec-'));
let server: MediaServer;

beforeAll(() => {
  server = createMediaServer({ bindAddress: '127.0.0.1', portRange: { from: 41000, to: 41099 } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recording the g711a.pcap audio through a leg', () => {
  it('writes a WAV of 7.08 s whose duration and RMS match the source within 1 %', async () => {
    const packets = readPcapUdp('/usr/share/sip-tester/g711a.pcap');
    const source = decodeG711('PCMA', Buffer.concat(packets.map((p) => p.payload.subarray(12))));
    expect(source.length).toBe(236 * 240);

    const peer = await udpPeer();
    const leg = await server.allocateLeg();
    leg.configure({
      codec: 'PCMA',
      payloadType: 8,
      dtmfPayloadType: null,
      remote: { address: '127.0.0.1', port: peer.port },
      direction: 'sendrecv',
    });
    await sleep(20); // connect() completes asynchronously
    const path = join(dir, 'g711a.wav');
    leg.startRecording(path);
    await replay(peer, packets, leg.local.port);
    await sleep(100);
    const info = await leg.stopRecording();

    const wav = parseWav(readFileSync(path));
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 1 });
    const sourceMs = (source.length / 8000) * 1000;
    expect(Math.abs(info!.durationMs / sourceMs - 1)).toBeLessThan(0.01);
    expect(Math.abs(wav.samples.length / source.length - 1)).toBeLessThan(0.01);
    expect(Math.abs(rms(wav.samples) / rms(source) - 1)).toBeLessThan(0.01);

    const stats = leg.stats();
    expect(stats.packetsReceived).toBe(236);
    expect(stats.packetsLost).toBe(0);
    expect(stats.jitterMs).toBeLessThan(10);
    expect(stats.mos).toBeGreaterThan(4);
    await leg.close();
    await peer.close();
  }, 20_000);
});
