import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/yunhu.mjs');

describe('yunhu bench pacing', () => {
  it('prints one run per policy in the agreed JSON shape', async () => {
    const { stdout } = await run(process.execPath, [
      bin,
      ...['bench', 'pacing', '--agents', '10', '--hours', '1', '--seed', '2', '--format', 'json'],
    ]);
    const out = JSON.parse(stdout) as { runs: Record<string, unknown>[] };
    expect(out.runs.map((r) => r.policy)).toEqual(['yunhu', 'baseline']);
    for (const r of out.runs) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'abandonRate',
          'agents',
          'answered',
          'connected',
          'dialed',
          'hours',
          'occupancy',
          'policy',
        ].sort(),
      );
      expect(r).toMatchObject({ agents: 10, hours: 1 });
    }
    const [yunhu, baseline] = out.runs as { occupancy: number; abandonRate: number }[];
    expect(yunhu!.abandonRate).toBeLessThanOrEqual(0.03);
    expect(yunhu!.occupancy).toBeGreaterThan(baseline!.occupancy);
  });

  it('rejects a bad --agents with exit code 2', async () => {
    await expect(
      run(process.execPath, [bin, 'bench', 'pacing', '--agents', '0']),
    ).rejects.toMatchObject({
      code: 2,
    });
  });

  it.each([
    [['--agents', '1e9'], '--agents'],
    [['--agents', '2001'], '--agents'],
    [['--agents', '10', '--hours', '1e6'], '--hours'],
    [['--agents', '10', '--hours', '25'], '--hours'],
    [['--agents', '2000', '--hours', '24'], 'agent-hours'],
  ])('rejects %j at once with exit code 2 naming %s', async (args, option) => {
    const started = Date.now();
    const failure = run(process.execPath, [bin, 'bench', 'pacing', ...args], { timeout: 20_000 });
    await expect(failure).rejects.toMatchObject({ code: 2 });
    const stderr = String(
      ((await failure.catch((e: unknown) => e)) as { stderr?: unknown }).stderr,
    );
    expect(stderr).toContain(option);
    expect(stderr).toMatch(/up to (2000|24)|at most 2400/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
