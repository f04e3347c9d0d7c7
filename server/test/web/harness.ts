import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/index.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/index.ts';
import { createUser } from '../../src/modules/auth/index.ts';
import { DEFAULT_TENANT_ID, ensureTenant } from '../../src/modules/tenants/index.ts';
import { registerRealtimeRoutes } from '../../src/realtime/index.ts';

// Browser tests run the production build of web/ against an in-process Yunhu server on a free
// loopback port, driven by Debian's chromium through playwright-core (no downloaded browser).

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB = path.join(REPO, 'web');
export const SCREENSHOTS = path.join(REPO, 'test-results', 'screenshots');
export const ADMIN_PASSWORD = 'web-test-admin-pw';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs `vite build` when web/dist is missing or older than any source file. */
export function ensureWebBuild(): { built: boolean; ms: number } {
  const started = Date.now();
  const sources = Math.max(
    newestMtime(path.join(WEB, 'src')),
    ...['index.html', 'vite.config.ts', 'package.json'].map(
      (f) => statSync(path.join(WEB, f)).mtimeMs,
    ),
  );
  let distTime: number;
  try {
    distTime = statSync(path.join(WEB, 'dist', 'index.html')).mtimeMs;
  } catch {
    distTime = 0;
  }
  if (distTime >= sources) return { built: false, ms: 0 };
  execFileSync(
    process.execPath,
    [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
    {
      cwd: WEB,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  return { built: true, ms: Date.now() - started };
}

export interface Yunhu {
  baseUrl: string;
  ctx: AppContext;
  close(): Promise<void>;
}

/** A Yunhu server in this process: temp data dir, no demo tenant, the admin user created. */
export async function startYunhu(): Promise<Yunhu> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yunhu-web-'));
  const config = loadConfig({
    YUNHU_DATA_DIR: dataDir,
    YUNHU_DEMO: '0',
    YUNHU_ADMIN_PASSWORD: ADMIN_PASSWORD,
    YUNHU_LOG_LEVEL: process.env.DBG ? 'error' : 'silent',
    YUNHU_HTTP_HOST: '127.0.0.1',
    YUNHU_HTTP_PORT: '0',
    YUNHU_SIP_PORT: '0',
    YUNHU_SIP_WS_PORT: '0',
  });
  const ctx = await createContext(config);
  const now = ctx.clock.now();
  await ensureTenant(
    ctx.db,
    { id: DEFAULT_TENANT_ID, name: 'default', timeZone: 'Asia/Shanghai' },
    now,
  );
  await createUser(ctx, DEFAULT_TENANT_ID, {
    username: 'admin',
    displayName: '系统管理员',
    password: ADMIN_PASSWORD,
    role: 'admin',
  });
  const app = await buildApp(ctx);
  registerRealtimeRoutes(app, ctx); // as main.ts does: events and the softphone channel
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no listening address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    ctx,
    async close() {
      await app.close();
      await ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

/** A zh-CN browser context in Shanghai time at a desktop size. */
export async function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  // Generous: CI shares two cores with the server under test and its database.
  context.setDefaultTimeout(60_000);
  return context;
}

export interface ConsoleLog {
  errors: string[];
  /** Every /api request the page made, as "METHOD /path". */
  apiCalls: string[];
}

/** Records console errors, uncaught exceptions and API calls of a page. */
export function watch(page: Page): ConsoleLog {
  const log: ConsoleLog = { errors: [], apiCalls: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => log.errors.push(`${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/api/')) log.apiCalls.push(`${req.method()} ${url.pathname}`);
  });
  return log;
}

/** Signs the browser context in through the API (the UI login has its own test). */
export async function apiLogin(
  context: BrowserContext,
  username: string,
  password: string,
  tenant?: string,
): Promise<void> {
  const res = await context.request.post('/api/auth/login', {
    data: { username, password, ...(tenant ? { tenant } : {}) },
  });
  if (!res.ok()) throw new Error(`login ${username} failed: ${res.status()} ${await res.text()}`);
  // What the login form would have remembered (see web/src/auth.tsx).
  await context.addInitScript({ content: "localStorage.setItem('yunhu.session', '1');" });
}

/** A full-page screenshot for review, in test-results/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
