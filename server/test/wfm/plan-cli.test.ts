import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'server/bin/yunhu.mjs');
const dataDir = mkdtempSync(path.join(tmpdir(), 'yunhu-plan-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  YUNHU_DATA_DIR: dataDir,
  YUNHU_LOG_LEVEL: 'silent',
};
delete env.YUNHU_DATABASE_URL;

async function yunhu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

type Run = Awaited<ReturnType<typeof yunhu>>;

// Each run starts tsx afresh (seconds on a loaded machine), so the runs go in parallel once.
describe('yunhu plan', () => {
  let json: Run, table: Run, missing: Run;
  beforeAll(async () => {
    [json, table, missing] = await Promise.all([
      yunhu([
        'plan',
        ...['--calls', '100', '--interval-minutes', '30', '--aht', '180', '--sl-seconds', '20'],
        ...['--agents', '11..14', '--format', 'json'],
      ]),
      yunhu([
        'plan',
        ...['--calls', '100', '--interval-minutes', '30', '--aht', '180', '--patience', '300'],
        ...['--max-abandon', '0.03'],
      ]),
      yunhu(['plan', '--calls', '100', '--interval-minutes', '30']),
    ]);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--format json prints exactly { model, rows, recommended } with the reference values', () => {
    const out = json;
    expect(out.code).toBe(0);
    const plan = JSON.parse(out.stdout) as {
      model: string;
      rows: { agents: number; pWait: number; serviceLevel: number; meanWait: number }[];
      recommended: { agents: number };
    };
    expect(Object.keys(plan)).toEqual(['model', 'rows', 'recommended']);
    expect(plan.model).toBe('erlang-c');
    expect(plan.rows.map((r) => Number(r.pWait.toFixed(4)))).toEqual([
      0.6821, 0.4494, 0.2853, 0.1741,
    ]);
    expect(plan.rows.map((r) => Number(r.serviceLevel.toFixed(4)))).toEqual([
      0.3896, 0.6402, 0.7956, 0.8884,
    ]);
    expect(plan.rows.map((r) => Number(r.meanWait.toFixed(1)))).toEqual([122.8, 40.4, 17.1, 7.8]);
    expect(plan.recommended.agents).toBe(13);
  });

  it('switches to Erlang A with --patience and prints a bilingual table', () => {
    const out = table;
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('模型 Model: erlang-a');
    expect(out.stdout).toContain('放弃率 P(abandon)');
    expect(out.stdout).toMatch(/建议 Recommended: 13 坐席 agents; 排班 scheduled 19/);
  });

  it('exits 2 naming the missing option', () => {
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/aht/);
  });
});
