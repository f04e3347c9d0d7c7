// Two legs bridged, each facing a plain UDP socket ("caller" and "agent"), audio both ways.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeG711,
  encodeG711,
  parseWav,
  rms,
  tone,
  transcodeG711,
} from '../../src/telephony/audio/index.ts';
import {
  createMediaServer,
  type LegConfig,
  type MediaServer,
} from '../../src/telephony/media/index.ts';
import { buildRtp, parseRtp, serializeTelephoneEvent } from '../../src/telephony/rtp/index.ts';
import { sleep, udpPeer, type UdpPeer } from './udp-peer.ts';

const dir = mkdtempSync(join(tmpdir(), 'yunhu-media-bridge-'));
let server: MediaServer;
beforeAll(() => {
  server = createMediaServer({ bindAddress: '127.0.0.1', portRange: { from: 41200, to: 41299 } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (peer: UdpPeer, codec: 'PCMU' | 'PCMA', dtmf: number | null): LegConfig => ({
  codec,
  payloadType: codec === 'PCMU' ? 0 : 8,
  dtmfPayloadType: dtmf,
  remote: { address: '127.0.0.1', port: peer.port },
  direction: 'sendrecv',
});

/** Sends `pcm` as 20 ms packets in real time; returns the packets sent. */
async function talk(
  peer: UdpPeer,
  port: number,
  pcm: Int16Array,
  codec: 'PCMU' | 'PCMA',
  stream: { ssrc: number; seq: number; ts: number },
): Promise<void> {
  const start = performance.now();
  for (let i = 0; i * 160 < pcm.length; i++) {
    const payload = encodeG711(codec, pcm.subarray(i * 160, (i + 1) * 160));
    await peer.send(
      buildRtp(codec === 'PCMU' ? 0 : 8, stream.seq, stream.ts, stream.ssrc, payload),
      port,
    );
    stream.seq = (stream.seq + 1) & 0xffff;
    stream.ts = (stream.ts + 160) >>> 0;
    const wait = start + (i + 1) * 20 - performance.now();
    if (wait > 1) await sleep(wait);
  }
}

describe('bridging two legs', () => {
  it('relays both ways at the same time, rewriting payload type, SSRC, seq and timestamp; stereo recording', async () => {
    const caller = await udpPeer();
    const agent = await udpPeer();
    const a = await server.allocateLeg();
    const b = await server.allocateLeg();
    a.configure(config(caller, 'PCMU', 101)); // the caller speaks µ-law, DTMF on 101
    b.configure(config(agent, 'PCMA', 96)); // the agent A-law, DTMF on 96
    await sleep(20);
    const path = join(dir, 'call.wav');
    const bridge = server.bridge(a, b, { recordPath: path });

    const callerVoice = tone(400, 1000, 8000);
    const agentVoice = tone(1000, 1000, 4000);
    const callerStream = { ssrc: 0x1111, seq: 65530, ts: 0xffffff00 }; // both wrap during the call
    const agentStream = { ssrc: 0x2222, seq: 100, ts: 5000 };
    await Promise.all([
      talk(caller, a.local.port, callerVoice, 'PCMU', callerStream),
      talk(agent, b.local.port, agentVoice, 'PCMA', agentStream),
    ]);
    // A DTMF digit from the caller reaches the agent on the agent's telephone-event type.
    const digit = serializeTelephoneEvent({ event: 3, end: true, volume: 10, duration: 800 });
    await caller.send(
      buildRtp(101, callerStream.seq, callerStream.ts, callerStream.ssrc, digit, true),
      a.local.port,
    );
    await Promise.all([agent.waitFor(51), caller.waitFor(50)]);
    await sleep(50); // anything extra would show up now

    const atAgent = agent.received.map((r) => parseRtp(r.data)!);
    const atCaller = caller.received.map((r) => parseRtp(r.data)!);
    expect(atAgent.length).toBe(51);
    expect(atCaller.length).toBe(50);
    const agentAudio = atAgent.filter((p) => p.payloadType === 8);
    expect(agentAudio).toHaveLength(50);
    expect(atAgent.at(-1)!.payloadType).toBe(96);
    expect(atCaller.every((p) => p.payloadType === 0)).toBe(true);
    // New SSRC per direction: neither side sees the other's SSRC, and they differ.
    expect(new Set(atAgent.map((p) => p.ssrc)).size).toBe(1);
    expect(new Set(atCaller.map((p) => p.ssrc)).size).toBe(1);
    expect([0x1111, 0x2222, atCaller[0]!.ssrc]).not.toContain(atAgent[0]!.ssrc);
    for (const stream of [atAgent, atCaller]) {
      stream.forEach((p, i) => {
        if (i === 0) return;
        expect(p.sequenceNumber).toBe((stream[i - 1]!.sequenceNumber + 1) & 0xffff);
      });
    }
    // Audio crosses intact: byte for byte what the caller sent, transcoded µ-law → A-law
    // (tandem G.711 quantisation costs about 2 % of level), and A-law → µ-law the other way.
    const sentByCaller = encodeG711('PCMU', callerVoice);
    const expectedAtAgent = transcodeG711('PCMU', 'PCMA', sentByCaller);
    expect(Buffer.concat(agentAudio.map((p) => p.payload)).equals(expectedAtAgent)).toBe(true);
    const heardByAgent = decodeG711('PCMA', Buffer.concat(agentAudio.map((p) => p.payload)));
    const heardByCaller = decodeG711('PCMU', Buffer.concat(atCaller.map((p) => p.payload)));
    expect(Math.abs(rms(heardByAgent) / rms(callerVoice) - 1)).toBeLessThan(0.03);
    expect(Math.abs(rms(heardByCaller) / rms(agentVoice) - 1)).toBeLessThan(0.03);

    const info = await bridge.unbridge();
    expect(info).toMatchObject({ path, channels: 2 });
    const wav = parseWav(readFileSync(path));
    expect(wav.channels).toBe(2);
    const left = wav.samples.filter((_, i) => i % 2 === 0);
    const right = wav.samples.filter((_, i) => i % 2 === 1);
    expect(Math.abs(left.length / 8000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(rms(left) / rms(callerVoice) - 1)).toBeLessThan(0.05);
    expect(Math.abs(rms(right) / rms(agentVoice) - 1)).toBeLessThan(0.05);

    // After unbridge nothing is relayed any more.
    const before = agent.received.length;
    await talk(caller, a.local.port, tone(400, 60), 'PCMU', callerStream);
    await sleep(30);
    expect(agent.received.length).toBe(before);
    await Promise.all([a.close(), b.close(), caller.close(), agent.close()]);
  });

  it('keeps sequence and timestamp continuous when the caller restarts its stream (re-INVITE)', async () => {
    const caller = await udpPeer();
    const agent = await udpPeer();
    const a = await server.allocateLeg();
    const b = await server.allocateLeg();
    a.configure(config(caller, 'PCMU', null));
    b.configure(config(agent, 'PCMU', null));
    await sleep(20);
    server.bridge(a, b);
    await talk(caller, a.local.port, tone(400, 200), 'PCMU', { ssrc: 1, seq: 10, ts: 1000 });
    // re-INVITE: same remote, the phone restarts with a new SSRC and random seq/ts.
    a.configure(config(caller, 'PCMU', null));
    await talk(caller, a.local.port, tone(400, 200), 'PCMU', {
      ssrc: 2,
      seq: 40000,
      ts: 9_000_000,
    });
    await sleep(50);
    const packets = agent.received.map((r) => parseRtp(r.data)!);
    expect(packets).toHaveLength(20);
    expect(new Set(packets.map((p) => p.ssrc)).size).toBe(1);
    const seqs = packets.map((p) => p.sequenceNumber);
    expect(seqs.every((s, i) => i === 0 || s === ((seqs[i - 1]! + 1) & 0xffff))).toBe(true);
    const step = (packets[10]!.timestamp - packets[9]!.timestamp) >>> 0;
    expect(step).toBeGreaterThanOrEqual(160);
    expect(step).toBeLessThan(8000); // follows elapsed time, no jump to the new source's clock
    expect(packets[10]!.marker).toBe(true);
    await Promise.all([a.close(), b.close(), caller.close(), agent.close()]);
  });

  it('a prompt played to one leg of a bridge wins over the relayed audio, then the relay resumes', async () => {
    const caller = await udpPeer();
    const agent = await udpPeer();
    const a = await server.allocateLeg();
    const b = await server.allocateLeg();
    a.configure(config(caller, 'PCMU', null));
    b.configure(config(agent, 'PCMU', null));
    await sleep(20);
    server.bridge(a, b);
    const announcement = b.play(tone(800, 200, 1000));
    await talk(caller, a.local.port, tone(400, 200, 8000), 'PCMU', { ssrc: 5, seq: 1, ts: 1 });
    expect(await announcement).toBe('done');
    const duringPrompt = agent.received.map((r) =>
      rms(decodeG711('PCMU', parseRtp(r.data)!.payload)),
    );
    expect(duringPrompt.every((level) => level < 1000)).toBe(true);
    await talk(caller, a.local.port, tone(400, 100, 8000), 'PCMU', { ssrc: 5, seq: 11, ts: 1601 });
    await sleep(30);
    const after = agent.received
      .slice(-3)
      .map((r) => rms(decodeG711('PCMU', parseRtp(r.data)!.payload)));
    expect(after.every((level) => level > 4000)).toBe(true);
    await Promise.all([a.close(), b.close(), caller.close(), agent.close()]);
  });

  it('survives 3,000 malformed datagrams (random bytes, truncated headers, bad padding) and keeps relaying', async () => {
    const caller = await udpPeer();
    const agent = await udpPeer();
    const a = await server.allocateLeg();
    const b = await server.allocateLeg();
    a.configure(config(caller, 'PCMU', 101));
    b.configure(config(agent, 'PCMU', 101));
    await sleep(20);
    server.bridge(a, b, { recordPath: join(dir, 'fuzz.wav') });
    a.onDtmf(() => undefined);
    const valid = buildRtp(0, 1, 160, 9, new Uint8Array(160));
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 3000; i++) {
      const kind = i % 3;
      let data: Buffer;
      if (kind === 0)
        data = Buffer.from(
          Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
        );
      else {
        data = Buffer.from(valid.subarray(0, Math.floor(random() * valid.length)));
        if (data.length > 1) data[0] = 0x80 | (kind === 2 ? 0x3f : 0); // P, X, CC=15 on half of them
        if (data.length > 1) data[1] = i % 2 ? 101 : 0;
        if (data.length > 12) data[data.length - 1] = 255;
      }
      await caller.send(data, a.local.port);
    }
    await sleep(300); // let the burst drain (socket buffers drop part of it, as they may)
    const before = agent.received.length;
    await talk(caller, a.local.port, tone(400, 100), 'PCMU', { ssrc: 42, seq: 5000, ts: 0 });
    await agent.waitFor(before + 5, 3000);
    const last = agent.received.slice(before).map((r) => parseRtp(r.data)!);
    expect(last.map((p) => p.payload.length)).toEqual([160, 160, 160, 160, 160]);
    await Promise.all([a.close(), b.close(), caller.close(), agent.close()]);
  });
});
