// The simulator under the real-SIP run's compressed call statistics (bench/pacing/real-sip-run.ts
// defaults): answer delays, fast failures and talk times × --time-scale, wrap-up 15 s × scale,
// no-answer rings still 15 s. It checks the simulator against the real-SIP run and shows how
// the two policies compare past the first minutes. Prints one line per run.
//   npx tsx bench/pacing/compressed-sim.ts [--agents 5] [--minutes 8,60] [--seeds 1,2,3]
//     [--time-scale 0.05] [--answer-rate 0.36]
import {
  BANK_TALK_PERCENTILES,
  createPacingPolicy,
  runSimulation,
  type PacingPolicyName,
} from '../../server/src/modules/dialer/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const agents = Number(arg('agents', '5'));
const minutesList = arg('minutes', '8,60').split(',').map(Number);
const seeds = arg('seeds', '1,2,3').split(',').map(Number);
const scale = Number(arg('time-scale', '0.05'));
const wrapMs = Math.round(15_000 * scale);
const stats = {
  answerProbability: Number(arg('answer-rate', '0.36')),
  ringMedianMs: 9000 * scale,
  ringTimeoutMs: 15_000,
  fastFailMinMs: 2000 * scale,
  fastFailMaxMs: 6000 * scale,
  talkPercentiles: BANK_TALK_PERCENTILES.map((s) => s * scale),
  wrapMinMs: wrapMs,
  wrapMaxMs: wrapMs,
};
const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

process.stdout.write(
  '| agents | minutes | seed | policy | occupancy | abandon rate | dialed | answered | connected |\n' +
    '|---:|---:|---:|---|---:|---:|---:|---:|---:|\n',
);
for (const minutes of minutesList) {
  for (const seed of seeds) {
    for (const policy of ['yunhu', 'baseline'] as PacingPolicyName[]) {
      // 250 ms decisions, as the real-SIP run's runner ticks.
      const r = runSimulation(createPacingPolicy(policy), {
        agents,
        hours: minutes / 60,
        seed,
        stats,
        tickMs: 250,
      });
      process.stdout.write(
        `| ${agents} | ${minutes} | ${seed} | ${policy} | ${pct(r.occupancy)} | ${pct(r.abandonRate)} | ${r.dialed} | ${r.answered} | ${r.connected} |\n`,
      );
    }
  }
}
