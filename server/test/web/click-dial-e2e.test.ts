// Click-to-dial end to end in Debian's chromium: an agent opens the workspace (the softphone
// connects), picks a lead in the customer card and clicks 拨打. The softphone rings (the agent's
// own leg first), the test answers in the page, Yunhu calls the lead's number through the trunk —
// a sipp callee on loopback that rings, answers, talks and hangs up — and bridges the two. The
// outbound call record, the dial-latency samples and the evaluation's dial_latency metric are
// checked afterwards. A lead on the do-not-call list is refused: the page shows the gate's reason
// and nothing is dialed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { drainClickToDial, saveOutboundSettings } from '../../src/modules/click-dial/index.ts';
import {
  addDnc,
  saveComplianceSettings,
  type ComplianceTables,
} from '../../src/modules/compliance/index.ts';
import { createCustomer, createLead, type Actor } from '../../src/modules/crm/index.ts';
import { evaluate } from '../../src/modules/evaluation/index.ts';
import { findTenant } from '../../src/modules/tenants/index.ts';
import { inboundTestServer, TENANT, type InboundTestServer } from '../inbound/harness.ts';
import { freePort } from '../sip/harness.ts';
import { sippCallee } from './callee.ts';
import { apiLogin, ensureWebBuild, launchChromium, newContext, shot, watch } from './harness.ts';

const AGENT_PASSWORD = 'agent-1001-dial-pw';
const CALLEE = '+8613900139000';
const DNC = '+8613700137000';
let t: InboundTestServer;
let browser: Browser;
let agentContext: BrowserContext;
let page: Page;
let seatId = '';
let calleePort = 0;

beforeAll(async () => {
  ensureWebBuild();
  t = await inboundTestServer('17700-17799', { record: true, wrapUpMs: 5_000 });
  const ctx = t.server.ctx;
  // The test may run at any hour: allow calls all day.
  await saveComplianceSettings(ctx.db, TENANT, { windows: [{ from: '00:00', to: '24:00' }] }, 0);
  calleePort = await freePort();
  await saveOutboundSettings(ctx, TENANT, {
    trunk: { uri: `sip:{number}@127.0.0.1:${calleePort}`, id: 'loopback-trunk' },
    callerId: '+861058001234',
    record: true,
  });
  const user = await createUser(ctx, TENANT, {
    username: 'agent1001',
    displayName: '坐席一〇〇一',
    password: AGENT_PASSWORD,
    role: 'agent',
  });
  seatId = (
    await ctx.db.kysely
      .updateTable('agents')
      .set({ user_id: user.id })
      .where('tenant_id', '=', TENANT)
      .where('extension', '=', '1001')
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // Two private leads of the agent: one callable, one on the tenant's do-not-call list.
  const agent: Actor = { tenantId: TENANT, userId: user.id, role: 'agent' };
  for (const [phone, name] of [
    [CALLEE, '王五'],
    [DNC, '赵六'],
  ] as const) {
    const customer = await createCustomer(ctx, agent, { phone, name });
    await createLead(ctx, agent, { customerId: customer.id, source: 'manual', status: 'new' });
  }
  await addDnc(ctx, { tenantId: TENANT, phone: DNC, list: 'tenant', reason: '客户要求不再来电' });
  browser = await launchChromium();
  agentContext = await newContext(browser, t.server.url);
  await apiLogin(agentContext, 'agent1001', AGENT_PASSWORD);
  page = await agentContext.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pickLead(name: string): Promise<void> {
  await page.getByTestId('workspace-customer-picker').click();
  await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
  await page.getByTestId('customer-card').getByText(name).waitFor();
}

describe('click-to-dial from a lead in the agent workspace', () => {
  it('refuses a do-not-call lead with the gate reason; dials a lead: softphone answered, sipp callee reached, latency recorded', async () => {
    const ctx = t.server.ctx;
    const log = watch(page);
    await page.goto('/workspace');
    await page.getByTestId('softphone-link').getByText('已连接').waitFor();

    // Refusal: the page shows the reason, nothing is dialed.
    await pickLead('赵六');
    await page.getByTestId('dial-button').click();
    const refusal = page.getByTestId('dial-refusal');
    await refusal.getByText('号码在本企业的免打扰名单中').waitFor();
    await expect(refusal.innerText()).resolves.toContain('dnc.tenant');
    const refusals = await ctx.db.kysely
      .withTables<ComplianceTables>()
      .selectFrom('compliance_refusals')
      .select(['code', 'phone_masked'])
      .execute();
    expect(refusals).toEqual([{ code: 'dnc.tenant', phone_masked: '137****7000' }]);
    expect(await ctx.db.kysely.selectFrom('call_records').select('id').execute()).toEqual([]);

    // The lead list offers 拨打 too, enabled while this agent's softphone is connected.
    const leadsPage = await agentContext.newPage();
    await leadsPage.goto('/crm/leads');
    await leadsPage.getByRole('tab', { name: '私海' }).click();
    const row = leadsPage.locator('tr').filter({ hasText: '王五' });
    await expect
      .poll(() => row.getByTestId('dial-button').isEnabled(), { timeout: 15_000 })
      .toBe(true);
    await leadsPage.close();

    const callee = sippCallee(calleePort, t.dir, 90_000);
    await new Promise((r) => setTimeout(r, 500)); // sipp listening
    await pickLead('王五');
    await page.getByTestId('dial-button').click();
    // The agent's own leg rings first; the number shown is the callee's, masked for agents.
    await page.getByTestId('softphone-answer').click({ timeout: 30_000 });
    await expect(page.getByTestId('softphone-number').innerText()).resolves.toBe('139****9000');
    await page.getByTestId('softphone-state').getByText('通话中').waitFor({ timeout: 20_000 });
    // The callee's g711a.pcap reaches the browser through the bridge.
    await expect
      .poll(
        async () => Number((await page.getByTestId('softphone-packets').innerText()).match(/\d+/)),
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(100);
    await shot(page, 'workspace-click-to-dial');
    const r = await callee;
    expect(r.code, r.stderr + r.stdout.slice(-1500)).toBe(0); // reached, answered, hung up
    await page.getByTestId('softphone-idle').waitFor({ timeout: 15_000 });
    await drainClickToDial(ctx);

    const record = await ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('tenant_id', '=', TENANT)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      disposition: 'connected',
      agent_id: seatId,
      trunk_id: 'loopback-trunk',
      hangup_cause: 'callee-hangup',
      source: 'click-to-dial',
    });
    expect(Number(record.agent_answer_at)).toBeLessThan(Number(record.answer_at));
    const view = (await (
      await agentContext.request.get(`/api/calls/${record.id}`)
    ).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      direction: 'outbound',
      disposition: 'connected',
      number: '139****9000',
      agentId: seatId,
      recording: true,
    });

    const samples = await ctx.db.kysely
      .selectFrom('latency_samples')
      .select(['kind', 'value_ms'])
      .where('call_id', '=', record.id)
      .orderBy('kind')
      .execute();
    expect(samples.map((s) => s.kind)).toEqual(['dial', 'dial_platform']);
    const [dial, platform] = samples.map((s) => Number(s.value_ms)) as [number, number];
    console.log(`click-to-dial in the browser: dial ${dial} ms, platform share ${platform} ms`);
    expect(dial).toBeGreaterThan(0);
    expect(dial).toBeGreaterThanOrEqual(platform);
    expect(dial).toBeLessThan(1000);

    const report = await evaluate(ctx, (await findTenant(ctx.db, TENANT))!, { source: 'raw' });
    const metric = report.metrics.find((m) => m.id === 'dial_latency')!;
    expect(metric.value).toBe(dial);
    expect(metric.denominator).toBe(1);
    // Chromium logs every non-2xx response; the refused dial's 409 is the one expected.
    expect(log.errors.filter((e) => !e.includes('status of 409 (Conflict)'))).toEqual([]);
    expect(log.errors.filter((e) => e.includes('status of 409'))).toHaveLength(1);
  }, 180_000);
});
