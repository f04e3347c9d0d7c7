// Call set-up rate benchmark (not a test; prints figures). Usage:
//   node --import tsx bench/sip/setup-rate.ts [rate…]   e.g. 100 200 400 600 800
// Yunhu's engine (call control + media engine, default SIP timers) answers every INVITE with a
// media leg; sipp's built-in `uac` (INVITE, 100, 200, ACK, BYE, 200 over UDP) ramps through the
// rates, BENCH_SECONDS (default 5) each, until a step has failed calls, retransmissions, or
// cannot be offered at its rate. Prints the highest clean rate and Yunhu's CPU per call.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTelephony } from '../../server/src/telephony/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const rates = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (rates.length === 0) rates.push(50, 100, 200, 300, 400, 600, 800, 1000, 1300, 1600, 2000);

interface Step {
  rate: number;
  achieved: number;
  successful: number;
  failed: number;
  retransmissions: number;
  cpuMicrosPerCall: number;
  cpuPct: number;
}

/** The last row of sipp's -trace_stat CSV as a column → value map. */
function lastStats(dir: string): Map<string, string> {
  const file = readdirSync(dir).find((f) => f.endsWith('.csv'));
  if (!file) return new Map();
  const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  const header = lines[0]!.split(';');
  const last = lines[lines.length - 1]!.split(';');
  return new Map(header.map((name, i) => [name, last[i] ?? '']));
}

function sipp(port: number, rate: number, dir: string): Promise<number | null> {
  const args = [
    `127.0.0.1:${port}`,
    '-sn',
    'uac',
    '-i',
    '127.0.0.1',
    '-p',
    '0',
    '-r',
    String(rate),
    '-m',
    String(rate * SECONDS),
    '-l',
    String(Math.max(200, rate * 2)),
    '-nostdin',
    '-timeout',
    `${SECONDS + 20}s`,
    '-trace_stat',
    '-fd',
    '1',
    '-stf',
    join(dir, 'stats.csv'),
  ];
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { stdio: 'ignore', cwd: dir });
    child.on('close', resolve);
  });
}

async function main(): Promise<void> {
  const telephony = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: 36000, to: 43999 },
  });
  let answered = 0;
  telephony.calls.onIncomingCall((call) => {
    void call.answer().then((o) => {
      if (o.ok) answered++;
    });
  });
  const port = telephony.ports.udp!;
  console.log(`${SECONDS} s per step; ${new Date().toISOString()}`);
  console.log(
    'rate/s  achieved/s  successful  failed  retrans  yunhu-cpu%  µs-cpu/call  (sipp uac, UDP)',
  );
  const steps: Step[] = [];
  try {
    for (const rate of rates) {
      const dir = mkdtempSync(join(tmpdir(), 'yunhu-setup-rate-'));
      const before = answered;
      // Only when asked: its 1 ms wake-ups would count as Yunhu's CPU.
      const loop = process.env.BENCH_DEBUG ? monitorEventLoopDelay({ resolution: 1 }) : null;
      loop?.enable();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await sipp(port, rate, dir);
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      loop?.disable();
      if (loop)
        console.log(
          `  Yunhu event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
        );
      const cpuMicros = cpu.user + cpu.system;
      const stats = lastStats(dir);
      rmSync(dir, { recursive: true, force: true });
      const successful = Number(stats.get('SuccessfulCall(C)') ?? 0);
      const failed = Number(stats.get('FailedCall(C)') ?? 0);
      const retransmissions = Number(stats.get('Retransmissions(C)') ?? 0);
      // sipp's wall time (its ElapsedTime is whole seconds): startup and the last BYE included.
      const achieved = successful / (wallMs / 1000);
      const step: Step = {
        rate,
        achieved,
        successful,
        failed,
        retransmissions,
        cpuMicrosPerCall: cpuMicros / Math.max(answered - before, 1),
        cpuPct: (cpuMicros / 1000 / wallMs) * 100,
      };
      steps.push(step);
      console.log(
        [
          String(rate).padStart(6),
          achieved.toFixed(0).padStart(11),
          String(successful).padStart(11),
          String(failed).padStart(7),
          String(retransmissions).padStart(8),
          step.cpuPct.toFixed(1).padStart(11),
          step.cpuMicrosPerCall.toFixed(0).padStart(12),
        ].join(' '),
      );
      const clean = failed === 0 && retransmissions === 0 && achieved >= rate * 0.95;
      if (!clean) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await telephony.close();
  }
  const best = steps.filter(
    (s) => s.failed === 0 && s.retransmissions === 0 && s.achieved >= s.rate * 0.95,
  );
  const top = best[best.length - 1];
  console.log(
    top
      ? `highest clean rate: ${top.rate} calls/s (${top.cpuMicrosPerCall.toFixed(0)} µs Yunhu CPU per call)`
      : 'no clean step',
  );
}

await main();
