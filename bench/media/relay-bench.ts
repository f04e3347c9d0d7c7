// Relay benchmark (not a test; prints figures). Usage:
//   node --import tsx bench/media/relay-bench.ts [calls…]   e.g. 100 200 300
// For each load: bridged G.711 calls (50 packets/s each way) through (1) nothing — the
// generator's own loopback baseline, (2) Yunhu's engine, (3) Yunhu recording every call in
// stereo, (4) rtpengine in userspace. Generator and sink run in a child process.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMediaServer, type MediaLeg } from '../../server/src/telephony/media/index.ts';
import { RtpEngine } from './rtpengine.ts';

type Mode = 'direct' | 'yunhu' | 'yunhu+rec' | 'rtpengine';
interface RunResult {
  sent: number;
  received: number;
  p50: number;
  p99: number;
}

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 6) * 1000;
const modes = (process.env.BENCH_MODES ?? 'direct,yunhu,yunhu+rec,rtpengine').split(',') as Mode[];
const loads = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (loads.length === 0) loads.push(100, 200, 300);

function request<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message as object);
  });
}

async function main(): Promise<void> {
  const generator = fork(join(import.meta.dirname, 'load-peer.ts'), [], {
    execArgv: ['--import', 'tsx'],
  });
  const engine = await RtpEngine.start(22999, 48000, 51999);
  const recordings = mkdtempSync(join(tmpdir(), 'yunhu-bench-rec-'));
  const rows: string[] = [];
  const costs = new Map<string, number>(); // `${mode}:${calls}` → µs/packet
  const baselineP99 = new Map<number, number>();
  console.log(`${DURATION_MS / 1000} s per run; ${new Date().toISOString()}`);
  console.log(
    'mode        calls   pps-relayed  loss%   p50ms  p99ms  added-p99ms  cpu%   µs/packet  calls/core  ok',
  );
  try {
    for (const calls of loads) {
      for (const mode of modes) {
        const { ports } = await request<{ ports: number[] }>(generator, { cmd: 'open', calls });
        const targets: [number, number][] = [];
        let cpu: () => number = () => process.cpuUsage().user + process.cpuUsage().system;
        let teardown = (): Promise<void> => Promise.resolve();
        if (mode === 'direct') {
          for (let i = 0; i < calls; i++) targets.push([ports[i * 2 + 1]!, ports[i * 2]!]);
        } else if (mode === 'rtpengine') {
          cpu = () => engine.cpuMicros();
          for (let i = 0; i < calls; i++)
            targets.push(
              await engine.call(`bench-${calls}-${i}`, ports[i * 2]!, ports[i * 2 + 1]!),
            );
          teardown = async () => {
            for (let i = 0; i < calls; i++) await engine.delete(`bench-${calls}-${i}`);
          };
        } else {
          const server = createMediaServer({
            bindAddress: '127.0.0.1',
            portRange: { from: 44000, to: 47999 },
          });
          for (let i = 0; i < calls; i++) {
            const legs: MediaLeg[] = [await server.allocateLeg(), await server.allocateLeg()];
            legs.forEach((leg, side) =>
              leg.configure({
                codec: 'PCMU',
                payloadType: 0,
                dtmfPayloadType: 101,
                remote: { address: '127.0.0.1', port: ports[i * 2 + side]! },
                direction: 'sendrecv',
              }),
            );
            const recordPath = mode === 'yunhu+rec' ? join(recordings, `call-${i}.wav`) : undefined;
            server.bridge(legs[0]!, legs[1]!, recordPath ? { recordPath } : {});
            targets.push([legs[0]!.local.port, legs[1]!.local.port]);
          }
          teardown = () => server.close();
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The delay monitor wakes the loop every ms: only when asked, as its CPU would be
        // charged to Yunhu's relay (it is the same process).
        const loop = process.env.BENCH_DEBUG ? monitorEventLoopDelay({ resolution: 1 }) : null;
        loop?.enable();
        const wallStart = performance.now();
        const cpuStart = cpu();
        const result = await request<RunResult>(generator, {
          cmd: 'run',
          targets,
          durationMs: DURATION_MS,
        });
        const cpuMicros = cpu() - cpuStart;
        const wallMs = performance.now() - wallStart;
        loop?.disable();
        if (loop)
          console.log(
            `  loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms max ${(loop.max / 1e6).toFixed(1)} ms`,
          );
        await teardown();
        await request(generator, { cmd: 'close' });
        const loss = (1 - result.received / result.sent) * 100;
        if (mode === 'direct') baselineP99.set(calls, result.p99);
        const added = mode === 'direct' ? 0 : result.p99 - (baselineP99.get(calls) ?? 0);
        const perPacket = mode === 'direct' ? NaN : cpuMicros / result.received;
        const row = [
          mode.padEnd(11),
          String(calls).padStart(5),
          String(Math.round(result.received / (DURATION_MS / 1000))).padStart(12),
          loss.toFixed(2).padStart(7),
          result.p50.toFixed(2).padStart(7),
          result.p99.toFixed(2).padStart(6),
          added.toFixed(2).padStart(12),
          ((cpuMicros / 1000 / wallMs) * 100).toFixed(1).padStart(6),
          Number.isNaN(perPacket) ? '         -' : perPacket.toFixed(1).padStart(10),
          // Calls one core would carry at this cost: 100 packets/s per call (50 each way).
          Number.isNaN(perPacket)
            ? '          -'
            : (1e6 / (perPacket * 100)).toFixed(0).padStart(11),
          // The issue's quality bar: loss < 0.5 %, p99 added latency < 20 ms.
          mode === 'direct' ? '' : loss < 0.5 && added < 20 ? ' yes' : ' NO',
        ].join(' ');
        costs.set(`${mode}:${calls}`, perPacket);
        console.log(row);
        rows.push(row);
      }
    }
    console.log('\ncost per packet relative to rtpengine (target: yunhu ≤ 1.5×)');
    for (const calls of loads) {
      const reference = costs.get(`rtpengine:${calls}`);
      if (!reference) continue;
      const ratios = (['yunhu', 'yunhu+rec'] as const)
        .filter((mode) => costs.has(`${mode}:${calls}`))
        .map((mode) => `${mode} ${(costs.get(`${mode}:${calls}`)! / reference).toFixed(2)}×`);
      console.log(`${String(calls).padStart(5)} calls: ${ratios.join(', ')}`);
    }
  } finally {
    await engine.stop();
    generator.kill();
    rmSync(recordings, { recursive: true, force: true });
  }
}

await main();
