import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createTestDb, type DialectName } from '../../src/db/index.ts';
import { ensureAbandonPrompt } from '../../src/modules/dialer/index.ts';
import { runImport } from '../../src/modules/imports/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  createFieldCipher,
  EventBus,
  maskPhone,
  silentLogger,
  type Clock,
} from '../../src/platform/index.ts';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';

// Shared set-up of the dialer's real-SIP tests: a tenant database, a clock that runs at real
// speed from Monday 2 March 2026 10:00 Asia/Shanghai (inside the default calling windows, so the
// tests do not depend on the hour they run at), leads imported from a slice of bank-full.csv,
// and telephony engines on loopback with random RTP ranges.

export const REPO = path.resolve(import.meta.dirname, '../../..');
const BANK_FILE = path.join(REPO, 'examples/bank-marketing/bank-full.csv');
export const MON_10 = Date.UTC(2026, 2, 2, 2, 0);

export function runningClock(startAt: number): Clock {
  const t0 = Date.now();
  return { now: () => startAt + (Date.now() - t0) };
}

export interface DialerTestContext {
  ctx: AppContext;
  dir: string;
  abandonWav: string;
  /** Imported bank-marketing campaign id (the leads' source). */
  sourceCampaignId: string;
  /** Synthetic E.164 numbers given to the imported customers, in lead order. */
  numbers: string[];
  engines: Telephony[];
  /** A loopback engine with `ports` RTP ports (default 40: 20 concurrent legs). */
  engine(ports?: number): Promise<Telephony>;
  close(): Promise<void>;
}

let rtpNext = 21_000 + Math.floor(Math.random() * 200) * 40;

export async function dialerTestContext(
  dialect: DialectName,
  rows: number,
): Promise<DialerTestContext> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yunhu-dialer-'));
  const ctx: AppContext = {
    config: loadConfig({ YUNHU_LOG_LEVEL: 'silent', YUNHU_DATA_DIR: dir }),
    db: await createTestDb(dialect),
    cipher: createFieldCipher(randomBytes(32)),
    clock: runningClock(MON_10),
    logger: silentLogger,
    bus: new EventBus(),
  };
  await ensureTenant(ctx.db, { id: 't1', name: 'tenant one', timeZone: 'Asia/Shanghai' }, MON_10);

  // A slice of the real file: header and the first `rows` clients.
  const lines = readFileSync(BANK_FILE, 'utf8').split('\n');
  const slice = path.join(dir, 'bank-slice.csv');
  writeFileSync(slice, `${lines.slice(0, rows + 1).join('\n')}\n`);
  const report = await runImport(ctx, { tenantId: 't1', kind: 'bank-marketing', filePath: slice });
  if (report.status !== 'completed') throw new Error(`import ${report.status}`);

  // bank-full.csv has no phone numbers: give each imported customer a synthetic Beijing mobile.
  const leads = await ctx.db.kysely
    .selectFrom('leads')
    .select(['customer_id', 'campaign_id'])
    .where('tenant_id', '=', 't1')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const numbers: string[] = [];
  for (const [i, lead] of leads.entries()) {
    const e164 = `+86138001${String(100_000 + i).slice(1)}`;
    numbers.push(e164);
    await ctx.db.kysely
      .updateTable('customers')
      .set({
        phone: ctx.cipher.seal(e164),
        phone_hash: ctx.cipher.hash(e164),
        phone_masked: maskPhone(e164),
      })
      .where('id', '=', lead.customer_id)
      .execute();
  }
  const engines: Telephony[] = [];
  return {
    ctx,
    dir,
    abandonWav: await ensureAbandonPrompt(path.join(dir, 'prompts'), '云呼测试公司'),
    sourceCampaignId: leads[0]?.campaign_id ?? '',
    numbers,
    engines,
    async engine(ports = 40) {
      const from = rtpNext;
      rtpNext += ports;
      const t = await createTelephony({
        host: '127.0.0.1',
        sipPort: 0,
        rtpPorts: { from, to: from + ports - 1 },
        logger: silentLogger,
      });
      engines.push(t);
      return t;
    },
    async close() {
      for (const e of engines) await e.close();
      await ctx.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `cond` every 100 ms (state held by other components) until true or `ms` passed. */
export async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
