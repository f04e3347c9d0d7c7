import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPcapUdp } from '../../../test/media/pcap.ts';
import { buildRtp, looksLikeRtcp, parseRtp, rtpPayloadOffset, serializeRtp } from './rtp-packet.ts';
import { ntpFromUnixMs, ntpMiddle32, parseRtcp, serializeRtcp } from './rtcp-packet.ts';
import {
  dtmfDigitOf,
  dtmfEventCode,
  parseTelephoneEvent,
  serializeTelephoneEvent,
} from './telephone-event.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/rtp');
const SIPP = '/usr/share/sip-tester';
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

describe('RTP packets (RFC 3550 §5.1) on real bytes', () => {
  it('round-trips every packet of every pcap sipp ships byte for byte', () => {
    const files = readdirSync(SIPP).filter((f) => f.endsWith('.pcap'));
    expect(files.length).toBe(13);
    let count = 0;
    for (const file of files) {
      for (const datagram of readPcapUdp(join(SIPP, file))) {
        const packet = parseRtp(datagram.payload);
        expect(packet, file).not.toBeNull();
        expect(serializeRtp(packet!).equals(datagram.payload), file).toBe(true);
        count++;
      }
    }
    expect(count).toBe(236 + 12 * 10);
  });

  it('decodes the g711a.pcap packet: PCMA, 240 samples (30 ms) of payload', () => {
    const bytes = fixture('sipp-g711a-30ms.bin');
    const packet = parseRtp(bytes)!;
    expect(packet.payloadType).toBe(8);
    expect(packet.payload.length).toBe(240);
    expect(packet.ssrc).toBe(bytes.readUInt32BE(8));
    expect(rtpPayloadOffset(bytes)).toBe(12);
    expect(looksLikeRtcp(bytes)).toBe(false);
  });

  it('decodes and rebuilds the baresip PCMU packet', () => {
    const bytes = fixture('baresip-rtp-pcmu.bin');
    const packet = parseRtp(bytes)!;
    expect(packet.payloadType).toBe(0);
    expect(packet.payload.length).toBe(160);
    const rebuilt = buildRtp(
      0,
      packet.sequenceNumber,
      packet.timestamp,
      packet.ssrc,
      packet.payload,
    );
    expect(rebuilt.equals(bytes)).toBe(true);
  });

  it('round-trips CSRCs, a header extension and padding', () => {
    const packet = {
      marker: true,
      payloadType: 96,
      sequenceNumber: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      csrcs: [1, 2],
      extension: { profile: 0xbede, data: Buffer.from([1, 2, 3, 4]) },
      payload: Buffer.from('abc'),
      paddingLength: 5,
    };
    const bytes = serializeRtp(packet);
    expect(bytes.length).toBe(12 + 8 + 8 + 3 + 5);
    expect(parseRtp(bytes)).toEqual(packet);
    expect(rtpPayloadOffset(bytes)).toBe(28);
  });

  it('rejects truncated, wrong-version and bad-padding packets without throwing', () => {
    const good = fixture('sipp-g711a-30ms.bin');
    expect(parseRtp(good.subarray(0, 11))).toBeNull();
    const v1 = Buffer.from(good);
    v1[0] = 0x40;
    expect(parseRtp(v1)).toBeNull();
    const badPad = Buffer.from(good);
    badPad[0] = 0xa0;
    badPad[badPad.length - 1] = 0;
    expect(parseRtp(badPad)).toBeNull();
    const csrcOverrun = Buffer.from(good.subarray(0, 16));
    csrcOverrun[0] = 0x8f;
    expect(parseRtp(csrcOverrun)).toBeNull();
  });

  it('never throws on arbitrary bytes (RTP and RTCP parsers)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const data = Buffer.from(bytes);
        parseRtp(data);
        parseRtcp(data);
        parseTelephoneEvent(data);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('RFC 4733 telephone-event on real bytes', () => {
  it('reads digit 1 from the first packet of dtmf_2833_1.pcap (marker set, duration 0)', () => {
    const packet = parseRtp(fixture('sipp-dtmf-1-start.bin'))!;
    expect(packet.payloadType).toBe(101);
    expect(packet.marker).toBe(true);
    const event = parseTelephoneEvent(packet.payload)!;
    expect(event).toEqual({ event: 1, end: false, volume: 10, duration: 0 });
    expect(dtmfDigitOf(event.event)).toBe('1');
    expect(serializeTelephoneEvent(event).equals(packet.payload)).toBe(true);
  });

  it('reads the end packet: E bit set, duration 2240 (280 ms), same timestamp as the start', () => {
    const start = parseRtp(fixture('sipp-dtmf-1-start.bin'))!;
    const end = parseRtp(fixture('sipp-dtmf-1-end.bin'))!;
    expect(end.timestamp).toBe(start.timestamp);
    const event = parseTelephoneEvent(end.payload)!;
    expect(event).toEqual({ event: 1, end: true, volume: 10, duration: 2240 });
    expect(serializeTelephoneEvent(event).equals(end.payload)).toBe(true);
  });

  it('maps every DTMF digit to its event code and back (RFC 4733 §3.2)', () => {
    const digits = '0123456789*#ABCD';
    [...digits].forEach((digit, code) => {
      expect(dtmfEventCode(digit)).toBe(code);
      expect(dtmfDigitOf(code)).toBe(digit);
    });
    expect(dtmfEventCode('x')).toBeNull();
    expect(dtmfDigitOf(16)).toBeNull();
  });
});

describe('RTCP (RFC 3550 §6) on real bytes from baresip', () => {
  it('parses the compound SR + SDES and serialises it byte for byte', () => {
    const bytes = fixture('baresip-rtcp-sr-sdes.bin');
    const packets = parseRtcp(bytes)!;
    expect(packets.map((p) => p.type)).toEqual(['sr', 'sdes']);
    const [sr, sdes] = packets;
    if (sr?.type !== 'sr' || sdes?.type !== 'sdes') throw new Error('unexpected order');
    expect(sr.ssrc).toBe(0x027b48bc);
    expect(sr.packetCount).toBe(250);
    expect(sr.octetCount).toBe(250 * 160);
    expect(sr.reports).toHaveLength(1);
    expect(sr.reports[0]).toMatchObject({ ssrc: 0x36b3bbe8, fractionLost: 0, cumulativeLost: 0 });
    expect(sr.reports[0]!.highestSequence).toBe(0x4872);
    expect(sdes.chunks).toEqual([
      { ssrc: 0x027b48bc, items: [{ type: 1, value: 'sip:a@127.0.0.1:25060' }] },
    ]);
    expect(serializeRtcp(packets).equals(bytes)).toBe(true);
    expect(looksLikeRtcp(bytes)).toBe(true);
  });

  it('round-trips the second SR, the BYE with reason "Adjo" and the APP packet', () => {
    for (const name of [
      'baresip-rtcp-sr-sdes-2.bin',
      'baresip-rtcp-bye-sdes.bin',
      'baresip-rtcp-app-ping.bin',
    ]) {
      const bytes = fixture(name);
      const packets = parseRtcp(bytes)!;
      expect(packets, name).not.toBeNull();
      expect(serializeRtcp(packets).equals(bytes), name).toBe(true);
    }
    const bye = parseRtcp(fixture('baresip-rtcp-bye-sdes.bin'))![0]!;
    expect(bye).toEqual({ type: 'bye', ssrcs: [0x36b3bbe8], reason: 'Adjo' });
    const app = parseRtcp(fixture('baresip-rtcp-app-ping.bin'))![0]!;
    expect(app).toMatchObject({ type: 'other', packetType: 204 });
  });

  it('round-trips an RR with a negative cumulative loss and padding', () => {
    const packets = [
      {
        type: 'rr' as const,
        ssrc: 7,
        reports: [
          {
            ssrc: 9,
            fractionLost: 12,
            cumulativeLost: -3,
            highestSequence: 70000,
            jitter: 33,
            lastSr: 0x12345678,
            delaySinceLastSr: 65536,
          },
        ],
        extension: Buffer.alloc(0),
        paddingLength: 4,
      },
    ];
    const bytes = serializeRtcp(packets);
    expect(bytes.length).toBe(8 + 24 + 4);
    expect(parseRtcp(bytes)).toEqual(packets);
  });

  it('rejects a length field running past the datagram', () => {
    const bytes = Buffer.from(fixture('baresip-rtcp-sr-sdes.bin'));
    bytes.writeUInt16BE(40, 2);
    expect(parseRtcp(bytes)).toBeNull();
  });

  it('converts Unix ms to NTP and takes the middle 32 bits for LSR', () => {
    const ntp = ntpFromUnixMs(1_000_500);
    expect(ntp.seconds).toBe(2_208_988_800 + 1000);
    expect(ntp.fraction).toBe(0x80000000);
    expect(ntpMiddle32(0x0001_0002, 0x0003_0004)).toBe(0x0002_0003);
  });
});
