import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config/index.ts';
import { defaultDatabaseUrl, openAndMigrate, type Db } from './db/index.ts';
import {
  createFieldCipher,
  createLogger,
  EventBus,
  systemClock,
  type Clock,
  type FieldCipher,
  type Logger,
} from './platform/index.ts';

// What every module, route and command receives: configuration, storage, the personal-data
// cipher, a clock, a logger and the in-process event bus. Built once by main.ts or a CLI command.
export interface AppContext {
  config: Config;
  db: Db;
  cipher: FieldCipher;
  clock: Clock;
  logger: Logger;
  bus: EventBus<Record<string, unknown>>;
}

export async function createContext(config: Config, logger?: Logger): Promise<AppContext> {
  mkdirSync(config.dataDir, { recursive: true });
  const db = await openAndMigrate({
    url: config.databaseUrl ?? defaultDatabaseUrl(config.dataDir),
  });
  return {
    config,
    db,
    cipher: createFieldCipher(loadSecretKey(config)),
    clock: systemClock,
    logger: logger ?? createLogger({ level: config.logLevel }),
    bus: new EventBus(),
  };
}

/** YUNHU_SECRET_KEY when set; otherwise a key generated once into <dataDir>/secret.key (0600). */
export function loadSecretKey(config: Config): Buffer {
  if (config.secretKey) return Buffer.from(config.secretKey, 'hex');
  const file = path.join(config.dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
