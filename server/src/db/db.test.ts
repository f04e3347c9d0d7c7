import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECTS, type Db } from './index.ts';

describe.each(TEST_DIALECTS)('database on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db.close();
  });

  it('migrates and round-trips epoch milliseconds as numbers', async () => {
    const at = 1_754_000_000_123;
    await db.kysely
      .insertInto('tenants')
      .values({
        id: 't1',
        name: '演示',
        time_zone: 'Asia/Shanghai',
        settings: '{}',
        is_demo: 0,
        created_at: at,
      })
      .execute();
    const row = await db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 't1')
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBe(at);
    expect(row.name).toBe('演示');
  });

  it('keeps external references unique per tenant', async () => {
    const base = { tenant_id: 't1', created_at: 1, updated_at: 1, attributes: '{}' };
    await db.kysely
      .insertInto('customers')
      .values({ ...base, id: 'c1', external_ref: 'r1' })
      .execute();
    await expect(
      db.kysely
        .insertInto('customers')
        .values({ ...base, id: 'c2', external_ref: 'r1' })
        .execute(),
    ).rejects.toThrow();
  });
});
