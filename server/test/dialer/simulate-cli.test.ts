import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFate, DEFAULT_CALL_STATISTICS } from '../../src/modules/dialer/index.ts';
import { silentLogger } from '../../src/platform/index.ts';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';

// `yunhu simulate callees` as a child process, dialed over real SIP/RTP by a second engine. With
// a fixed seed the population is predictable: the k-th callee's fate is callFate(stats, seed, k),
// so each of six calls must be answered, refused busy (486), refused unavailable (480) or left
// ringing until our CANCEL exactly as its statistics say. Then an agent call, then SIGINT.

const bin = path.resolve(import.meta.dirname, '../../bin/yunhu.mjs');
const SEED = 7;
const ANSWER_RATE = 0.5;
const SCALE = 0.05;
const CALLS = 6;
const base = 32_000 + Math.floor(Math.random() * 400) * 20;

type Kind = 'answered' | 'busy' | 'unavailable' | 'no_answer';

function expectedKind(k: number): Kind {
  const stats = { ...DEFAULT_CALL_STATISTICS, answerProbability: ANSWER_RATE };
  const fate = callFate(stats, SEED, k);
  if (fate.answered) return 'answered';
  if (fate.ringMs >= stats.ringTimeoutMs) return 'no_answer';
  return fate.wrapMs < (stats.wrapMinMs + stats.wrapMaxMs) / 2 ? 'busy' : 'unavailable';
}

describe('yunhu simulate callees', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let uac: Telephony;
  let port = 0;

  beforeAll(async () => {
    child = spawn(process.execPath, [
      bin,
      ...['simulate', 'callees', '--sip-port', '0', '--rtp-ports', `${base}-${base + 9}`],
      ...['--answer-rate', String(ANSWER_RATE), '--time-scale', String(SCALE)],
      ...['--seed', String(SEED), '--stats-every', '0.2'],
    ]);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    await waitFor(() => /listening on sip:\*@127\.0\.0\.1:(\d+) \(udp, tcp\)/.test(stdout), 30_000);
    port = Number(/127\.0\.0\.1:(\d+)/.exec(stdout)![1]);
    uac = await createTelephony({
      host: '127.0.0.1',
      sipPort: 0,
      rtpPorts: { from: base + 10, to: base + 19 },
      logger: silentLogger,
    });
  }, 60_000);

  afterAll(async () => {
    await uac.close();
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it(
    'answers, rejects or lets ring each callee per its statistics, answers agents, and stops on SIGINT',
    { timeout: 60_000 },
    async () => {
      const kinds = Array.from({ length: CALLS }, (_, k) => expectedKind(k));
      // The seed was picked so that every behaviour is exercised.
      expect(new Set(kinds)).toEqual(new Set(['answered', 'busy', 'unavailable', 'no_answer']));

      for (const [k, kind] of kinds.entries()) {
        const { call, answered } = await uac.calls.originate({
          uri: `sip:+86138000000${k}@127.0.0.1:${port}`,
          from: '<sip:+861080000001@127.0.0.1>',
          timeoutMs: 2000,
        });
        const outcome = await answered;
        if (kind === 'answered') {
          expect(outcome).toEqual({ ok: true });
          await new Promise((r) => setTimeout(r, 400));
          await call.hangup();
          const end = await call.ended();
          // The callee sends audio while talking (or hung up first, having sent some).
          expect(end.stats?.packetsReceived ?? 0).toBeGreaterThan(0);
          continue;
        }
        expect(outcome.ok).toBe(false);
        const end = await call.ended();
        if (kind === 'busy') expect(outcome).toMatchObject({ status: 486 });
        else if (kind === 'unavailable') expect(outcome).toMatchObject({ status: 480 });
        else expect(end.reason).toBe('no-answer');
      }

      const agent = await uac.calls.originate({ uri: `sip:agent-1@127.0.0.1:${port}` });
      expect(await agent.answered).toEqual({ ok: true });

      const count = (k: Kind) => kinds.filter((x) => x === k).length;
      const want =
        `offered=${CALLS} answered=${count('answered')} busy=${count('busy')} ` +
        `unavailable=${count('unavailable')} unanswered=${count('no_answer')} agentCalls=1`;
      await waitFor(() => stdout.includes(`stats ${want}`), 10_000);

      // SIGINT with the agent call up: the simulator hangs it up (BYE) and exits 0.
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect((await agent.call.ended()).reason).toBe('remote-hangup');
      expect(await exited).toBe(0);
      expect(stdout).toContain(`stopped ${want}`);
    },
  );
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
