// Legs allocated, used and closed must give their memory back: a per-call leak would show as
// steady growth over rounds. Heap after the last round within 10 % of after the first.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createMediaServer, type MediaLeg } from '../../src/telephony/media/index.ts';
import { buildRtp } from '../../src/telephony/rtp/index.ts';
import { sleep, udpPeer } from './udp-peer.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describe('media engine memory', () => {
  it('returns to within 10 % after 6 rounds of 50 bridged leg pairs', async () => {
    const server = createMediaServer({
      bindAddress: '127.0.0.1',
      portRange: { from: 41400, to: 41999 },
    });
    const peer = await udpPeer();
    const packet = buildRtp(0, 1, 160, 7, new Uint8Array(160));
    const round = async (): Promise<void> => {
      const legs: MediaLeg[] = await Promise.all(
        Array.from({ length: 100 }, () => server.allocateLeg()),
      );
      for (const leg of legs) {
        leg.configure({
          codec: 'PCMU',
          payloadType: 0,
          dtmfPayloadType: 101,
          remote: { address: '127.0.0.1', port: peer.port },
          direction: 'sendrecv',
        });
      }
      for (let i = 0; i < legs.length; i += 2) server.bridge(legs[i]!, legs[i + 1]!);
      await sleep(10);
      for (const leg of legs) await peer.send(packet, leg.local.port);
      await sleep(10);
      await Promise.all(legs.map((leg) => leg.close()));
    };
    await round();
    const baseline = heapAfterGc();
    for (let i = 0; i < 5; i++) await round();
    const after = heapAfterGc();
    expect(peer.received.length).toBeGreaterThan(0); // the relay really ran
    expect(after / baseline).toBeLessThan(1.1);
    await server.close();
    await peer.close();
  });
});
