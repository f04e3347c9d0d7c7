import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { MAX_REPORTED_ERRORS, runImport } from '../../src/modules/imports/index.ts';
import { BANK_FILE, importTestContext, tableCounts, type ImportTestContext } from './helpers.ts';

// Every malformed file is rejected with the file line (and column) of the problem, and leaves
// the database exactly as it was. The database already holds a valid import, so "unchanged"
// is checked against real rows, not an empty schema.
const bankLines = readFileSync(BANK_FILE, 'utf8').split('\n').slice(0, 201);
const HEADER = bankLines[0]!;
const ROWS = bankLines.slice(1, 201); // file lines 2..201

describe.each(TEST_DIALECTS)('malformed files on %s', (dialect) => {
  let t: ImportTestContext;
  let before: Record<string, number>;
  let n = 0;
  const file = (content: string | Buffer): string => {
    n += 1;
    const p = path.join(t.dir, `case-${n}.csv`);
    writeFileSync(p, content);
    return p;
  };
  const bank = (content: string | Buffer) =>
    runImport(t.ctx, { tenantId: 't1', kind: 'bank-marketing', filePath: file(content) });

  beforeAll(async () => {
    t = await importTestContext(dialect);
    const ok = await bank([HEADER, ...ROWS.slice(0, 100), ''].join('\n'));
    expect(ok.status).toBe('completed');
    before = await tableCounts(t.ctx);
    expect(before.customers).toBe(100);
  });
  afterAll(async () => {
    await t.close();
  });

  const expectUnchanged = async () => {
    expect(await tableCounts(t.ctx)).toEqual(before);
  };

  it('names a missing column', async () => {
    const header = HEADER.replace('"duration";', '');
    const rows = ROWS.map((r) =>
      r
        .split(';')
        .filter((_, i) => i !== 11)
        .join(';'),
    );
    const report = await bank([header, ...rows].join('\n'));
    expect(report.status).toBe('rejected');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 1, column: 'duration' });
    expect(report.errors[0]!.message).toMatch(/^Missing column "duration" \(found: "age", /);
    await expectUnchanged();
  });

  it('names the line and column of a bad date and of a bad number', async () => {
    const rows = [...ROWS];
    rows[149] = rows[149]!.replace('"may"', '"mai"'); // file line 151
    rows[159] = rows[159]!.replace(/^(\d+);("[^"]*";"[^"]*";"[^"]*";"[^"]*";)(-?\d+)/, '$1;$2abc'); // line 161
    rows[169] = rows[169]!.replace(/;(\d+);"may";/, ';32;"may";'); // line 171
    const report = await bank([HEADER, ...rows].join('\n'));
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      {
        line: 151,
        column: 'month',
        message: '"mai" is not one of jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec',
      },
      { line: 161, column: 'balance', message: '"abc" is not a whole number' },
      { line: 171, column: 'day', message: '32 is outside 1…31' },
    ]);
    expect(report.errorCount).toBe(3);
    await expectUnchanged();
  });

  it('detects a wrong delimiter in the header and on a data line', async () => {
    const commas = [HEADER, ...ROWS].map((l) => l.replaceAll(';', ',')).join('\n');
    const whole = await bank(commas);
    expect(whole.status).toBe('rejected');
    expect(whole.errors[0]).toEqual({
      line: 1,
      message: "Wrong delimiter: the header is separated by ',', bank-marketing files use ';'",
    });
    const rows = [...ROWS];
    rows[9] = rows[9]!.replaceAll(';', ','); // file line 11
    const one = await bank([HEADER, ...rows].join('\n'));
    expect(one.errors).toEqual([
      { line: 11, message: 'expected 17 fields, found 1 (wrong delimiter?)' },
    ]);
    await expectUnchanged();
  });

  it('rejects an empty file and a header without rows', async () => {
    expect((await bank('')).errors).toEqual([{ line: 0, message: 'The file is empty' }]);
    expect((await bank(`${HEADER}\n`)).errors).toEqual([
      { line: 1, message: 'The file has a header but no data rows' },
    ]);
    await expectUnchanged();
  });

  it('stops at a 10 MB single line with its line number', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
    const content = Buffer.concat([
      Buffer.from([HEADER, ...ROWS.slice(0, 5), ''].join('\n')),
      huge,
      Buffer.from(`\n${ROWS[6]!}\n`),
    ]);
    const report = await bank(content);
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      { line: 7, message: 'Line 7 is longer than 1000000 bytes; reading stopped there' },
    ]);
    await expectUnchanged();
  });

  it('reports every bad row up to the cap, with the total', async () => {
    const rows = ROWS.map((r) => r.replace(/;"(yes|no)"$/, ';"maybe"'));
    const report = await bank([HEADER, ...rows].join('\n'));
    expect(report.errorCount).toBe(200);
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(report.errors[0]).toEqual({
      line: 2,
      column: 'y',
      message: '"maybe" is not one of yes, no',
    });
    expect(report.errors.at(-1)!.line).toBe(MAX_REPORTED_ERRORS + 1);
    await expectUnchanged();
  });

  it('logs rejected runs and re-imports of the same file as no-ops', async () => {
    const runs = await t.ctx.db.kysely.selectFrom('import_runs').select('status').execute();
    expect(runs.filter((r) => r.status === 'completed')).toHaveLength(1);
    expect(runs.filter((r) => r.status === 'rejected').length).toBeGreaterThan(5);
    // Same rows, different file (CRLF endings): new sha256 but stable keys → nothing inserted.
    const again = await bank([HEADER, ...ROWS.slice(0, 100), ''].join('\r\n'));
    expect(again.status).toBe('completed');
    expect(Object.values(again.inserted).every((v) => v === 0)).toBe(true);
    await expectUnchanged();
  });
});
