import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createTestDb, type Database, type DialectName } from '../../src/db/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  createFieldCipher,
  EventBus,
  ManualClock,
  silentLogger,
} from '../../src/platform/index.ts';

export const REPO = path.resolve(import.meta.dirname, '../../..');
export const BANK_FILE = path.join(REPO, 'examples/bank-marketing/bank-full.csv');
export const ANON_FILE = path.join(REPO, 'examples/callcenter/anonymous-bank-1999-08.csv');
export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

export interface ImportTestContext {
  ctx: AppContext;
  dir: string;
  close(): Promise<void>;
}

/** A fresh database of `dialect` with tenant 't1' (Asia/Shanghai) and a temp dir for files. */
export async function importTestContext(dialect: DialectName): Promise<ImportTestContext> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yunhu-import-'));
  const ctx: AppContext = {
    config: loadConfig({ YUNHU_LOG_LEVEL: 'silent', YUNHU_DATA_DIR: dir }),
    db: await createTestDb(dialect),
    cipher: createFieldCipher(randomBytes(32)),
    clock: new ManualClock(T0),
    logger: silentLogger,
    bus: new EventBus(),
  };
  await ensureTenant(ctx.db, { id: 't1', name: 'tenant one', timeZone: 'Asia/Shanghai' }, T0);
  return {
    ctx,
    dir,
    async close() {
      await ctx.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const DOMAIN_TABLES: (keyof Database)[] = [
  'customers',
  'leads',
  'campaigns',
  'campaign_entries',
  'call_records',
  'deals',
  'agents',
  'tags',
];

/** Row counts of every table an import writes (import_runs excluded: it logs attempts). */
export async function tableCounts(ctx: AppContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DOMAIN_TABLES) {
    const row = await ctx.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
