import type { Command } from 'commander';
import { runPacingBenchmark } from '../../modules/dialer/index.ts';
import { invalidInput } from '../../platform/index.ts';

// Upper bounds keep the simulation to seconds: --agents 1e9 used to run (and hang) for ever.
const MAX_AGENTS = 2000;
const MAX_HOURS = 24;
/** Run time grows faster than agents × hours (200 × 8 h: 9 s, 2000 × 1 h: 51 s on 2 cores). */
const MAX_AGENT_HOURS = 2400;

function positive(name: string, value: string, integer: boolean, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw invalidInput(
      'bench.option',
      `--${name} must be a positive ${integer ? 'integer' : 'number'} up to ${max}`,
      {
        where: `--${name} ${value}`,
      },
    );
  }
  return n;
}

/** `yunhu bench pacing`: the discrete-event pacing benchmark, Yunhu vs the classic baseline. */
export function registerBench(program: Command): void {
  const bench = program.command('bench').description('Benchmarks that print figures');
  bench
    .command('pacing')
    .description(
      'Simulate a predictive campaign (talk times fitted to bank-full.csv) with Yunhu pacing and the classic adaptive baseline',
    )
    .requiredOption('--agents <n>', 'logged-in agents (1..2000)')
    .option('--hours <h>', 'simulated hours (up to 24)', '8')
    .option('--seed <s>', 'random seed (same seed = same callees for both policies)', '1')
    .option('--format <format>', 'json | table', 'table')
    .action((opts: { agents: string; hours: string; seed: string; format: string }) => {
      const agents = positive('agents', opts.agents, true, MAX_AGENTS);
      const hours = positive('hours', opts.hours, false, MAX_HOURS);
      if (agents * hours > MAX_AGENT_HOURS) {
        throw invalidInput(
          'bench.option',
          `--agents × --hours must be at most ${MAX_AGENT_HOURS} agent-hours (got ${agents * hours}); lower one of them`,
          { where: `--agents ${opts.agents} --hours ${opts.hours}` },
        );
      }
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) {
        throw invalidInput('bench.option', '--seed must be an integer', {
          where: `--seed ${opts.seed}`,
        });
      }
      if (opts.format !== 'json' && opts.format !== 'table') {
        throw invalidInput('bench.option', '--format must be json or table', {
          where: `--format ${opts.format}`,
        });
      }
      const result = runPacingBenchmark({ agents, hours, seed });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const lines = ['policy    agents  hours  occupancy  abandon  dialed  answered  connected'];
      for (const r of result.runs) {
        lines.push(
          [
            r.policy.padEnd(8),
            String(r.agents).padStart(6),
            String(r.hours).padStart(6),
            `${(r.occupancy * 100).toFixed(2)} %`.padStart(10),
            `${(r.abandonRate * 100).toFixed(2)} %`.padStart(8),
            String(r.dialed).padStart(7),
            String(r.answered).padStart(9),
            String(r.connected).padStart(10),
          ].join(' '),
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
