import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDnc,
  listRefusals,
  recordAttempt,
  recordAttemptOutcome,
  recordSmsReply,
} from '../../src/modules/compliance/index.ts';
import {
  CampaignRunner,
  callFate,
  createCampaignFromLeads,
  DEFAULT_CALL_STATISTICS,
  startSipSimulator,
  type DialMode,
  type DialerAgent,
  type SipSimulator,
} from '../../src/modules/dialer/index.ts';
import type { Telephony } from '../../src/telephony/index.ts';
import {
  dialerTestContext,
  MON_10,
  runningClock,
  until,
  type DialerTestContext,
} from './harness.ts';

// The compliance gate as the live runner meets it, on real SIP: each acceptance case of issue 6
// (a DNC number, a number that replied 退订 by SMS, the 4th call of the day against a cap of 3,
// a number abandoned less than 72 h ago, a call at 21:30 callee time) is refused with its reason
// and never reaches the carrier, in progressive and preview mode; a clean number is dialed.

const H = 3_600_000;
const LEADS = 5;

describe('compliance gate in the campaign runner (real SIP)', () => {
  let t: DialerTestContext;
  let dialer: Telephony;
  let carrier: Telephony;
  let sim: SipSimulator;
  let offered: string[] = [];
  const agents: DialerAgent[] = [];

  beforeAll(async () => {
    t = await dialerTestContext('sqlite', LEADS);
    dialer = await t.engine();
    carrier = await t.engine();
    sim = startSipSimulator({
      calls: carrier.calls,
      seed: 3,
      timeScale: 0.01,
      stats: { answerProbability: 1 },
      agentTalkMs: 2_000_000,
    });
    carrier.ua.onInvite = ((wrapped) => (invite) => {
      const user = /sip:([^@]+)@/.exec(invite.request.uri)?.[1] ?? '';
      if (!user.startsWith('agent-')) offered.push(user);
      wrapped?.(invite);
    })(carrier.ua.onInvite);
    agents.push({ id: 'agent-1', uri: `sip:agent-1@127.0.0.1:${carrier.ports.udp}` });

    const { ctx, numbers } = t;
    const [dnc, optedOut, capped, abandoned] = numbers as [string, string, string, string];
    await addDnc(ctx, { tenantId: 't1', phone: dnc, reason: '客户投诉' });
    await recordSmsReply(ctx, { tenantId: 't1', phone: optedOut, text: '退订', at: MON_10 - H });
    // Three calls today from other campaigns (local 07:00–09:00 is still today in Shanghai).
    for (const i of [1, 2, 3]) {
      await recordAttempt(ctx, {
        tenantId: 't1',
        e164: capped,
        campaignId: `other-${i}`,
        at: MON_10 - i * 20 * 60_000,
      });
    }
    // Abandoned on Saturday (inside 72 h), nothing else since.
    const id = await recordAttempt(ctx, {
      tenantId: 't1',
      e164: abandoned,
      campaignId: 'other-1',
      at: MON_10 - 40 * H,
    });
    await recordAttemptOutcome(ctx, {
      tenantId: 't1',
      attemptId: id,
      endedAt: MON_10 - 40 * H + 15_000,
      answered: true,
      abandoned: true,
      talkSeconds: 3,
    });
  }, 60_000);

  afterAll(async () => {
    await sim.stop();
    await t.close();
  });

  async function campaign(dialMode: DialMode, name: string): Promise<string> {
    const c = await createCampaignFromLeads(t.ctx, {
      tenantId: 't1',
      name,
      dialMode,
      fromCampaignId: t.sourceCampaignId,
      settings: {
        trunk: { uri: `sip:{number}@127.0.0.1:${carrier.ports.udp}` },
        callerIds: ['+861080000001'],
        company: '云呼测试公司',
        ringTimeoutMs: 15_000,
        wrapUpMs: 100,
        maxAttempts: 1,
      },
    });
    expect(c.entries).toBe(LEADS);
    return c.id;
  }

  async function entries(campaignId: string) {
    const rows = await t.ctx.db.kysely
      .selectFrom('campaign_entries')
      .innerJoin('customers', 'customers.id', 'campaign_entries.customer_id')
      .select(['campaign_entries.id', 'state', 'attempts', 'last_result', 'customers.phone'])
      .where('campaign_entries.campaign_id', '=', campaignId)
      .execute();
    return new Map(rows.map((r) => [t.ctx.cipher.open(r.phone!), r]));
  }

  const codes = async (campaignId: string) =>
    (await listRefusals(t.ctx, { tenantId: 't1', campaignId })).items.map((r) => r.code).sort();

  it('progressive: refuses DNC, opt-out (退订), the 4th call today and the 72 h lockout; dials only the clean number', async () => {
    offered = [];
    const id = await campaign('progressive', '合规-渐进');
    const runner = await CampaignRunner.load(
      {
        ctx: t.ctx,
        calls: dialer.calls,
        agents: { loggedIn: () => agents },
        abandonMessage: t.abandonWav,
        tickMs: 200,
      },
      't1',
      id,
    );
    await runner.start();
    await until(async () => {
      const list = [...(await entries(id)).values()];
      return list.every((e) => e.state !== 'pending' && e.state !== 'dialing');
    }, 60_000);
    await until(() => runner.activeCalls === 0, 30_000);
    await runner.stop();

    expect(await codes(id)).toEqual([
      'dnc.tenant',
      'frequency.day',
      'lockout.abandoned',
      'opt_out',
    ]);
    expect(offered).toEqual([t.numbers[4]]);
    const byNumber = await entries(id);
    const [dnc, optedOut, capped, abandoned, clean] = t.numbers as [
      string,
      string,
      string,
      string,
      string,
    ];
    expect(byNumber.get(dnc)).toMatchObject({ state: 'blocked', attempts: 0 });
    expect(byNumber.get(optedOut)).toMatchObject({
      state: 'blocked',
      last_result: 'refused:opt_out',
    });
    expect(byNumber.get(capped)).toMatchObject({
      state: 'deferred',
      attempts: 0,
      last_result: 'refused:frequency.day',
    });
    expect(byNumber.get(abandoned)).toMatchObject({
      state: 'deferred',
      attempts: 0,
      last_result: 'refused:lockout.abandoned',
    });
    expect(byNumber.get(clean)?.attempts).toBe(1);
    const records = await t.ctx.db.kysely
      .selectFrom('call_records')
      .select(['entry_id', 'disposition', 'agent_id'])
      .where('campaign_id', '=', id)
      .execute();
    expect(records).toHaveLength(1);
    expect(records[0]!.entry_id).toBe(byNumber.get(clean)!.id);
  }, 90_000);

  it('at 21:30 callee time: nothing is dialed, every number refused (window.outside for the clean one)', async () => {
    offered = [];
    const id = await campaign('progressive', '合规-晚间');
    const at2130 = Date.UTC(2026, 2, 2, 13, 30);
    const runner = await CampaignRunner.load(
      {
        ctx: { ...t.ctx, clock: runningClock(at2130) },
        calls: dialer.calls,
        agents: { loggedIn: () => agents },
        abandonMessage: t.abandonWav,
        tickMs: 200,
      },
      't1',
      id,
    );
    await runner.start();
    await until(async () => (await codes(id)).length === LEADS, 30_000);
    await runner.stop();
    expect(offered).toEqual([]);
    const refusals = (await listRefusals(t.ctx, { tenantId: 't1', campaignId: id })).items;
    // The clean number was called once today already (the test above), still under the cap.
    const windowRefusals = refusals.filter((r) => r.code === 'window.outside');
    expect(windowRefusals.map((r) => r.detail?.['localTime'])).toContain('21:30');
    expect(refusals.map((r) => r.code)).not.toContain('frequency.day');
    expect(runner.counters).toMatchObject({ dialed: 0, refused: LEADS });
  }, 60_000);

  it('preview: an agent dialing a DNC lead is refused before any line is seized; a clean lead rings that agent', async () => {
    offered = [];
    const id = await campaign('preview', '合规-预览');
    const runner = await CampaignRunner.load(
      {
        ctx: t.ctx,
        calls: dialer.calls,
        agents: { loggedIn: () => agents },
        abandonMessage: t.abandonWav,
        tickMs: 200,
      },
      't1',
      id,
    );
    await runner.start();
    // Preview never dials on its own.
    await new Promise((r) => setTimeout(r, 800));
    expect(offered).toEqual([]);
    const byNumber = await entries(id);
    await runner.previewDial(byNumber.get(t.numbers[0]!)!.id, 'agent-1');
    expect(offered).toEqual([]);
    expect(await codes(id)).toEqual(['dnc.tenant']);

    const k = sim.stats.offered;
    const fate = callFate({ ...DEFAULT_CALL_STATISTICS, answerProbability: 1 }, 3, k);
    expect(fate.answered).toBe(true); // the seed's premise: this callee answers
    await runner.previewDial(byNumber.get(t.numbers[4]!)!.id, 'agent-1');
    await until(() => runner.activeCalls === 0, 30_000);
    await runner.stop();
    expect(offered).toEqual([t.numbers[4]]);
    const records = await t.ctx.db.kysely
      .selectFrom('call_records')
      .select(['disposition', 'agent_id'])
      .where('campaign_id', '=', id)
      .execute();
    expect(records).toEqual([{ disposition: 'connected', agent_id: 'agent-1' }]);
  }, 60_000);
});
