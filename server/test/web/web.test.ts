import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  ADMIN_PASSWORD,
  apiLogin,
  ensureWebBuild,
  launchChromium,
  newContext,
  SCREENSHOTS,
  startYunhu,
  watch,
  type Yunhu,
} from './harness.ts';

let yunhu: Yunhu;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(
  username: string,
  password: string,
  tenant?: string,
): Promise<BrowserContext> {
  const context = await newContext(browser, yunhu.baseUrl);
  contexts.push(context);
  await apiLogin(context, username, password, tenant);
  return context;
}

export const _shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  ensureWebBuild();
  mkdirSync(SCREENSHOTS, { recursive: true });
  [yunhu, browser] = await Promise.all([startYunhu(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await yunhu?.close();
});

describe('web app served by the Yunhu process', () => {
  it('serves index.html at / and for deep links, JSON errors for unknown /api paths', async () => {
    const root = await fetch(`${yunhu.baseUrl}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root"></div>');
    const deep = await fetch(`${yunhu.baseUrl}/crm/customers/c123`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    const anonymous = await fetch(`${yunhu.baseUrl}/api/no-such-route`);
    expect(anonymous.status).toBe(401);
    const admin = await signedIn('admin', ADMIN_PASSWORD);
    const api = await admin.request.get('/api/no-such-route');
    expect(api.status()).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('route.not_found');
  });

  it('signs the admin in through the login form and shows the role menu in Chinese', async () => {
    const context = await newContext(browser, yunhu.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    const log = watch(page);
    await page.goto('/');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/evaluation');
    await expect(page.getByTestId('header-role').textContent()).resolves.toBe('管理员');
    const menu = (await page.getByTestId('side-menu').textContent()) ?? '';
    for (const label of [
      '坐席工作台',
      '实时监控',
      '运营评估',
      '客户管理',
      '排班规划',
      '系统管理',
      '审计日志',
    ]) {
      expect(menu).toContain(label);
    }
    expect(log.errors).toEqual([]);
  });

  it('rejects a wrong password on the login form with the API message', async () => {
    const context = await newContext(browser, yunhu.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('登录失败');
  });
});

describe('roles', () => {
  let admin: BrowserContext;
  beforeAll(async () => {
    admin = await signedIn('admin', ADMIN_PASSWORD);
    for (const role of ['supervisor', 'agent', 'auditor'] as const) {
      const res = await admin.request.post('/api/users', {
        data: { username: `${role}1`, password: `${role}-password-1`, role },
      });
      expect(res.status(), await res.text()).toBe(201);
    }
  });

  it('an agent gets a 403 page for an admin page and the page requests no data', async () => {
    const agent = await signedIn('agent1', 'agent-password-1');
    const page = await agent.newPage();
    const log = watch(page);
    await page.goto('/admin/users');
    await page.getByTestId('forbidden').waitFor();
    expect(log.apiCalls.filter((c) => c.includes('/api/users'))).toEqual([]);
    expect(await page.locator('.ant-table').count()).toBe(0);
    // The API refuses it too.
    const res = await agent.request.get('/api/users');
    expect(res.status()).toBe(403);
    // And the agent's menu has no admin or evaluation entries.
    const menu = (await page.getByTestId('side-menu').textContent()) ?? '';
    expect(menu).toContain('坐席工作台');
    expect(menu).not.toContain('系统管理');
    expect(menu).not.toContain('运营评估');
  });

  it("an agent cannot open another tenant's customer (404, nothing shown); that tenant's supervisor can", async () => {
    const now = yunhu.ctx.clock.now();
    await ensureTenant(yunhu.ctx.db, { id: 'acme', name: 'Acme', timeZone: 'Asia/Shanghai' }, now);
    for (const role of ['admin', 'supervisor'] as const) {
      await createUser(yunhu.ctx, 'acme', {
        username: `acme-${role}`,
        password: 'acme-password-1',
        role,
      });
    }
    const acmeAdmin = await signedIn('acme-admin', 'acme-password-1', 'acme');
    const created = await acmeAdmin.request.post('/api/customers', {
      data: { name: '王小明', phone: '+8613812345678' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const customer = (await created.json()) as { id: string };

    const agent = await signedIn('agent1', 'agent-password-1');
    const page = await agent.newPage();
    await page.goto(`/crm/customers/${customer.id}`);
    await page.getByTestId('api-error').waitFor();
    expect(await page.getByTestId('api-error').textContent()).toContain('404');
    expect(await page.getByTestId('customer-card').count()).toBe(0);
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain('王小明');
    expect(body).not.toContain('5678');

    const supervisor = await signedIn('acme-supervisor', 'acme-password-1', 'acme');
    const sp = await supervisor.newPage();
    await sp.goto(`/crm/customers/${customer.id}`);
    await sp.getByTestId('customer-card').waitFor();
    expect(await sp.getByTestId('customer-card-phone').textContent()).toBe('+8613812345678');
  });

  it('an agent sees customer phone numbers masked, a supervisor in clear', async () => {
    const created = await admin.request.post('/api/customers', {
      data: { name: '李四', phone: '+8613900001234' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const agent = await signedIn('agent1', 'agent-password-1');
    const ap = await agent.newPage();
    await ap.goto(`/crm/customers/${id}`);
    const masked = (await ap.getByTestId('customer-card-phone').textContent()) ?? '';
    expect(masked).toMatch(/\*{4}/);
    expect(masked).not.toContain('13900001234');
    const supervisor = await signedIn('supervisor1', 'supervisor-password-1');
    const sp = await supervisor.newPage();
    await sp.goto(`/crm/customers/${id}`);
    expect(await sp.getByTestId('customer-card-phone').textContent()).toBe('+8613900001234');
  });

  it('a supervisor opens the wallboard that an agent may not', async () => {
    const agent = await signedIn('agent1', 'agent-password-1');
    const ap = await agent.newPage();
    await ap.goto('/wallboard');
    await ap.getByTestId('forbidden').waitFor();
    const supervisor = await signedIn('supervisor1', 'supervisor-password-1');
    const sp = await supervisor.newPage();
    await sp.goto('/wallboard');
    await sp.getByTestId('wallboard-page').waitFor();
    expect(await sp.getByTestId('forbidden').count()).toBe(0);
  });
});
