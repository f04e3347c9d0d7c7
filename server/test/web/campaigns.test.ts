// 外呼任务 and the wallboard's supervisor tools in Debian's chromium.
// 1. SIP off (the in-process web server): a supervisor creates a campaign from leads through the
//    page's form (lead filter status = new), sees it listed with its progress, and starting it
//    shows the clear 409 dialer.sip_off refusal; the wallboard renders the campaign panel with a
//    running campaign's figures, without console errors.
// 2. SIP on (real baresip phones): an inbound call is bridged to agent 1001; the supervisor
//    clicks 监听 then 耳语 on the agent's row and the API joins the supervisor's registered phone
//    (200, then a mode change); a supervisor without an extension sees monitor.no_device.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { callsDb, setSipPassword } from '../../src/modules/calls/index.ts';
import { saveIvrFlow } from '../../src/modules/ivr/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import { encodeWav, tone } from '../../src/telephony/audio/index.ts';
import {
  inboundTestServer,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from '../inbound/harness.ts';
import { freePort, start } from '../sip/harness.ts';
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

vi.setConfig({ testTimeout: 180_000 });

let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(baseUrl: string, username: string, password: string) {
  const context = await newContext(browser, baseUrl);
  contexts.push(context);
  await apiLogin(context, username, password);
  return context;
}

beforeAll(async () => {
  ensureWebBuild();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('外呼任务 page with SIP off', () => {
  let yunhu: Yunhu;
  beforeAll(async () => {
    yunhu = await startYunhu();
    await createUser(yunhu.ctx, DEFAULT_TENANT_ID, {
      username: 'cmp-sup',
      displayName: '外呼班长',
      password: 'cmp-supervisor-pw',
      role: 'supervisor',
    });
  }, 120_000);
  afterAll(async () => yunhu?.close());

  it('creates a campaign from filtered leads, lists its progress, start shows dialer.sip_off', async () => {
    const admin = await signedIn(yunhu.baseUrl, 'admin', ADMIN_PASSWORD);
    const leadIds: Record<string, string[]> = { new: [], called: [] };
    for (const [i, status] of (['new', 'new', 'called'] as const).entries()) {
      const c = await admin.request.post('/api/customers', {
        data: { name: `客户${i}`, phone: `+861381234560${i}` },
      });
      expect(c.status(), await c.text()).toBe(201);
      const { id } = (await c.json()) as { id: string };
      const l = await admin.request.post('/api/leads', { data: { customerId: id, status } });
      expect(l.status(), await l.text()).toBe(201);
      leadIds[status]!.push(((await l.json()) as { id: string }).id);
    }

    const sup = await signedIn(yunhu.baseUrl, 'cmp-sup', 'cmp-supervisor-pw');
    const page = await sup.newPage();
    const log = watch(page);
    await page.goto('/campaigns');
    await page.getByTestId('campaigns-page').waitFor();
    expect(await page.getByTestId('side-menu').textContent()).toContain('外呼任务');
    await page.getByTestId('campaign-new').click();
    const form = page.getByTestId('campaign-form');
    await form.waitFor();
    await form.locator('#name').fill('双十二回访');
    await form.locator('#company').fill('云呼科技');
    await form.locator('#trunkUri').fill('sip:{number}@127.0.0.1:5099');
    await form.locator('#callerIds').fill('+862112345678');
    await form.locator('#callerIds').press('Enter');
    await form.locator('#status').fill('new');
    await expect
      .poll(() => page.getByTestId('campaign-matching').innerText())
      .toMatch(/符合条件的线索: 2$/);
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/dialer/campaigns') && r.request().method() === 'POST',
    );
    await page.getByTestId('campaign-submit').click();
    const res = await created;
    const sent = res.request().postDataJSON() as { leadIds: string[]; settings: unknown };
    expect(res.status(), await res.text()).toBe(201);
    expect([...sent.leadIds].sort()).toEqual([...leadIds.new!].sort());
    expect(sent.settings).toMatchObject({ abandonCap: 0.03, callerIds: ['+862112345678'] });
    const campaign = (await res.json()) as { id: string };

    const row = page.locator(`tr[data-campaign="${campaign.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('campaign-status').innerText()).toBe('待启动');
    expect(await row.getByTestId('campaign-entries').innerText()).toMatch(/共 2[\s\S]*待拨 2/);
    // Nothing dialed yet: rates are "no data", not 0; the cap is shown beside the rate.
    expect(await row.getByTestId('campaign-abandon').innerText()).toBe('暂无数据 / 3.0%');
    expect(await row.getByTestId('campaign-connection').innerText()).toBe('暂无数据');

    await row.getByTestId('campaign-start').click();
    const error = page.getByTestId('campaign-action-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('本节点未开启 SIP');
    expect(text).toContain('409 dialer.sip_off');
    expect(await row.getByTestId('campaign-status').innerText()).toBe('待启动');
    await shot(page, 'campaigns');
    expect(log.errors.filter((e) => !e.includes('409'))).toEqual([]);

    // The wallboard lists running campaigns (the runner needs SIP, so mark it as a runner would).
    await yunhu.ctx.db.kysely
      .updateTable('campaigns')
      .set({ status: 'running' })
      .where('id', '=', campaign.id)
      .execute();
    const board = await sup.newPage();
    const boardLog = watch(board);
    await board.goto('/wallboard');
    const panelRow = board.getByTestId('wallboard-campaigns').locator(`tr[data-campaign]`);
    await panelRow.waitFor();
    expect(await panelRow.innerText()).toMatch(/双十二回访\s+0\s+0\s+0\s+暂无数据 \/ 3\.0%/);
    await shot(board, 'wallboard-campaigns');
    expect(boardLog.errors).toEqual([]);
  });
});

/** baresip without registration that dials `uri` at start and sends a 440 Hz tone. */
async function startCaller(uri: string, rtpBase: number): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'yunhu-web-caller-'));
  writeFileSync(
    join(dir, 'send.wav'),
    encodeWav({ samples: tone(440, 30_000, 8000, 8000), sampleRate: 8000, channels: 1 }),
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${port}`,
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      `audio_source aufile,${join(dir, 'send.wav')}`,
      `rtp_ports ${rtpBase}-${rtpBase + 19}`,
      'rtcp_mux no',
      'net_interface 127.0.0.1',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module menu.so',
      'module_app account.so',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), '<sip:13800138000@127.0.0.1>;regint=0;audio_codecs=PCMU\n');
  let log = '';
  const child = start('baresip', ['-4', '-f', dir, '-e', `/dial ${uri}`], { cwd: dir });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return { child, dir, log: () => log };
}

describe('wallboard 监听 / 耳语 with SIP on', () => {
  let t: InboundTestServer;
  const phones: Baresip[] = [];
  let seat1001 = '';
  beforeAll(async () => {
    t = await inboundTestServer('19100-19199', { wrapUpMs: 1000 });
    const { ctx } = t.server;
    await saveIvrFlow(ctx.db, TENANT, {
      id: 'web-direct-4001',
      name: '直接排队',
      language: 'zh',
      start: 'queue',
      nodes: { queue: { verb: 'queue', queueId: t.demo.serviceQueueId, skills: ['service'] } },
    });
    await callsDb(ctx.db)
      .insertInto('service_numbers')
      .values({
        tenant_id: TENANT,
        number: '4001',
        flow: JSON.stringify({ flowId: 'web-direct-4001' }),
        created_at: ctx.clock.now(),
      })
      .execute();
    const sup = await createUser(ctx, TENANT, {
      username: 'wb-sup',
      displayName: '班长',
      password: 'wb-supervisor-pw',
      role: 'supervisor',
    });
    await createUser(ctx, TENANT, {
      username: 'wb-sup-nophone',
      displayName: '无分机班长',
      password: 'wb-supervisor-pw',
      role: 'supervisor',
    });
    // The supervisor's seat: extension 1009 for its phone, no skills (never offered calls).
    await ctx.db.kysely
      .insertInto('agents')
      .values({
        id: 'agent_wb_sup_1009',
        tenant_id: TENANT,
        user_id: sup.id,
        name: '班长',
        extension: '1009',
        team_id: null,
        skills: '[]',
        sip_password: null,
        external_ref: null,
        created_at: ctx.clock.now(),
      })
      .execute();
    await setSipPassword(ctx, TENANT, 'agent_wb_sup_1009', SIP_PASSWORD);
    seat1001 = (
      await ctx.db.kysely
        .selectFrom('agents')
        .select('id')
        .where('tenant_id', '=', TENANT)
        .where('extension', '=', '1001')
        .executeTakeFirstOrThrow()
    ).id;
    const port = t.server.telephony!.ports.udp!;
    phones.push(await startBaresipAgent(port, '1001', SIP_PASSWORD, 19300, 1000));
    phones.push(await startBaresipAgent(port, '1009', SIP_PASSWORD, 19320, 600));
    const registrar = t.server.telephony!.registrar!;
    await until('1001 and 1009 to register', () =>
      ['1001', '1009'].every((e) => registrar.lookup(e).length > 0),
    );
  }, 120_000);
  afterAll(async () => {
    for (const p of phones) p.child.kill();
    await t?.close();
    for (const p of phones) rmSync(p.dir, { recursive: true, force: true });
  });

  it("joins the supervisor's phone to the agent's call from the agents table", async () => {
    const url = t.server.url;
    const sup = await signedIn(url, 'wb-sup', 'wb-supervisor-pw');
    const page = await sup.newPage();
    const log = watch(page);
    await page.goto('/wallboard');
    await page.getByTestId('wallboard-page').waitFor();
    const row = page.locator(`tr[data-agent="${seat1001}"]`);
    await row.waitFor();
    expect(await row.getByTestId('monitor-listen').count()).toBe(0); // not on a call yet

    const caller = await startCaller(`sip:4001@127.0.0.1:${t.server.telephony!.ports.udp!}`, 19340);
    phones.push(caller);
    await until('the call to be bridged', () => t.events.some((e) => e.name === 'inbound.bridged'));
    const callId = String(t.events.find((e) => e.name === 'inbound.bridged')!.payload.callId);

    await row.getByTestId('monitor-listen').waitFor();
    // A supervisor without an extension: the refusal is shown, in Chinese, with its code.
    const other = await signedIn(url, 'wb-sup-nophone', 'wb-supervisor-pw');
    const otherPage = await other.newPage();
    await otherPage.goto('/wallboard');
    const otherRow = otherPage.locator(`tr[data-agent="${seat1001}"]`);
    await otherRow.getByTestId('monitor-barge').click();
    const error = otherPage.getByTestId('monitor-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/没有绑定分机[\s\S]*409 monitor\.no_device/);

    const listen = page.waitForResponse((r) => r.url().includes('/monitor'));
    await row.getByTestId('monitor-listen').click();
    const listened = await listen;
    expect(listened.url()).toContain(`/api/calls/${encodeURIComponent(callId)}/monitor`);
    expect(listened.request().postDataJSON()).toEqual({ mode: 'listen' });
    expect(listened.status(), await listened.text()).toBe(200);
    expect(await listened.json()).toMatchObject({ callId, mode: 'listen', changed: false });
    // The supervisor's real phone (1009) answered a call from Yunhu.
    expect(phones[1]!.log()).toMatch(/established/i);

    const whisper = page.waitForResponse((r) => r.url().includes('/monitor'));
    await row.getByTestId('monitor-whisper').click();
    const whispered = await whisper;
    expect(whispered.status(), await whispered.text()).toBe(200);
    expect(await whispered.json()).toMatchObject({ callId, mode: 'whisper', changed: true });
    expect(await page.getByTestId('monitor-error').count()).toBe(0);
    await shot(page, 'wallboard-monitor');

    // While wb-sup monitors, another supervisor's request is refused as busy.
    await otherRow.getByTestId('monitor-listen').click();
    await expect
      .poll(() => error.innerText())
      .toMatch(/另一位班长正在监控该通话[\s\S]*409 monitor\.busy/);

    await t.server.inbound!.queueCalls(TENANT)[0]!.call.hangup();
    await until('the call to end', () => t.events.some((e) => e.name === 'inbound.ended'));
    expect(log.errors).toEqual([]);
  });
});
