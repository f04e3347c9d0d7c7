import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMidnight } from '../../src/http/agent-today.ts';
import { createUser } from '../../src/modules/auth/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import { call } from '../evaluation/fixture.ts';
import {
  ADMIN_PASSWORD,
  apiLogin,
  ensureWebBuild,
  launchChromium,
  newContext,
  shot,
  startYunhu,
  watch,
  type Yunhu,
} from './harness.ts';

// The workspace's 今日统计 panel against seeded call records of the signed-in agent: it shows
// today's figures (yesterday's call and a deal on another agent's call left out), then a
// disposition with a won deal on today's call reaches the panel through the call.record event,
// without a reload. The form picks its call from a live softphone call, so the disposition is
// posted over HTTP as the agent here; the form's deal fields are checked for their stage labels.

const T = DEFAULT_TENANT_ID;
const PASSWORD = 'workspace-today-pw';
let yunhu: Yunhu;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const text = async (id: string) =>
  (await page.getByTestId(`today-${id}`).locator('.ant-statistic-content').innerText()).trim();

beforeAll(async () => {
  ensureWebBuild();
  [yunhu, browser] = await Promise.all([startYunhu(), launchChromium()]);
  const k = yunhu.ctx.db.kysely;
  const now = yunhu.ctx.clock.now();
  const midnight = localMidnight('Asia/Shanghai', now);
  const user = await createUser(yunhu.ctx, T, {
    username: 'agent7',
    password: PASSWORD,
    role: 'agent',
  });
  const seat = (id: string, userId: string | null) => ({
    id,
    tenant_id: T,
    user_id: userId,
    name: `坐席${id}`,
    extension: null,
    team_id: null,
    skills: '[]',
    sip_password: null,
    external_ref: null,
    created_at: now,
  });
  await k
    .insertInto('agents')
    .values([seat('wa7', user.id), seat('wa8', null)])
    .execute();
  // Today's call starts after local midnight even just past it; it ended 90 s later.
  const start = Math.max(midnight + 1000, now - 100_000);
  await k
    .insertInto('customers')
    .values({
      id: 'wcu1',
      tenant_id: T,
      name: '王先生',
      phone: null,
      phone_hash: null,
      phone_masked: null,
      province: null,
      city: null,
      carrier: null,
      attributes: '{}',
      external_ref: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await k
    .insertInto('call_records')
    .values([
      call(T, {
        id: 'wc-today',
        agent_id: 'wa7',
        customer_id: 'wcu1',
        created_at: start - 5000,
        answer_at: start,
        end_at: start + 90_000,
      }),
      call(T, {
        id: 'wc-yesterday',
        agent_id: 'wa7',
        customer_id: 'wcu1',
        created_at: midnight - 3_600_000,
        answer_at: midnight - 3_600_000,
        end_at: midnight - 3_400_000,
      }),
      call(T, {
        id: 'wc-other',
        agent_id: 'wa8',
        created_at: start,
        answer_at: start,
        end_at: start + 300_000,
      }),
    ])
    .execute();
  const deal = (id: string, callId: string, amount: number) => ({
    id,
    tenant_id: T,
    customer_id: 'wcu1',
    lead_id: null,
    call_id: callId,
    amount,
    currency: 'CNY',
    stage: 'closed_won',
    closed_won_at: start + 1000,
    external_ref: null,
    created_at: start,
  });
  await k
    .insertInto('deals')
    .values([deal('wd1', 'wc-today', 5000), deal('wd2', 'wc-other', 999)])
    .execute();
  context = await newContext(browser, yunhu.baseUrl);
  await apiLogin(context, 'agent7', PASSWORD);
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await yunhu?.close();
});

describe('workspace 今日统计', () => {
  it('shows the seeded figures, then the won deal of a disposition without a reload', async () => {
    const log = watch(page);
    await page.goto('/workspace');
    await page.getByTestId('today-panel').waitFor();
    await expect.poll(() => text('calls')).toBe('1');
    expect(await text('talk')).toBe('1:30');
    expect(await text('avg-talk')).toBe('1:30');
    expect(await text('effective')).toBe('1'); // 90 s ≥ the 30 s default
    expect(await text('conversions')).toBe('1');
    expect(await text('amount')).toBe('¥5,000');
    await expect.poll(() => page.getByTestId('today-panel').innerText()).toContain('今日统计');
    // The form's deal section, with the CRM stages in Chinese.
    await expect
      .poll(() => page.getByTestId('disposition-form').innerText())
      .toContain('成交/商机');

    const res = await context.request.post('/api/calls/wc-today/disposition', {
      data: { intentLevel: 'high', deal: { amount: 8800.5, stage: 'closed_won' } },
    });
    expect(res.status(), await res.text()).toBe(200);
    await expect.poll(() => text('conversions'), { timeout: 15_000 }).toBe('2');
    expect(await text('amount')).toBe('¥13,800.5');
    expect(await text('calls')).toBe('1');
    const bad = await context.request.post('/api/calls/wc-today/disposition', {
      data: { deal: { amount: -1 } },
    });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('deal.amount');
    await shot(page, 'workspace-today');
    expect(log.errors).toEqual([]);
  }, 120_000);

  it('a user without a seat sees — (no data), not zeros, and no console error', async () => {
    const adminContext = await newContext(browser, yunhu.baseUrl);
    try {
      await apiLogin(adminContext, 'admin', ADMIN_PASSWORD);
      const p = await adminContext.newPage();
      const log = watch(p);
      await p.goto('/workspace');
      await p.getByTestId('today-panel').waitFor();
      await p.waitForLoadState('networkidle');
      for (const id of ['calls', 'talk', 'conversions', 'amount']) {
        const v = await p.getByTestId(`today-${id}`).locator('.ant-statistic-content').innerText();
        expect(v.trim(), id).toBe('—');
      }
      expect(log.apiCalls).toContain('GET /api/agent/today');
      expect(log.errors).toEqual([]);
    } finally {
      await adminContext.close();
    }
  }, 120_000);
});
