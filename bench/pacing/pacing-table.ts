// The pacing benchmark table for docs/dialer.md: Yunhu vs the classic adaptive baseline, same
// seeds and call statistics, for several team sizes. Prints Markdown.
//   npx tsx bench/pacing/pacing-table.ts [--agents 10,50,200] [--hours 8] [--seeds 1,2,3]
import {
  createPacingPolicy,
  runSimulation,
  type PacingPolicyName,
} from '../../server/src/modules/dialer/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const agentsList = arg('agents', '10,50,200').split(',').map(Number);
const hours = Number(arg('hours', '8'));
const seeds = arg('seeds', '1,2,3').split(',').map(Number);
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

process.stdout.write(
  '| agents | seed | policy | occupancy | abandon rate | worst 60-min abandon | dialed | answered | connected | run time |\n' +
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n',
);
for (const agents of agentsList) {
  for (const seed of seeds) {
    for (const policy of ['yunhu', 'baseline'] as PacingPolicyName[]) {
      const started = process.hrtime.bigint();
      const r = runSimulation(createPacingPolicy(policy), { agents, hours, seed });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(
        `| ${agents} | ${seed} | ${policy} | ${pct(r.occupancy)} | ${pct(r.abandonRate)} | ${pct(r.worstWindowAbandonRate)} | ${r.dialed} | ${r.answered} | ${r.connected} | ${(ms / 1000).toFixed(1)} s |\n`,
      );
    }
  }
}
