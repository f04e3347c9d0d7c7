import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_PASSWORD,
  apiLogin,
  ensureWebBuild,
  launchChromium,
  newContext,
  shot,
  startYunhu,
  watch,
  type ConsoleLog,
  type Yunhu,
} from './harness.ts';
import { loadOutboundSettings } from '../../src/modules/click-dial/index.ts';
import { demoIvrFlow } from '../../src/modules/ivr/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';

// The admin pages in Chromium against a real server: a saved evaluation weight reaches the API,
// and invalid input is refused with the path of the bad field shown in the page.

vi.setConfig({ testTimeout: 180_000 });

let yunhu: Yunhu;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: ConsoleLog;

beforeAll(async () => {
  ensureWebBuild();
  yunhu = await startYunhu();
  browser = await launchChromium();
  context = await newContext(browser, yunhu.baseUrl);
  await apiLogin(context, 'admin', ADMIN_PASSWORD);
  page = await context.newPage();
  log = watch(page);
}, 600_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await yunhu?.close();
});

interface SettingsView {
  weights: Record<string, { metrics: Record<string, number> }>;
  thresholds: Record<string, { target: number | null }>;
}

// antd puts data-testid on the <input> of an InputNumber in some versions, on a wrapper in others.
const numberInput = (id: string) =>
  page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

const settings = async (): Promise<SettingsView> =>
  (await (await context.request.get('/api/evaluation/settings')).json()) as SettingsView;

describe('admin pages in Chromium', () => {
  it('saves an evaluation weight; an out-of-range threshold shows its path', async () => {
    await page.goto('/admin/evaluation-settings');
    await page.getByTestId('evaluation-settings-page').waitFor();
    const weight = numberInput('metric-weight-roi');
    await weight.fill('33');
    await page.getByTestId('eval-settings-save').click();
    await expect.poll(async () => (await settings()).weights.telemarketing?.metrics.roi).toBe(33);
    // Another scenario keeps its own preset.
    expect((await settings()).weights.government?.metrics.roi).toBe(0);

    const target = numberInput('threshold-connection_rate-target');
    await target.fill('1.5');
    await page.getByTestId('eval-settings-save').click();
    const error = page.getByTestId('api-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('thresholds.connection_rate.target');
    expect(await error.textContent()).toContain('between 0 and 1');
    expect((await settings()).thresholds.connection_rate?.target).toBe(0.6);
    await shot(page, 'admin-evaluation-settings');
    expect(log.errors.filter((e) => !e.includes('400'))).toEqual([]);
  });

  it('edits a queue recording policy and ring timeout in the form', async () => {
    const created = await context.request.post('/api/admin/queues', {
      data: { id: 'care', name: '客服队列', skill: 'care' },
    });
    expect(created.status()).toBe(201);
    await page.goto('/admin/queues');
    await page.getByTestId('queue-edit-care').click();
    const form = page.getByTestId('queue-form');
    await form.getByLabel('振铃超时（秒）').fill('25');
    await page.getByTestId('queue-record').click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(async () => {
        const res = await context.request.get('/api/admin/queues/care');
        return ((await res.json()) as { settings: unknown }).settings;
      })
      .toMatchObject({ record: false, ringTimeoutMs: 25_000, maxWaitMs: 300_000 });
    await page.getByText('不录音').waitFor();

    // The queue's skill given to an agent at level 4, from the expanded row.
    const agent = await context.request.post('/api/agents', {
      data: { name: '坐席 2001', extension: '2001' },
    });
    expect(agent.status()).toBe(201);
    const agentId = ((await agent.json()) as { id: string }).id;
    await page.reload();
    await page.locator('button.ant-table-row-expand-icon').first().click();
    const panel = page.getByTestId('queue-skill-agents-care');
    await numberInput(`skill-level-${agentId}`).fill('4');
    await panel.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(async () => {
        const res = await context.request.get(`/api/agents/${agentId}`);
        return ((await res.json()) as { skills: unknown }).skills;
      })
      .toEqual([{ skill: 'care', level: 4 }]);
    await page.getByText('坐席 2001 L4').waitFor();
    await shot(page, 'admin-queues');
  });

  it('refuses an invalid IVR flow with the bad path shown, then saves the fixed one', async () => {
    const flow = demoIvrFlow({ salesQueueId: 'care', serviceQueueId: 'care' });
    expect((await context.request.post('/api/admin/ivr/flows', { data: flow })).status()).toBe(201);
    await page.goto('/admin/ivr');
    const editor = page.getByTestId('ivr-flow-json');
    await expect.poll(async () => (await editor.inputValue()).includes(flow.id)).toBe(true);
    const bad = { ...flow, nodes: { ...flow.nodes, menu: { ...flow.nodes.menu, timeoutMs: 100 } } };
    await editor.fill(JSON.stringify(bad, null, 2));
    await page.getByTestId('ivr-flow-save').click();
    const errors = page.getByTestId('ivr-flow-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('nodes.menu.timeoutMs');
    await shot(page, 'admin-ivr-invalid');
    const stored = async () =>
      (
        (await (await context.request.get(`/api/admin/ivr/flows/${flow.id}`)).json()) as {
          version: number;
        }
      ).version;
    expect(await stored()).toBe(1);

    await editor.fill(JSON.stringify({ ...flow, name: '热线 v2' }, null, 2));
    await page.getByTestId('ivr-flow-save').click();
    await expect.poll(stored).toBe(2);
    await errors.waitFor({ state: 'detached' });
  });

  it('saves a trunk; the password comes back masked and stays stored', async () => {
    await page.goto('/admin/trunks');
    const form = page.getByTestId('trunk-form');
    await form.getByLabel('中继地址模板').fill('sip:{number}@127.0.0.1:5090');
    await form.getByLabel('认证用户名（可选）').fill('trunk-user');
    await form.getByLabel('密码').fill('trunk-secret-1');
    await form.getByLabel('主叫号码').fill('+862161234567');
    await page.getByTestId('trunk-save').click();
    const stored = async () => loadOutboundSettings(yunhu.ctx, DEFAULT_TENANT_ID);
    await expect.poll(async () => (await stored())?.trunk.auth?.password).toBe('trunk-secret-1');

    await page.reload();
    await expect.poll(() => form.getByLabel('密码').inputValue()).toBe('***');
    await form.getByLabel('主叫号码').fill('+862161234568');
    await page.getByTestId('trunk-save').click();
    await expect.poll(async () => (await stored())?.callerId).toBe('+862161234568');
    expect((await stored())?.trunk.auth?.password).toBe('trunk-secret-1');
    expect(log.errors.filter((e) => !e.includes('400'))).toEqual([]);
  });
});
