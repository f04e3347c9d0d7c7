import type { Command } from 'commander';
import { runPacingBenchmark } from '../../modules/dialer/index.ts';
import { invalidInput } from '../../platform/index.ts';

function positive(name: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw invalidInput(
      'bench.option',
      `--${name} must be a positive ${integer ? 'integer' : 'number'}`,
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
    .requiredOption('--agents <n>', 'logged-in agents')
    .option('--hours <h>', 'simulated hours', '8')
    .option('--seed <s>', 'random seed (same seed = same callees for both policies)', '1')
    .option('--format <format>', 'json | table', 'table')
    .action((opts: { agents: string; hours: string; seed: string; format: string }) => {
      const agents = positive('agents', opts.agents, true);
      const hours = positive('hours', opts.hours, false);
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
