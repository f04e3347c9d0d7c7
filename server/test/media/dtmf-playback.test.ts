// RFC 4733 in and out, and prompt playback, against plain UDP sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, rms, tone } from '../../src/telephony/audio/index.ts';
import {
  createMediaServer,
  type DtmfEvent,
  type LegConfig,
  type MediaLeg,
  type MediaServer,
} from '../../src/telephony/media/index.ts';
import { parseRtp, parseTelephoneEvent } from '../../src/telephony/rtp/index.ts';
import { readPcapUdp } from './pcap.ts';
import { replay, sleep, udpPeer, type UdpPeer } from './udp-peer.ts';

let server: MediaServer;
beforeAll(() => {
  server = createMediaServer({ bindAddress: '127.0.0.1', portRange: { from: 41100, to: 41199 } });
});
afterAll(() => server.close());

const config = (port: number, extra: Partial<LegConfig> = {}): LegConfig => ({
  codec: 'PCMU',
  payloadType: 0,
  dtmfPayloadType: 101,
  remote: { address: '127.0.0.1', port },
  direction: 'sendrecv',
  ...extra,
});

async function legTo(peer: UdpPeer, extra: Partial<LegConfig> = {}): Promise<MediaLeg> {
  const leg = await server.allocateLeg();
  leg.configure(config(peer.port, extra));
  await sleep(20);
  return leg;
}

describe('RFC 4733 detection', () => {
  it('detects the digit 1 of dtmf_2833_1.pcap once, with its 280 ms duration', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer);
    const digits: DtmfEvent[] = [];
    leg.onDtmf((event) => digits.push(event));
    await replay(peer, readPcapUdp('/usr/share/sip-tester/dtmf_2833_1.pcap'), leg.local.port);
    await sleep(50);
    expect(digits.map((d) => [d.digit, d.durationMs])).toEqual([['1', 280]]);
    expect(digits[0]!.legId).toBe(leg.id);
    expect(Math.abs(digits[0]!.at - Date.now())).toBeLessThan(2000);
    await leg.close();
    await peer.close();
  });

  it('detects #, * and 9 from the other sipp captures in order, ignoring the end repeats', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer);
    const digits: string[] = [];
    leg.onDtmf((event) => digits.push(event.digit));
    for (const name of ['pound', 'star', '9']) {
      await replay(
        peer,
        readPcapUdp(`/usr/share/sip-tester/dtmf_2833_${name}.pcap`),
        leg.local.port,
      );
    }
    await sleep(50);
    expect(digits).toEqual(['#', '*', '9']);
    await leg.close();
    await peer.close();
  });
});

describe('RFC 4733 generation', () => {
  it('sends "5#" as two events: marker on the first packet, 3 end packets, one timestamp each', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer);
    await leg.sendDtmf('5#', 100);
    await sleep(30);
    const packets = peer.received.map((r) => parseRtp(r.data)!);
    expect(packets.every((p) => p.payloadType === 101 && p.ssrc === packets[0]!.ssrc)).toBe(true);
    const events = packets.map((p) => ({
      ...parseTelephoneEvent(p.payload)!,
      ts: p.timestamp,
      m: p.marker,
    }));
    const byDigit = [5, 11].map((code) => events.filter((e) => e.event === code));
    for (const event of byDigit) {
      expect(event).toHaveLength(5 + 2); // 5 × 20 ms updates (the last one ending) + 2 repeats
      expect(event[0]!.m).toBe(true);
      expect(new Set(event.map((e) => e.ts)).size).toBe(1);
      expect(event.filter((e) => e.end)).toHaveLength(3);
      expect(event.at(-1)!.duration).toBe(800);
    }
    expect(byDigit[1]![0]!.ts).toBeGreaterThan(byDigit[0]![0]!.ts);
    const seqs = packets.map((p) => p.sequenceNumber);
    expect(seqs.slice(1).every((s, i) => s === ((seqs[i]! + 1) & 0xffff))).toBe(true);
    await leg.close();
    await peer.close();
  });

  it('a leg detects the digits another leg sends: "147*"', async () => {
    const a = await server.allocateLeg();
    const b = await server.allocateLeg();
    a.configure(config(b.local.port));
    b.configure(config(a.local.port));
    await sleep(20);
    const got: string[] = [];
    b.onDtmf((event) => got.push(event.digit));
    await a.sendDtmf('147*', 60);
    await sleep(50);
    expect(got.join('')).toBe('147*');
    await Promise.all([a.close(), b.close()]);
  });
});

describe('prompt playback on the shared clock', () => {
  it('plays 500 ms of tone as 25 packets of 160 bytes, timestamps +160, marker on the first', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer, { codec: 'PCMA', payloadType: 8 });
    const signal = tone(440, 500, 9000);
    const started = performance.now();
    expect(await leg.play(signal)).toBe('done');
    const elapsed = performance.now() - started;
    await peer.waitFor(25);
    const packets = peer.received.map((r) => parseRtp(r.data)!);
    expect(packets).toHaveLength(25);
    expect(packets.map((p) => p.payload.length)).toEqual(Array(25).fill(160));
    expect(packets.map((p) => p.marker)).toEqual([true, ...new Array<boolean>(24).fill(false)]);
    expect(
      packets.every((p, i) => i === 0 || p.timestamp === packets[i - 1]!.timestamp + 160),
    ).toBe(true);
    const audio = decodeG711('PCMA', Buffer.concat(packets.map((p) => p.payload)));
    expect(Math.abs(rms(audio) / rms(signal) - 1)).toBeLessThan(0.01);
    // Paced by the clock, not sent in a burst: ~480 ms from first to last packet.
    const span = peer.received.at(-1)!.at - peer.received[0]!.at;
    expect(span).toBeGreaterThan(400);
    expect(elapsed).toBeGreaterThan(400);
    expect(leg.stats().packetsSent).toBe(25);
    await leg.close();
    await peer.close();
  });

  it('stopPlayback resolves "stopped"; play of a missing file rejects', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer);
    const playing = leg.play(tone(300, 5000), { loop: true });
    await sleep(100);
    leg.stopPlayback();
    expect(await playing).toBe('stopped');
    await expect(leg.play('/nonexistent/prompt.wav')).rejects.toThrow(/ENOENT/);
    const count = peer.received.length;
    await sleep(60);
    expect(peer.received.length).toBe(count);
    await leg.close();
    expect(await leg.play(tone(300, 100))).toBe('stopped');
    await peer.close();
  });

  it('follows the latest remote when configure() is called twice in one tick (183 then 200)', async () => {
    const early = await udpPeer();
    const final = await udpPeer();
    const leg = await server.allocateLeg();
    leg.configure(config(early.port));
    leg.configure(config(final.port)); // dgram's first connect() has not completed yet
    await sleep(30);
    expect(await leg.play(tone(300, 100))).toBe('done');
    await final.waitFor(5);
    expect(early.received).toHaveLength(0);
    await leg.close();
    await Promise.all([early.close(), final.close()]);
  });

  it('sends nothing while the leg is on hold (direction recvonly)', async () => {
    const peer = await udpPeer();
    const leg = await legTo(peer, { direction: 'recvonly' });
    expect(await leg.play(tone(300, 100))).toBe('done');
    await sleep(30);
    expect(peer.received).toHaveLength(0);
    await leg.close();
    await peer.close();
  });
});
