// The telephony engine's benchmarks in one run (not a test; prints figures). Usage:
//   node --import tsx bench/sip/engine-bench.ts [relay calls…]   e.g. 100 200 300
// 1. call set-up rate (bench/sip/setup-rate.ts, sipp `-r` ramp until failures appear);
// 2. concurrent bridged G.711 calls, Yunhu with and without recording beside rtpengine
//    userspace (bench/media/relay-bench.ts).
// The machine is shared, so `uptime` is printed before and after each part: figures taken
// under a load average near the core count are disturbed and worth a re-run.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function uptime(label: string): void {
  console.log(`[${label}] ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
}

function run(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
      stdio: 'inherit',
    });
    child.on('close', resolve);
  });
}

const relayCalls = process.argv.slice(2);
uptime('before set-up rate');
const setup = await run('sip/setup-rate.ts', []);
uptime('after set-up rate');
await new Promise((resolve) => setTimeout(resolve, 5000)); // let the load settle
uptime('before relay');
const relay = await run('media/relay-bench.ts', relayCalls);
uptime('after relay');
if (setup !== 0 || relay !== 0) process.exitCode = 1;
