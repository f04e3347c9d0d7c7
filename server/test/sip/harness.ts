// Shared helpers for peer tests: free ports, child processes that are always reaped, a sipp runner.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';

export const SCENARIOS = new URL('./scenarios/', import.meta.url).pathname;

const children = new Set<ChildProcess>();

/** A port free for both UDP and TCP on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)),
    );
    const tcpOk = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpOk) return port;
  }
  throw new Error('no free port');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  timeoutMs = 20_000,
  cwd?: string,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running child (e.g. kamailio, baresip); killed by killChildren(). */
export function start(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}

export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** sipp against 127.0.0.1:<port>, one call, errors on timeout; resolves with the exit code. */
export async function sipp(
  target: number,
  scenario: string,
  extra: string[] = [],
  timeoutMs = 15_000,
  cwd?: string,
): Promise<RunResult> {
  const local = await freePort();
  const scenarioArgs = scenario.startsWith('-sn')
    ? scenario.split(' ')
    : ['-sf', SCENARIOS + scenario];
  return run(
    'sipp',
    [
      `127.0.0.1:${target}`,
      ...scenarioArgs,
      '-i',
      '127.0.0.1',
      '-p',
      String(local),
      '-m',
      '1',
      '-nostdin',
      '-timeout',
      `${Math.round(timeoutMs / 1000) - 2}s`,
      '-timeout_error',
      '-max_recv_loops',
      '100',
      ...extra,
    ],
    timeoutMs,
    cwd,
  );
}
