import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECTS, type Db } from '../../db/index.ts';
import { createFieldCipher, ManualClock } from '../../platform/index.ts';
import { complianceDb } from './compliance.tables.ts';
import type { AttemptInput, ComplianceContext } from './compliance.types.ts';
import {
  addDnc,
  admitAttempt,
  callerIdHealth,
  checkAttempt,
  contactPermissions,
  importDnc,
  listRefusals,
  pickCallerId,
  recordAttempt,
  recordAttemptOutcome,
  recordConsent,
  recordDispositionOptOut,
  recordIvrOptOut,
  recordSmsReply,
  saveComplianceSettings,
} from './index.ts';

// Asia/Shanghai is UTC+8: local 10:00 on Monday 2 March 2026 is 02:00 UTC.
const H = 3_600_000;
const MON_10 = Date.UTC(2026, 2, 2, 2, 0);
const BEIJING = '+8613800138000';
const JIANGSU = '+8613912345678';
const XINJIANG = '+8613899123456';

describe.each(TEST_DIALECTS)('compliance gate on %s', (dialect) => {
  let db: Db;
  let ctx: ComplianceContext;
  let tenant = 0;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    ctx = { db, cipher: createFieldCipher(randomBytes(32)), clock: new ManualClock(MON_10) };
  });
  afterAll(async () => {
    await db.close();
  });
  // Each test gets its own tenant so that their ledgers do not mix.
  const nextTenant = (): string => `t${++tenant}`;

  /** The dialer's side: place the call only when the gate admits it. */
  async function dial(input: AttemptInput, dialed: string[]): Promise<void> {
    const result = await admitAttempt(ctx, input);
    if (result.allowed) dialed.push(input.e164);
  }

  async function counts(tenantId: string): Promise<{ attempts: number; refusals: number }> {
    const c = complianceDb(db);
    const [a, r] = await Promise.all([
      c
        .selectFrom('dial_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
      c
        .selectFrom('compliance_refusals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
    ]);
    return { attempts: Number(a.n), refusals: Number(r.n) };
  }

  /** Tries one attempt that must be refused with `code`; checks the refusal row and that nothing was dialed. */
  async function expectRefused(
    input: AttemptInput,
    code: string,
  ): Promise<Record<string, unknown>> {
    const before = await counts(input.tenantId);
    const dialed: string[] = [];
    await dial(input, dialed);
    expect(dialed).toEqual([]);
    const after = await counts(input.tenantId);
    expect(after.attempts).toBe(before.attempts);
    expect(after.refusals).toBe(before.refusals + 1);
    const { items } = await listRefusals(ctx, { tenantId: input.tenantId, pageSize: 1 });
    expect(items[0]).toMatchObject({ code, at: input.at, campaignId: input.campaignId ?? null });
    expect(items[0]!.message).toMatch(/ \/ /);
    return items[0]!.detail ?? {};
  }

  it('admits a clean number inside the window and records the attempt', async () => {
    const tenantId = nextTenant();
    const dialed: string[] = [];
    await dial({ tenantId, e164: BEIJING, at: MON_10, campaignId: 'c1' }, dialed);
    expect(dialed).toEqual([BEIJING]);
    expect(await counts(tenantId)).toEqual({ attempts: 1, refusals: 0 });
  });

  it("refuses a number on the tenant's DNC list", async () => {
    const tenantId = nextTenant();
    await addDnc(ctx, { tenantId, phone: '138 0013 8000', reason: '客户投诉' });
    await expectRefused({ tenantId, e164: BEIJING, at: MON_10, campaignId: 'c1' }, 'dnc.tenant');
    const result = await checkAttempt(
      ctx,
      { tenantId, e164: BEIJING, at: MON_10 },
      { dryRun: true },
    );
    expect(result).toMatchObject({
      allowed: false,
      reason: { code: 'dnc.tenant', zh: '号码在本企业的免打扰名单中' },
    });
  });

  it('refuses a number from an imported national refuse-calls list and reports the import', async () => {
    const tenantId = nextTenant();
    const report = await importDnc(ctx, {
      tenantId,
      list: 'national',
      text: `phone\n${JIANGSU}\n13912345678\n+8613800138000, not-a-number\n`,
    });
    expect(report).toMatchObject({ inserted: 2, duplicates: 1, lines: 4 });
    expect(report.invalid.map((i) => i.value)).toEqual(['phone', 'not-a-number']);
    const again = await importDnc(ctx, { tenantId, list: 'national', text: JIANGSU });
    expect(again).toMatchObject({ inserted: 0, duplicates: 1 });
    await expectRefused({ tenantId, e164: JIANGSU, at: MON_10 }, 'dnc.national');
  });

  it('refuses a number that opted out by SMS 退订, by IVR key and by agent disposition; a later consent lifts it', async () => {
    const tenantId = nextTenant();
    expect(
      await recordSmsReply(ctx, { tenantId, phone: BEIJING, text: '好的谢谢', at: MON_10 - H }),
    ).toEqual({ optedOut: false });
    expect(
      (await recordSmsReply(ctx, { tenantId, phone: BEIJING, text: ' 退订 ', at: MON_10 - H }))
        .optedOut,
    ).toBe(true);
    const detail = await expectRefused({ tenantId, e164: BEIJING, at: MON_10 }, 'opt_out');
    expect(detail.channel).toBe('sms');

    await recordIvrOptOut(ctx, { tenantId, phone: JIANGSU, key: '9', at: MON_10 - H });
    await expectRefused({ tenantId, e164: JIANGSU, at: MON_10 }, 'opt_out');
    await recordDispositionOptOut(ctx, {
      tenantId,
      phone: XINJIANG,
      disposition: 'do-not-call-me',
      at: MON_10 - H,
    });
    await expectRefused({ tenantId, e164: XINJIANG, at: MON_10 }, 'opt_out');

    await recordConsent(ctx, {
      tenantId,
      phone: BEIJING,
      channel: 'web_form',
      purpose: '理财产品回访',
      evidence: 'form-42',
      grantedAt: MON_10 - 1000,
    });
    expect(
      (await checkAttempt(ctx, { tenantId, e164: BEIJING, at: MON_10 }, { dryRun: true })).allowed,
    ).toBe(true);
    const view = await contactPermissions(ctx, tenantId, BEIJING);
    expect(view).toMatchObject({ status: 'consented', phoneMasked: '138****8000' });
    expect(view.consents[0]).toMatchObject({
      channel: 'web_form',
      purpose: '理财产品回访',
      evidence: 'form-42',
    });
    expect(view.optOuts[0]).toMatchObject({ channel: 'sms' });
  });

  it('refuses a call at 21:30 callee local time, and one at 12:30 the next day; admits one at 14:00', async () => {
    const tenantId = nextTenant();
    const at2130 = Date.UTC(2026, 2, 2, 13, 30);
    const detail = await expectRefused({ tenantId, e164: BEIJING, at: at2130 }, 'window.outside');
    expect(detail).toMatchObject({
      localTime: '21:30',
      province: '北京市',
      windows: '09:00–12:00, 14:00–20:00',
    });
    await expectRefused(
      { tenantId, e164: BEIJING, at: Date.UTC(2026, 2, 3, 4, 30) },
      'window.outside',
    );
    expect(
      (await checkAttempt(ctx, { tenantId, e164: BEIJING, at: Date.UTC(2026, 2, 2, 6, 0) }))
        .allowed,
    ).toBe(true);
  });

  it('applies per-province windows and holidays from the tenant settings', async () => {
    const tenantId = nextTenant();
    await saveComplianceSettings(
      db,
      tenantId,
      {
        windowsByProvince: {
          新疆: [
            { from: '10:00', to: '13:30' },
            { from: '15:30', to: '21:45' },
          ],
        },
        holidays: ['2026-10-01'],
      },
      MON_10,
    );
    const at2130 = Date.UTC(2026, 2, 2, 13, 30);
    expect((await checkAttempt(ctx, { tenantId, e164: XINJIANG, at: at2130 })).allowed).toBe(true);
    await expectRefused({ tenantId, e164: BEIJING, at: at2130 }, 'window.outside');
    const detail = await expectRefused(
      { tenantId, e164: BEIJING, at: Date.UTC(2026, 9, 1, 2, 0) },
      'window.holiday',
    );
    expect(detail.localDate).toBe('2026-10-01');
  });

  it('refuses the 4th call of the day against a cap of 3, across campaigns; the next day is open again', async () => {
    const tenantId = nextTenant();
    const dialed: string[] = [];
    for (const [i, campaignId] of ['c1', 'c2', 'c3'].entries()) {
      await dial({ tenantId, e164: BEIJING, campaignId, at: MON_10 + (i * H) / 2 }, dialed);
    }
    expect(dialed).toHaveLength(3);
    const detail = await expectRefused(
      { tenantId, e164: BEIJING, campaignId: 'c4', at: MON_10 + 1.5 * H },
      'frequency.day',
    );
    expect(detail).toEqual({ count: 3, cap: 3 });
    // Tuesday 10:00 local: a new day (the weekly cap of 5 still has room for 2).
    const tuesday: string[] = [];
    await dial({ tenantId, e164: BEIJING, at: MON_10 + 24 * H }, tuesday);
    await dial({ tenantId, e164: BEIJING, at: MON_10 + 25 * H }, tuesday);
    expect(tuesday).toHaveLength(2);
    await expectRefused({ tenantId, e164: BEIJING, at: MON_10 + 48 * H }, 'frequency.week');
  });

  it('refuses a number called again within 72 h of an abandoned call, and admits it after', async () => {
    const tenantId = nextTenant();
    const first = await admitAttempt(ctx, {
      tenantId,
      e164: JIANGSU,
      at: MON_10,
      campaignId: 'c1',
    });
    expect(first.attemptId).not.toBeNull();
    await recordAttemptOutcome(ctx, {
      tenantId,
      attemptId: first.attemptId!,
      endedAt: MON_10 + 12_000,
      answered: true,
      abandoned: true,
      talkSeconds: 2,
    });
    const detail = await expectRefused(
      { tenantId, e164: JIANGSU, at: MON_10 + 71 * H },
      'lockout.abandoned',
    );
    expect(detail.lockoutHours).toBe(72);
    expect(detail.lockedUntil).toBe(new Date(MON_10 + 12_000 + 72 * H).toISOString());
    expect(
      (await checkAttempt(ctx, { tenantId, e164: JIANGSU, at: MON_10 + 73 * H })).allowed,
    ).toBe(true);
  });

  it('throttles a busy caller ID and rotates an unhealthy one; pickCallerId takes a healthy one', async () => {
    const tenantId = nextTenant();
    // 50 attempts in the last hour from 95511000: throttle.
    for (let i = 0; i < 50; i++) {
      await recordAttempt(ctx, {
        tenantId,
        e164: `+86139${String(10_000_000 + i)}`,
        callerId: '95511000',
        at: MON_10 - i * 60_000,
      });
    }
    // 60 ended attempts over the day from 95511001, 56 unanswered: rotate.
    for (let i = 0; i < 60; i++) {
      const at = MON_10 - 10 * H + i * 60_000;
      const id = await recordAttempt(ctx, {
        tenantId,
        e164: `+86138${String(20_000_000 + i)}`,
        callerId: '95511001',
        at,
      });
      await recordAttemptOutcome(ctx, {
        tenantId,
        attemptId: id,
        endedAt: at + 20_000,
        answered: i < 4,
        talkSeconds: 40,
      });
    }
    const busy = await callerIdHealth(ctx, tenantId, '95511000', MON_10);
    expect(busy).toMatchObject({ callsLastHour: 50, recommendation: 'throttle' });
    const bad = await callerIdHealth(ctx, tenantId, '95511001', MON_10);
    expect(bad).toMatchObject({ ended24h: 60, answered24h: 4, recommendation: 'rotate' });
    expect(bad.unansweredRatio).toBeCloseTo(56 / 60, 9);
    await expectRefused(
      { tenantId, e164: BEIJING, callerId: '95511000', at: MON_10 + 1000 },
      'caller_id.throttle',
    );
    await expectRefused(
      { tenantId, e164: BEIJING, callerId: '95511001', at: MON_10 + 1000 },
      'caller_id.rotate',
    );
    const pick = await pickCallerId(ctx, tenantId, ['95511000', '95511001', '95511002'], MON_10);
    expect(pick?.callerId).toBe('95511002');
  });

  it('refuses an invalid number and records a dry run nowhere', async () => {
    const tenantId = nextTenant();
    await expectRefused({ tenantId, e164: '12345', at: MON_10 }, 'phone.invalid');
    await addDnc(ctx, { tenantId, phone: BEIJING });
    const dry = await checkAttempt(ctx, { tenantId, e164: BEIJING, at: MON_10 }, { dryRun: true });
    expect(dry).toMatchObject({ allowed: false, refusalId: null });
    expect((await counts(tenantId)).refusals).toBe(1);
  });

  it('stores no number in clear', async () => {
    const c = complianceDb(db);
    const dump = JSON.stringify([
      await c.selectFrom('dnc_entries').selectAll().execute(),
      await c.selectFrom('opt_outs').selectAll().execute(),
      await c.selectFrom('consents').selectAll().execute(),
      await c.selectFrom('dial_attempts').selectAll().execute(),
      await c.selectFrom('compliance_refusals').selectAll().execute(),
    ]);
    expect(dump.length).toBeGreaterThan(1000);
    for (const n of [BEIJING, JIANGSU, XINJIANG]) expect(dump).not.toContain(n.slice(3));
  });
});
