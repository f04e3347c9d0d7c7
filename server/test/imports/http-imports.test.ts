import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/db/index.ts';
import { as, createTestApp, json, login, seedTenant, type TestApp } from '../http/helpers.ts';
import { BANK_FILE } from './helpers.ts';

// The upload route end to end, in process: multipart in, import report out, tenant-scoped run
// log, roles enforced.
const BOUNDARY = '----yunhu-test-boundary';
function multipart(
  fileName: string,
  content: string,
): { payload: Buffer; headers: Record<string, string> } {
  const payload = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

const sample = readFileSync(BANK_FILE, 'utf8').split('\n').slice(0, 51).join('\n') + '\n';

describe.each(TEST_DIALECTS)('imports API on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let other: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedTenant(t.ctx, 'default');
    await seedTenant(t.ctx, 'other', ['admin']);
    admin = await login(t.app, 'default', 'admin');
    agent = await login(t.app, 'default', 'agent');
    other = await login(t.app, 'other', 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (cookie: string, kind: string, name: string, content: string) => {
    const { payload, headers } = multipart(name, content);
    return t.app.inject({
      method: 'POST',
      url: `/api/imports/${kind}`,
      payload,
      headers: { ...headers, cookie },
    });
  };

  it('imports an uploaded file into the caller tenant and returns the report', async () => {
    const res = await upload(admin, 'bank-marketing', 'bank-50.csv', sample);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      kind: 'bank-marketing',
      status: 'completed',
      rows: 50,
      inserted: { customers: 50 },
      errors: [],
    });
    const customers = await t.ctx.db.kysely
      .selectFrom('customers')
      .select('tenant_id')
      .distinct()
      .execute();
    expect(customers).toEqual([{ tenant_id: 'default' }]);
    const again = await upload(admin, 'bank-marketing', 'bank-50.csv', sample);
    expect(json(again)).toMatchObject({ status: 'unchanged' });
  });

  it('returns a rejected report with line numbers for a bad file', async () => {
    const bad = sample.replace(/\n58;/, '\nfifty;');
    const res = await upload(admin, 'bank-marketing', 'bad.csv', bad);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      status: 'rejected',
      errors: [{ line: 2, column: 'age', message: '"fifty" is not a whole number' }],
    });
  });

  it('lists the runs of the caller tenant only, newest first', async () => {
    const res = await as(t.app, admin).get('/api/imports');
    expect(res.statusCode).toBe(200);
    const body = json(res) as { items: { status: string; fileName: string }[]; total: number };
    expect(body.total).toBe(2);
    expect(body.items.map((i) => [i.status, i.fileName])).toEqual([
      ['rejected', 'bad.csv'],
      ['completed', 'bank-50.csv'],
    ]);
    const theirs = await as(t.app, other).get('/api/imports');
    expect(json(theirs)).toMatchObject({ items: [], total: 0 });
  });

  it('refuses agents and unknown kinds', async () => {
    expect((await upload(agent, 'bank-marketing', 'x.csv', sample)).statusCode).toBe(403);
    expect((await upload(admin, 'nonsense', 'x.csv', sample)).statusCode).toBe(400);
  });

  it('answers broken uploads with 4xx naming the problem, never 500', async () => {
    const send = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/imports/bank-marketing',
        payload,
        headers: { 'content-type': contentType, cookie: admin },
      });
    // Cut short inside the part: busboy's "Unexpected end of multipart data" was a 500.
    const cut = await send(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nage;job`,
      `multipart/form-data; boundary=${BOUNDARY}`,
    );
    expect(cut.statusCode).toBe(400);
    expect(json(cut).error).toMatchObject({
      code: 'import.multipart',
      where: 'file',
      message: 'Malformed multipart body: Unexpected end of multipart data (at file)',
    });
    const notMultipart = await send('{}', 'application/json');
    expect(notMultipart.statusCode).toBe(415);
    expect(json(notMultipart).error).toMatchObject({
      code: 'request.content_type',
      where: 'content-type',
      message:
        'Content-Type "application/json" is not multipart/form-data: send the file as field "file"',
    });
    // A 300-character file name was written as the temporary file's name: ENAMETOOLONG, 500.
    // (One more blank line makes it a file not seen before, so it is read, not "unchanged".)
    const long = await upload(admin, 'bank-marketing', `${'长'.repeat(300)}.csv`, `${sample}\n`);
    expect(long.statusCode).toBe(200);
    expect(json(long)).toMatchObject({
      status: 'completed',
      file: { name: `${'长'.repeat(196)}.csv` },
    });
  });

  it('maps body-parser errors to the house format', async () => {
    const post = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/tags',
        payload,
        headers: { 'content-type': contentType, cookie: admin },
      });
    const bad = await post('{bad', 'application/json');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({ code: 'request.json', where: 'body' });
    const xml = await post('<tag/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(json(xml).error).toEqual({
      code: 'request.content_type',
      where: 'content-type',
      message: 'Content-Type "application/xml" is not accepted here: send application/json',
    });
  });
});
