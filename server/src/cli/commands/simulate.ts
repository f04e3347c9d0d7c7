import type { Command } from 'commander';
import { DEFAULT_CALL_STATISTICS, startSipSimulator } from '../../modules/dialer/index.ts';
import { invalidInput } from '../../platform/index.ts';
import { createTelephony } from '../../telephony/index.ts';

interface SimulateOptions {
  host: string;
  sipPort: string;
  rtpPorts: string;
  answerRate: string;
  timeScale: string;
  seed: string;
  agentPrefix: string;
  statsEvery: string;
}

function bad(name: string, value: string, what: string): never {
  throw invalidInput('simulate.option', `--${name} must be ${what}`, {
    where: `--${name} ${value}`,
  });
}

function numberIn(name: string, value: string, min: number, max: number, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) bad(name, value, what);
  return n;
}

function rtpRange(value: string): { from: number; to: number } {
  const m = /^(\d+)-(\d+)$/.exec(value);
  const from = Number(m?.[1]);
  const to = Number(m?.[2]);
  // Even-numbered RTP with RTCP on the next port needs at least two ports.
  if (!m || from < 1024 || to > 65535 || to - from < 1) {
    bad('rtp-ports', value, 'a range FROM-TO within 1024–65535');
  }
  return { from, to };
}

/**
 * `yunhu simulate callees`: a SIP endpoint population on its own engine. Point a campaign's
 * trunk at it (sip:{number}@HOST:PORT) and its agents at sip:agent-N@HOST:PORT.
 */
export function registerSimulate(program: Command): void {
  const simulate = program
    .command('simulate')
    .description('Simulated SIP endpoints for demos, tests and benchmarks');
  simulate
    .command('callees')
    .description(
      'Answer INVITEs like people do (answer probability, ring and talk times fitted to bank-full.csv) and as simulated agents (user agent-N), over real SIP/RTP',
    )
    .option('--host <address>', 'address to bind and put in Via, Contact and SDP', '127.0.0.1')
    .option('--sip-port <port>', 'SIP port, UDP and TCP (0 = any free port)', '5070')
    .option('--rtp-ports <from-to>', 'UDP port range for RTP', '31000-31999')
    .option(
      '--answer-rate <p>',
      'probability that a callee answers, 0–1',
      String(DEFAULT_CALL_STATISTICS.answerProbability),
    )
    .option('--time-scale <f>', 'multiplies ring, talk and agent times (1 = real time)', '1')
    .option('--seed <s>', 'random seed (same seed = same callees in the same order)', '1')
    .option('--agent-prefix <prefix>', 'user part that marks a simulated agent', 'agent-')
    .option('--stats-every <seconds>', 'print counters this often (0 = only at the end)', '10')
    .action(async (opts: SimulateOptions) => {
      const sipPort = numberIn('sip-port', opts.sipPort, 0, 65535, 'a port number');
      if (!Number.isInteger(sipPort)) bad('sip-port', opts.sipPort, 'a port number');
      const rtpPorts = rtpRange(opts.rtpPorts);
      const answerProbability = numberIn('answer-rate', opts.answerRate, 0, 1, 'a probability 0–1');
      const timeScale = numberIn('time-scale', opts.timeScale, 1e-6, 100, 'a positive factor');
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) bad('seed', opts.seed, 'an integer');
      const statsEvery = numberIn('stats-every', opts.statsEvery, 0, 86_400, 'seconds ≥ 0');

      const engine = await createTelephony({ host: opts.host, sipPort, rtpPorts });
      const sim = startSipSimulator({
        calls: engine.calls,
        seed,
        timeScale,
        stats: { answerProbability },
        agentPrefix: opts.agentPrefix,
      });
      const out = (line: string): boolean => process.stdout.write(`${line}\n`);
      const counters = (): string =>
        Object.entries(sim.stats)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
      out(
        `yunhu simulate callees: listening on sip:*@${opts.host}:${engine.ports.udp} (udp, tcp), ` +
          `rtp ${rtpPorts.from}-${rtpPorts.to}, answer rate ${answerProbability}, ` +
          `time scale ${timeScale}, seed ${seed}, agents ${opts.agentPrefix}N`,
      );
      const ticker =
        statsEvery > 0 ? setInterval(() => out(`stats ${counters()}`), statsEvery * 1000) : null;

      // Stop cleanly: reject new calls, hang up the ones in progress (BYE), close the sockets.
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      if (ticker) clearInterval(ticker);
      await sim.stop();
      await engine.close();
      out(`stopped ${counters()}`);
    });
}
