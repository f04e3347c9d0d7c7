import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport } from '../../src/modules/imports/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import {
  ADMIN_PASSWORD,
  apiLogin,
  ensureWebBuild,
  launchChromium,
  newContext,
  REPO,
  startYunhu,
  watch,
  type ConsoleLog,
  type Yunhu,
} from './harness.ts';

// The evaluation dashboard speaks the page's language only: the overall note is built from the
// report's fields (the API's overall.note is English prose, "17 weighted metric(s)…" was shown
// on the Chinese page) and alert texts name the breakdown in Chinese ("最差 hour" was shown).

vi.setConfig({ testTimeout: 180_000 });

let yunhu: Yunhu;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: ConsoleLog;

interface Report {
  metrics: { id: string; zh?: string; en?: string; value: number | null }[];
  dimensions: { dropped?: string[] }[];
  alerts: unknown[];
}

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

const report = async (scenario: string): Promise<Report> => {
  const res = await context.request.get(`/api/evaluation?scenario=${scenario}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Report;
};

const ENGLISH_NOTE = /weighted metric|dropped out|renormalised|dimension\(s\)/;

describe('evaluation dashboard language', () => {
  it('shows the note about metrics without data in Chinese, and in English after the switch', async () => {
    const r = await report('telemarketing');
    const dropped = r.dimensions.flatMap((d) => d.dropped ?? []);
    expect(dropped.length).toBeGreaterThan(5);
    const first = r.metrics.find((m) => m.id === dropped[0])!;

    await page.goto('/evaluation');
    const note = page.getByTestId('overall-note');
    await note.waitFor();
    const zh = (await note.getAttribute('title')) ?? '';
    expect(zh).toContain(`无数据的加权指标 (${dropped.length})`);
    expect(zh).toContain(first.zh!);
    expect(zh).not.toMatch(ENGLISH_NOTE);
    expect(await note.textContent()).toContain('无数据的指标不参与评分');

    await page.evaluate("localStorage.setItem('yunhu.lang', 'en')");
    await page.reload();
    await page.getByTestId('overall-note').waitFor();
    const en = (await page.getByTestId('overall-note').getAttribute('title')) ?? '';
    expect(en).toContain(`Weighted metrics without data (${dropped.length})`);
    expect(en).toContain(first.en!);
    await page.evaluate("localStorage.setItem('yunhu.lang', 'zh')");
    expect(log.errors).toEqual([]);
  });

  it('names the worst breakdown of a red-line alert in Chinese', async () => {
    const r = await runImport(yunhu.ctx, {
      tenantId: DEFAULT_TENANT_ID,
      kind: 'anonymous-bank',
      filePath: path.join(REPO, 'examples/callcenter/anonymous-bank-1999-08.csv'),
    });
    expect(r.status, JSON.stringify(r.errors.slice(0, 3))).toBe('completed');
    const gov = await report('government');
    expect(gov.alerts.length).toBeGreaterThan(0);

    await page.goto('/evaluation');
    await page.getByTestId('scenario-picker').getByText('政务').click();
    const alerts = page.getByTestId('redline-alert');
    await expect.poll(() => alerts.count(), { timeout: 20_000 }).toBe(gov.alerts.length);
    const texts = await alerts.allTextContents();
    expect(texts.join('\n')).toContain('最差');
    for (const text of texts) expect(text).not.toMatch(/最差 ?[a-z]/);
    expect(log.errors).toEqual([]);
  }, 600_000);
});
