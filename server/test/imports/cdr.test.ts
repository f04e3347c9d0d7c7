import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { runImport } from '../../src/modules/imports/index.ts';
import { isSealed } from '../../src/platform/index.ts';
import { importTestContext, tableCounts, type ImportTestContext } from './helpers.ts';

// The generic CDR format of docs/imports.md: numbers normalised to E.164 and attributed,
// sealed in storage, customers linked by phone hash, durations turned into instants, and the
// same rows from CSV and from XLSX giving the same records.
const HEADER = [
  'call_id',
  'direction',
  'caller',
  'callee',
  'started_at',
  'answer_seconds',
  'talk_seconds',
  'end_at',
  'agent',
  'queue',
  'campaign',
  'disposition',
  'core_info_delivered',
  'cost',
  'loss_pct',
  'jitter_ms',
  'rtt_ms',
];
const ROWS = [
  [
    'c1',
    'outbound',
    '02161234567',
    '138 0013 8000',
    '2026-03-02T10:00:00+08:00',
    '8',
    '95',
    '',
    '王芳',
    '',
    '春季回访',
    'interested',
    '1',
    '0.12',
    '0.5',
    '12',
    '80',
  ],
  [
    'c2',
    'outbound',
    '02161234567',
    '+86 138-0013-8000',
    '2026-03-02 14:00:00',
    '',
    '',
    '2026-03-02 14:00:30',
    '王芳',
    '',
    '春季回访',
    'no_answer',
    '0',
    '0.01',
    '',
    '',
    '',
  ],
  [
    'c3',
    'outbound',
    '02161234567',
    '010-62345678',
    '2026-03-02T02:30:00Z',
    '5',
    '20',
    '',
    '李雷',
    '',
    '春季回访',
    'declined',
    'no',
    '0.05',
    '',
    '',
    '',
  ],
  [
    'c4',
    'inbound',
    '0755 2345 6789',
    '4008001234',
    '2026-03-03T09:00:00+08:00',
    '0',
    '300',
    '',
    '李雷',
    'service',
    '',
    'resolved',
    'yes',
    '',
    '',
    '',
    '',
  ],
];
const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\n') + '\n';

async function writeXlsx(file: string, rows: (string | Date)[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('calls');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
}

describe.each(TEST_DIALECTS)('cdr import on %s', (dialect) => {
  let t: ImportTestContext;
  beforeAll(async () => {
    t = await importTestContext(dialect);
  });
  afterAll(async () => {
    await t.close();
  });
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(t.dir, name);
    writeFileSync(p, content);
    return p;
  };
  const cdr = (filePath: string) => runImport(t.ctx, { tenantId: 't1', kind: 'cdr', filePath });

  it('imports calls with E.164 numbers, attribution, sealed numbers and linked customers', async () => {
    const report = await cdr(file('calls.csv', csv(ROWS)));
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('completed');
    expect(report.inserted).toMatchObject({
      call_records: 4,
      customers: 3,
      agents: 2,
      campaigns: 1,
    });
    const calls = await t.ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .orderBy('external_ref')
      .execute();
    expect(calls.map((c) => c.external_ref)).toEqual(['cdr:c1', 'cdr:c2', 'cdr:c3', 'cdr:c4']);
    const [c1, c2, c3, c4] = calls as [
      (typeof calls)[0],
      (typeof calls)[0],
      (typeof calls)[0],
      (typeof calls)[0],
    ];
    for (const c of calls) {
      expect(isSealed(c.caller)).toBe(true);
      expect(isSealed(c.callee)).toBe(true);
    }
    expect(t.ctx.cipher.open(c1.callee!)).toBe('+8613800138000');
    expect([c1.callee_province, c1.callee_city, c1.callee_carrier]).toEqual([
      '北京市',
      '北京市',
      '中国移动',
    ]);
    expect([c3.callee_province, c3.callee_carrier]).toEqual(['北京市', null]);
    // 10:00 +08:00 = 02:00Z; answer 8 s later; 95 s of talk.
    expect(c1.created_at).toBe(Date.UTC(2026, 2, 2, 2, 0, 0));
    expect(c1.answer_at).toBe(Date.UTC(2026, 2, 2, 2, 0, 8));
    expect(c1.end_at).toBe(Date.UTC(2026, 2, 2, 2, 1, 43));
    expect([c1.core_info_delivered, c1.billed_cost, c1.jitter_ms]).toEqual([1, 0.12, 12]);
    // Local time without offset is read in the tenant zone (Asia/Shanghai).
    expect(c2.created_at).toBe(Date.UTC(2026, 2, 2, 6, 0, 0));
    expect([c2.answer_at, c2.end_at]).toEqual([null, Date.UTC(2026, 2, 2, 6, 0, 30)]);
    // The same number on two calls is one customer, found by its keyed hash.
    expect(c1.customer_id).toBe(c2.customer_id);
    const customer = await t.ctx.db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', c1.customer_id!)
      .executeTakeFirstOrThrow();
    expect(customer.phone_hash).toBe(t.ctx.cipher.hash('+8613800138000'));
    expect(customer.phone_masked).toBe('138****8000');
    expect([customer.province, customer.city, customer.carrier]).toEqual([
      '北京市',
      '北京市',
      '中国移动',
    ]);
    expect(t.ctx.cipher.open(customer.phone!)).toBe('+8613800138000');
    // Inbound: the caller is the customer (Shenzhen fixed line); the agent answers at once.
    const inboundCustomer = await t.ctx.db.kysely
      .selectFrom('customers')
      .select(['province', 'city'])
      .where('id', '=', c4.customer_id!)
      .executeTakeFirstOrThrow();
    expect(inboundCustomer).toEqual({ province: '广东省', city: '深圳市' });
    expect([c4.queue_id, c4.agent_answer_at]).toEqual(['service', c4.answer_at]);
    expect(c3.created_at).toBe(Date.UTC(2026, 2, 2, 2, 30, 0));
  });

  it('reads the same rows from XLSX (dates as cells too) without duplicating them', async () => {
    const before = await tableCounts(t.ctx);
    const xlsx = path.join(t.dir, 'calls.xlsx');
    const rows: (string | Date)[][] = ROWS.map((r) => [...r]);
    // A date cell carries wall-clock time: 2026-03-02 14:00:00 local, like the CSV text.
    rows[1]![4] = new Date(Date.UTC(2026, 2, 2, 14, 0, 0));
    await writeXlsx(xlsx, rows);
    const report = await cdr(xlsx);
    expect(report.errors).toEqual([]);
    expect(report.rows).toBe(4);
    expect(report.status).toBe('completed');
    expect(Object.values(report.inserted).every((n) => n === 0)).toBe(true);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('imports new XLSX rows and rejects bad XLSX cells with their sheet row', async () => {
    const xlsx = path.join(t.dir, 'more.xlsx');
    await writeXlsx(xlsx, [
      ['x1', 'outbound', '', '18912345678', new Date(Date.UTC(2026, 2, 4, 9, 0, 0)), '3', '40'],
    ]);
    const ok = await cdr(xlsx);
    expect(ok.inserted.call_records).toBe(1);
    const call = await t.ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('external_ref', '=', 'cdr:x1')
      .executeTakeFirstOrThrow();
    expect(call.created_at).toBe(Date.UTC(2026, 2, 4, 1, 0, 0));
    expect([call.callee_province, call.callee_city, call.callee_carrier]).toEqual([
      '江苏省',
      '常州市',
      '中国电信',
    ]);
    const bad = path.join(t.dir, 'bad.xlsx');
    await writeXlsx(bad, [['x2', 'outbound', '', '12345', '2026-03-04 09:00:00']]);
    expect((await cdr(bad)).errors).toEqual([
      { line: 2, column: 'callee', message: '"12345" is not a valid phone number' },
    ]);
  });

  it('rejects bad numbers, times and directions with line and column, writing nothing', async () => {
    const before = await tableCounts(t.ctx);
    const rows = [
      ['b1', 'outbound', '', '13800138000', '2026-03-05T10:00:00+08:00', '5', '10'],
      ['b2', 'outbound', '', 'not a number', '2026-03-05T10:00:00+08:00'],
      ['b3', 'sideways', '', '13800138000', '2026-03-05T10:00:00+08:00'],
      ['b4', 'outbound', '', '13800138000', '2026-02-30 10:00:00'],
      [
        'b5',
        'outbound',
        '',
        '13800138000',
        '2026-03-05T10:00:00+08:00',
        '',
        '',
        '2026-03-05T09:00:00+08:00',
      ],
    ];
    const report = await cdr(file('bad.csv', csv(rows)));
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      { line: 3, column: 'callee', message: '"not a number" is not a valid phone number' },
      { line: 4, column: 'direction', message: '"sideways" is not one of inbound, outbound' },
      {
        line: 5,
        column: 'started_at',
        message:
          '"2026-02-30 10:00:00" is not a time (ISO 8601 with offset, or YYYY-MM-DD HH:mm:ss local)',
      },
      { line: 6, column: 'end_at', message: 'end_at is before started_at' },
    ]);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('rejects absurd durations and years instead of storing Infinity or year 1901', async () => {
    const before = await tableCounts(t.ctx);
    const rows = [
      ['x1', 'outbound', '', '13800138000', '2026-03-05 10:00:00', '0', '1e308'],
      ['x2', 'outbound', '', '13800138000', '2026-03-05 10:00:00', '1e300', ''],
      ['x3', 'outbound', '', '13800138000', '0001-01-01 00:00:00'],
      ['x4', 'outbound', '', '13800138000', '2026-03-05 10:00:00', '0', '86400'],
    ];
    const report = await cdr(file('absurd.csv', csv(rows)));
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      { line: 2, column: 'talk_seconds', message: '1e+308 is outside 0…86400' },
      { line: 3, column: 'answer_seconds', message: '1e+300 is outside 0…86400' },
      {
        line: 4,
        column: 'started_at',
        message: '"0001-01-01 00:00:00" is outside the years 1900–9999',
      },
    ]);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('rejects a GBK-encoded file and a NUL byte naming line and column, writing nothing', async () => {
    const before = await tableCounts(t.ctx);
    const header = 'call_id,direction,callee,started_at,agent\n';
    const gbk = Buffer.concat([
      Buffer.from(header + 'g1,outbound,13800138000,2026-03-05 10:00:00,'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), // 张三 in GBK
      Buffer.from('\n'),
    ]);
    const bad = await cdr(file('gbk.csv', gbk));
    expect(bad.status).toBe('rejected');
    expect(bad.errors).toEqual([
      {
        line: 2,
        column: 'agent',
        message: 'Not UTF-8 text (a GBK/GB18030 export?): save the file as "CSV UTF-8"',
      },
    ]);
    const nul = await cdr(
      file('nul.csv', header + 'n\u00001,outbound,13800138000,2026-03-05 10:00:00,\n'),
    );
    expect(nul.errors).toEqual([
      {
        line: 2,
        column: 'call_id',
        message: 'A NUL byte: this is not a text file',
      },
    ]);
    expect(await tableCounts(t.ctx)).toEqual(before);
  });

  it('names binary data and an XLSX saved as .csv instead of blaming the delimiter', async () => {
    // Random bytes used to be "Wrong delimiter: the header is separated by '|'".
    const binary = await cdr(file('binary.csv', Buffer.from([0xff, 0x7c, 0x00, 0x9c, 0x0a, 0x41])));
    expect(binary.errors).toEqual([
      { line: 1, message: 'The header is not UTF-8 text: a binary file, or a GBK export?' },
    ]);
    const zip = await cdr(file('calls.csv', Buffer.from('PK\u0003\u0004\u0014\u0000rest')));
    expect(zip.errors).toEqual([
      { line: 0, message: 'This is an XLSX (ZIP) file, not CSV: give it the .xlsx extension' },
    ]);
  });
});
