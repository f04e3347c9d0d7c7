// RTCP reports out of a leg, RTT from the peer's answer, loss from sequence gaps, BYE on close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMediaServer,
  type MediaLegEvent,
  type MediaServer,
} from '../../src/telephony/media/index.ts';
import {
  buildRtp,
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  serializeRtcp,
  type RtcpPacket,
} from '../../src/telephony/rtp/index.ts';
import { sleep, udpPeer } from './udp-peer.ts';
import { tone } from '../../src/telephony/audio/index.ts';

let server: MediaServer;
beforeAll(() => {
  server = createMediaServer({
    bindAddress: '127.0.0.1',
    portRange: { from: 41300, to: 41399 },
    rtcpIntervalMs: 200,
    rtpTimeoutMs: 400,
  });
});
afterAll(() => server.close());

describe('RTCP (RFC 3550 §6)', () => {
  it('reports loss and jitter in RR blocks, turns to SR once sending, computes RTT, ends with BYE', async () => {
    const rtp = await udpPeer();
    const rtcp = await udpPeer();
    const leg = await server.allocateLeg();
    leg.configure({
      codec: 'PCMU',
      payloadType: 0,
      dtmfPayloadType: null,
      remote: { address: '127.0.0.1', port: rtp.port },
      remoteRtcp: { address: '127.0.0.1', port: rtcp.port },
      direction: 'sendrecv',
    });
    await sleep(20);
    // 50 packets with seq 1..55 of which 5 never arrive: 5 lost of 55 expected.
    const missing = new Set([7, 8, 20, 33, 41]);
    for (let seq = 1; seq <= 55; seq++) {
      if (!missing.has(seq))
        await rtp.send(
          buildRtp(0, seq, seq * 160, 0xabc, new Uint8Array(160).fill(0xff)),
          leg.local.port,
        );
    }
    await rtcp.waitFor(1, 3000);
    const first = parseRtcp(rtcp.received[0]!.data)!;
    expect(first.map((p) => p.type)).toEqual(['rr', 'sdes']);
    const rr = first[0] as Extract<RtcpPacket, { type: 'rr' }>;
    expect(rr.reports[0]).toMatchObject({ ssrc: 0xabc, cumulativeLost: 5, highestSequence: 55 });
    expect(rr.reports[0]!.fractionLost).toBe(Math.floor((5 * 256) / 55));
    const sdes = first[1] as Extract<RtcpPacket, { type: 'sdes' }>;
    expect(sdes.chunks[0]!.ssrc).toBe(rr.ssrc);
    expect(sdes.chunks[0]!.items[0]!.value).toMatch(/^yunhu-leg_/);
    expect(leg.stats()).toMatchObject({ packetsReceived: 50, packetsLost: 5 });
    expect(leg.stats().lossPct).toBeCloseTo((5 / 55) * 100, 5);

    await leg.play(tone(500, 200));
    const before = rtcp.received.length;
    await rtcp.waitFor(before + 1, 3000);
    const report = parseRtcp(rtcp.received.at(-1)!.data)!;
    const sr = report[0] as Extract<RtcpPacket, { type: 'sr' }>;
    expect(sr.type).toBe('sr');
    expect(sr.packetCount).toBe(10);
    expect(sr.octetCount).toBe(1600);
    expect(Math.abs(sr.ntpSeconds - ntpFromUnixMs(Date.now()).seconds)).toBeLessThanOrEqual(2);

    // Answer as a phone would: an RR echoing the SR's middle NTP bits, 40 ms after receiving it.
    await sleep(40);
    const answer = serializeRtcp([
      {
        type: 'rr',
        ssrc: 0xabc,
        reports: [
          {
            ssrc: sr.ssrc,
            fractionLost: 0,
            cumulativeLost: 0,
            highestSequence: 0,
            jitter: 0,
            lastSr: ntpMiddle32(sr.ntpSeconds, sr.ntpFraction),
            delaySinceLastSr: Math.round(0.04 * 65536),
          },
        ],
        extension: Buffer.alloc(0),
      },
    ]);
    await rtcp.send(answer, leg.local.port + 1);
    await sleep(30);
    const rtt = leg.stats().rttMs;
    expect(rtt).not.toBeNull();
    // Loopback: the true RTT is well under 50 ms (SR age at answer minus the 40 ms held).
    expect(rtt!).toBeGreaterThanOrEqual(0);
    expect(rtt!).toBeLessThan(100);

    const count = rtcp.received.length;
    await leg.close();
    await rtcp.waitFor(count + 1);
    const last = parseRtcp(rtcp.received.at(-1)!.data)!;
    expect(last.at(-1)).toMatchObject({ type: 'bye', ssrcs: [sr.ssrc] });
    await Promise.all([rtp.close(), rtcp.close()]);
  });

  it('emits rtp-timeout once when the peer stops sending', async () => {
    const peer = await udpPeer();
    const leg = await server.allocateLeg();
    const events: MediaLegEvent['type'][] = [];
    leg.on((event) => events.push(event.type));
    leg.configure({
      codec: 'PCMA',
      payloadType: 8,
      dtmfPayloadType: null,
      remote: { address: '127.0.0.1', port: peer.port },
      direction: 'sendrecv',
    });
    await sleep(1200);
    expect(events).toEqual(['rtp-timeout']);
    await leg.close();
    expect(events).toEqual(['rtp-timeout', 'closed']);
    await peer.close();
  });
});
