// A supervisor's leg joined to a bridged call, each leg facing a plain UDP socket that talks a
// tone of its own (customer 440 Hz, agent 1000 Hz, supervisor 600 Hz): what each socket hears in
// listen, whisper and barge, and after the supervisor leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, tone } from '../../src/telephony/audio/index.ts';
import {
  createMediaServer,
  type LegConfig,
  type MediaServer,
  type MonitorMode,
} from '../../src/telephony/media/index.ts';
import { buildRtp } from '../../src/telephony/rtp/index.ts';
import { level } from './goertzel.ts';
import { sleep, udpPeer, type UdpPeer } from './udp-peer.ts';

let server: MediaServer;
beforeAll(() => {
  server = createMediaServer({ bindAddress: '127.0.0.1', portRange: { from: 41300, to: 41399 } });
});
afterAll(async () => {
  await server.close();
});

const config = (peer: UdpPeer): LegConfig => ({
  codec: 'PCMU',
  payloadType: 0,
  dtmfPayloadType: null,
  remote: { address: '127.0.0.1', port: peer.port },
  direction: 'sendrecv',
});

/** Decoded audio a peer received between two instants (performance.now). */
function heard(peer: UdpPeer, from: number, to: number): Int16Array {
  const parts = peer.received
    .filter((r) => r.at >= from && r.at < to && r.data.length > 12)
    .map((r) => decodeG711('PCMU', r.data.subarray(12)));
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('monitor: a supervisor joined to a bridged call', () => {
  it('listen, whisper and barge reach exactly the right parties; leaving restores the bridge', async () => {
    const peers = { a: await udpPeer(), b: await udpPeer(), s: await udpPeer() };
    const legs = {
      a: await server.allocateLeg(),
      b: await server.allocateLeg(),
      s: await server.allocateLeg(),
    };
    for (const k of ['a', 'b', 's'] as const) legs[k].configure(config(peers[k]));
    const hz = { a: 440, b: 1000, s: 600 };
    let talking = true;
    const talk = async (k: 'a' | 'b' | 's') => {
      const pcm = tone(hz[k], 1000, 4000, 8000);
      const ssrc = 1000 + hz[k];
      const start = performance.now();
      for (let i = 0; talking; i++) {
        const frame = pcm.subarray((i % 50) * 160, ((i % 50) + 1) * 160);
        const packet = buildRtp(0, i & 0xffff, (i * 160) >>> 0, ssrc, encodeG711('PCMU', frame));
        await peers[k].send(packet, legs[k].local.port);
        const wait = start + (i + 1) * 20 - performance.now();
        if (wait > 1) await sleep(wait);
      }
    };
    const talkers = [talk('a'), talk('b'), talk('s')];
    const bridge = server.bridge(legs.a, legs.b);
    await sleep(600);
    const windows: Array<{ mode: MonitorMode | 'left'; from: number; to: number }> = [];
    const monitor = server.monitor!(bridge, legs.s, 'listen');
    for (const mode of ['listen', 'whisper', 'barge', 'left'] as const) {
      if (mode === 'left') monitor.stop();
      else monitor.setMode(mode);
      const from = performance.now() + 300; // settle: FIFOs prime, packets in flight drain
      await sleep(1300);
      windows.push({ mode, from, to: performance.now() });
    }
    talking = false;
    await Promise.all(talkers);

    const got: Record<string, Record<string, number>> = {};
    for (const w of windows) {
      for (const k of ['a', 'b', 's'] as const) {
        const pcm = heard(peers[k], w.from, w.to);
        got[`${w.mode} ${k}`] = {
          seconds: Math.round((pcm.length / 8000) * 10) / 10,
          ...Object.fromEntries(
            Object.entries(hz).map(([who, f]) => [who, Math.round(level(pcm, f))]),
          ),
        };
      }
    }
    const on = (mode: string, k: string, who: string) => got[`${mode} ${k}`]![who]! > 1500;
    const off = (mode: string, k: string, who: string) => got[`${mode} ${k}`]![who]! < 300;
    const table = JSON.stringify(got);
    for (const mode of ['listen', 'whisper', 'barge']) {
      // The supervisor hears both sides, never itself.
      expect(on(mode, 's', 'a') && on(mode, 's', 'b') && off(mode, 's', 's'), table).toBe(true);
      // Customer and agent always hear each other.
      expect(on(mode, 'a', 'b') && on(mode, 'b', 'a'), table).toBe(true);
      expect(got[`${mode} a`]!.seconds, table).toBeGreaterThan(0.9);
    }
    expect(off('listen', 'a', 's') && off('listen', 'b', 's'), table).toBe(true);
    expect(off('whisper', 'a', 's') && on('whisper', 'b', 's'), table).toBe(true);
    expect(on('barge', 'a', 's') && on('barge', 'b', 's'), table).toBe(true);
    // Left: the bridge relays as before and the supervisor gets nothing more.
    expect(on('left', 'a', 'b') && on('left', 'b', 'a'), table).toBe(true);
    expect(off('left', 'a', 's') && off('left', 'b', 's'), table).toBe(true);
    expect(got['left s']!.seconds, table).toBe(0);
    await Promise.all(Object.values(legs).map((l) => l.close()));
    await Promise.all(Object.values(peers).map((p) => p.close()));
  }, 30_000);
});
