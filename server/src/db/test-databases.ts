import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openAndMigrate, type Db, type DialectName } from './connection.ts';

// The dialects every storage suite runs on: SQLite in memory always, PostgreSQL when
// YUNHU_TEST_DATABASE_URL is set (CI sets it and starts the server).
export const TEST_DIALECTS: DialectName[] = process.env.YUNHU_TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh, migrated database; on PostgreSQL a schema of its own, dropped on close. */
export async function createTestDb(dialect: DialectName): Promise<Db> {
  if (dialect === 'sqlite') return openAndMigrate({ url: ':memory:' });
  const url = process.env.YUNHU_TEST_DATABASE_URL;
  if (!url) throw new Error('YUNHU_TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = await openAndMigrate({ url, searchPath: schema, poolSize: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
