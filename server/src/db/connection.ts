import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.types.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL schema the connection works in, when not the default. */
  schema?: string;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT (epoch ms) and NUMERIC as strings by default; every value we store
// fits a double, so read them as numbers like SQLite does.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  /** postgres://…, sqlite://file, a file path, or ':memory:'. */
  url: string;
  /** PostgreSQL schema to use (tests give each suite its own). */
  searchPath?: string;
  poolSize?: number;
}

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

export function defaultDatabaseUrl(dataDir: string): string {
  return path.join(dataDir, 'yunhu.db');
}

export function openDatabase(options: OpenOptions): Db {
  if (isPostgresUrl(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      dialect: 'postgres',
      ...(options.searchPath ? { schema: options.searchPath } : {}),
      close: () => kysely.destroy(),
    };
  }
  const file = options.url.replace(/^sqlite:\/\//, '');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** Applies every pending migration; returns per-migration results instead of throwing half-way. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Without it Kysely's introspection may find the migration tables of another schema.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    // Migration numbers are reserved per feature and land out of order (005 before 003), so a
    // database migrated earlier must accept a lower-numbered migration that arrives later.
    allowUnorderedMigrations: true,
  });
  return migrator.migrateToLatest();
}

export async function openAndMigrate(options: OpenOptions): Promise<Db> {
  const db = openDatabase(options);
  const { error, results } = await migrateToLatest(db);
  if (error) {
    await db.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return db;
}
