export * from './schema.types.ts';
export {
  openDatabase,
  openAndMigrate,
  migrateToLatest,
  defaultDatabaseUrl,
  isPostgresUrl,
  type Db,
  type DialectName,
  type OpenOptions,
} from './connection.ts';
export { TEST_DIALECTS, createTestDb } from './test-databases.ts';
