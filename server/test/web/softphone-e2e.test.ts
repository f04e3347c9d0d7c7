// The agent workspace end to end in Debian's chromium: an agent signs in, opens the workspace
// (the softphone connects), goes ready; a sipp caller dials 4000 and presses 2; the softphone
// rings, the test answers in the page, audio flows both ways (the browser's getStats() counts
// the caller's RTP; the browser's fake microphone is on the agent channel of the recording),
// the agent keys a DTMF digit, the caller hangs up, the agent dispositions the call with intent
// "high", and the call record shows it. A supervisor's wallboard sees the agent's state changes.
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { parseWav, rms } from '../../src/telephony/audio/index.ts';
import type { DtmfDigit } from '../../src/telephony/index.ts';
import { inboundTestServer, TENANT, until, type InboundTestServer } from '../inbound/harness.ts';
import { sipp } from '../sip/harness.ts';
import { apiLogin, ensureWebBuild, launchChromium, newContext, shot, watch } from './harness.ts';

const AGENT_PASSWORD = 'agent-1001-web-pw';
const SUPERVISOR_PASSWORD = 'supervisor-web-pw';
let t: InboundTestServer;
let browser: Browser;
let agentContext: BrowserContext;
let page: Page;
let wallboard: Page;
let seatId = '';
const agentDigits: DtmfDigit[] = [];

beforeAll(async () => {
  ensureWebBuild();
  t = await inboundTestServer('17600-17699', {
    record: true,
    wrapUpMs: 60_000,
    ringTimeoutMs: 30_000,
  });
  const ctx = t.server.ctx;
  const user = await createUser(ctx, TENANT, {
    username: 'agent1001',
    displayName: '坐席一〇〇一',
    password: AGENT_PASSWORD,
    role: 'agent',
  });
  const seat = await ctx.db.kysely
    .updateTable('agents')
    .set({ user_id: user.id })
    .where('tenant_id', '=', TENANT)
    .where('extension', '=', '1001')
    .returning('id')
    .executeTakeFirstOrThrow();
  seatId = seat.id;
  // The agent leg's own DTMF detector hears what the browser keys (RFC 4733 from the gateway).
  ctx.bus.on('inbound.bridged', (payload) => {
    const { agentCallId } = payload as { agentCallId: string };
    t.server.telephony!.calls.call(agentCallId)?.on((e) => {
      if (e.type === 'dtmf') agentDigits.push(e.digit);
    });
  });
  await createUser(ctx, TENANT, {
    username: 'sup1',
    displayName: '班长',
    password: SUPERVISOR_PASSWORD,
    role: 'supervisor',
  });
  browser = await launchChromium();
  agentContext = await newContext(browser, t.server.url);
  await apiLogin(agentContext, 'agent1001', AGENT_PASSWORD);
  page = await agentContext.newPage();
  const supervisorContext = await newContext(browser, t.server.url);
  await apiLogin(supervisorContext, 'sup1', SUPERVISOR_PASSWORD);
  wallboard = await supervisorContext.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const tag = () => page.getByTestId('state-tag').innerText();
const boardState = () =>
  wallboard.locator(`tr[data-agent="${seatId}"]`).getByTestId('agent-state').innerText();

/** Clicks a state button in the agent's page; resolves with how long the wallboard took. */
async function wallboardLag(button: string, expected: string): Promise<number> {
  const started = Date.now();
  await page.getByTestId(button).click();
  await wallboard
    .locator(`tr[data-agent="${seatId}"]`)
    .getByTestId('agent-state')
    .getByText(expected, { exact: true })
    .waitFor({ timeout: 10_000 });
  return Date.now() - started;
}

describe('agent workspace with the browser softphone', () => {
  it('answers a sipp caller in the page: audio both ways, DTMF, disposition on the call record', async () => {
    const log = watch(page);
    await page.goto('/workspace');
    await page.getByTestId('softphone-link').getByText('已连接').waitFor();
    await wallboard.goto('/wallboard');
    await wallboard.locator(`tr[data-agent="${seatId}"]`).waitFor();
    // The supervisor's wallboard follows the agent's own state changes within a second.
    const toNotReady = await wallboardLag('state-not-ready', '未就绪 · 小休');
    const toReady = await wallboardLag('state-ready', '就绪');
    console.log(`wallboard lag: not-ready ${toNotReady} ms, ready ${toReady} ms`);
    expect(Math.max(toNotReady, toReady)).toBeLessThan(1000);
    await expect.poll(tag, { timeout: 10_000 }).toBe('就绪');

    const caller = sipp(
      t.server.telephony!.ports.udp!,
      '../../web/scenarios/uac-4000-press-2-browser-agent-expect-200.xml',
      ['-s', '4000'],
      90_000,
      t.dir,
    );
    await page.getByTestId('softphone-answer').click({ timeout: 40_000 });
    await page.getByTestId('softphone-state').getByText('通话中').waitFor({ timeout: 20_000 });
    // Agents see the caller masked; the screen-pop shows the customer behind the number.
    await expect(page.getByTestId('softphone-number').innerText()).resolves.toBe('138****8000');
    await page.getByTestId('customer-card').waitFor({ timeout: 10_000 });
    await expect.poll(tag).toBe('通话中');
    // The caller's g711a.pcap reaches the browser: its own RTP statistics count it.
    await expect
      .poll(
        async () => Number((await page.getByTestId('softphone-packets').innerText()).match(/\d+/)),
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(100);
    await page.getByTestId('softphone-key-5').click();
    await until('the digit at the agent leg', () => agentDigits.includes('5'), 10_000);
    await shot(page, 'workspace-on-call');
    await expect.poll(boardState).toBe('通话中');
    await shot(wallboard, 'wallboard-live');

    expect((await caller).code).toBe(0); // the caller hung up after talking
    await page.getByTestId('softphone-idle').waitFor({ timeout: 15_000 });
    await expect.poll(tag, { timeout: 10_000 }).toBe('话后处理');

    const form = page.getByTestId('disposition-form');
    await form.getByText('高').click();
    await form.getByRole('switch').click();
    await form.getByRole('textbox', { name: '备注' }).fill('客户要求下周回电');
    await form.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已保存').waitFor();

    const record = await t.server.ctx.db.kysely
      .selectFrom('call_records')
      .selectAll()
      .where('tenant_id', '=', TENANT)
      .where('agent_id', '=', seatId)
      .executeTakeFirstOrThrow();
    const view = (await (
      await agentContext.request.get(`/api/calls/${record.id}`)
    ).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      intentLevel: 'high',
      coreInfoDelivered: true,
      disposition: 'served',
      number: '138****8000',
    });
    expect(record.status).toBe('completed');
    expect(record.core_info_delivered).toBe(1);
    expect(Number(record.agent_answer_at)).toBeGreaterThan(Number(record.ring_at));
    // Stereo recording: left = caller, right = agent (the browser's fake microphone).
    expect(record.recording_path && existsSync(record.recording_path)).toBe(true);
    const wav = parseWav(readFileSync(record.recording_path!));
    expect(wav.channels).toBe(2);
    const right = wav.samples.filter((_, i) => i % 2 === 1);
    expect(rms(right)).toBeGreaterThan(300);
    expect(log.errors).toEqual([]);
  }, 180_000);
});
