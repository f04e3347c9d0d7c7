// Fits the talk-time distribution used by the pacing simulator to the real call durations of
// the UCI Bank Marketing data set (bank-full.csv, CC BY 4.0; see examples/bank-marketing/README).
// Prints the constants kept in server/src/modules/dialer/simulation/bank-durations.ts; run it
// again and compare when the data file changes:
//   npx tsx bench/pacing/fit-bank-durations.ts [path/to/bank-full.csv]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const candidates = [
  process.argv[2],
  path.resolve('examples/bank-marketing/bank-full.csv'),
  '/work/shared/data/bank-marketing/bank-full.csv',
].filter((p): p is string => typeof p === 'string');
const file = candidates.find((p) => existsSync(p));
if (!file) throw new Error(`bank-full.csv not found (tried ${candidates.join(', ')})`);

const lines = readFileSync(file, 'utf8').trim().split('\n');
const header = lines[0]!.split(';').map((h) => h.replaceAll('"', ''));
const column = header.indexOf('duration');
if (column < 0) throw new Error('no "duration" column');
// A zero-second "call" cannot be simulated as talk; the data has 3 of them.
const durations = lines
  .slice(1)
  .map((line) => Math.max(1, Number(line.split(';')[column])))
  .sort((a, b) => a - b);
const n = durations.length;

// Nearest-rank quantiles at every percent: the simulator samples by inverse CDF between them.
const quantiles: number[] = [];
for (let k = 0; k <= 100; k++) {
  const rank = Math.max(1, Math.ceil((k / 100) * n));
  quantiles.push(durations[rank - 1]!);
}
const logs = durations.map((d) => Math.log(d));
const mu = logs.reduce((s, x) => s + x, 0) / n;
const sigma = Math.sqrt(logs.reduce((s, x) => s + (x - mu) ** 2, 0) / n);
const mean = durations.reduce((s, x) => s + x, 0) / n;

process.stdout.write(
  JSON.stringify(
    {
      file,
      rows: n,
      meanSeconds: Number(mean.toFixed(4)),
      lognormal: { mu: Number(mu.toFixed(6)), sigma: Number(sigma.toFixed(6)) },
      percentiles: quantiles,
    },
    null,
    2,
  ) + '\n',
);
