import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDnc, listRefusals, recordOptOut } from '../../src/modules/compliance/index.ts';
import {
  billCall,
  campaignReport,
  CampaignRunner,
  createCampaignFromLeads,
  startSipSimulator,
  type DialerAgent,
  type SipSimulator,
} from '../../src/modules/dialer/index.ts';
import { evaluate } from '../../src/modules/evaluation/index.ts';
import { findTenant } from '../../src/modules/tenants/index.ts';
import type { Telephony } from '../../src/telephony/index.ts';
import { dialerTestContext, until, type DialerTestContext } from './harness.ts';

// End to end on real SIP/RTP over loopback: a predictive campaign over 16 leads imported from
// bank-full.csv dials the built-in callee simulator (answer rate 60 %, bank-full talk times
// compressed 200×); answered calls go to three simulated agents. One number is on the DNC list
// and one opted out: both are refused with their reason and never reach the carrier.

const LEADS = 16;

describe('predictive campaign end to end (real SIP)', () => {
  let t: DialerTestContext;
  let dialer: Telephony;
  let carrier: Telephony;
  let sim: SipSimulator;
  const offered: string[] = [];

  beforeAll(async () => {
    t = await dialerTestContext('sqlite', LEADS);
    dialer = await t.engine();
    carrier = await t.engine();
    sim = startSipSimulator({
      calls: carrier.calls,
      seed: 7,
      timeScale: 0.005,
      stats: { answerProbability: 0.6 },
      agentTalkMs: 2_000_000,
    });
    carrier.ua.onInvite = ((wrapped) => (invite) => {
      offered.push(/sip:([^@]+)@/.exec(invite.request.uri)?.[1] ?? '');
      wrapped?.(invite);
    })(carrier.ua.onInvite);
  }, 60_000);

  afterAll(async () => {
    await sim.stop();
    await t.close();
  });

  it(
    'dials, connects, abandons nothing it can connect, and writes records, states and figures',
    { timeout: 120_000 },
    async () => {
      const { ctx } = t;
      const port = carrier.ports.udp;
      await addDnc(ctx, { tenantId: 't1', phone: t.numbers[2]!, reason: 'test' });
      await recordOptOut(ctx, {
        tenantId: 't1',
        phone: t.numbers[5]!,
        channel: 'sms',
        at: ctx.clock.now(),
      });

      const campaign = await createCampaignFromLeads(ctx, {
        tenantId: 't1',
        name: '定期存款回访',
        dialMode: 'predictive',
        fromCampaignId: t.sourceCampaignId,
        settings: {
          trunk: {
            uri: `sip:{number}@127.0.0.1:${port}`,
            tariff: { perMinute: 0.12, increment: '6/6' },
          },
          callerIds: ['+861080000001', '+861080000002'],
          company: '云呼测试公司',
          ringTimeoutMs: 15_000,
          wrapUpMs: 300,
          maxAttempts: 2,
          retry: {
            busy: { afterMinutes: 0 },
            no_answer: { afterMinutes: 0 },
            failed: { afterMinutes: 0 },
            machine: { afterMinutes: 0 },
            abandoned: { afterMinutes: 72 * 60 },
          },
        },
      });
      expect(campaign.entries).toBe(LEADS);

      const agents: DialerAgent[] = [1, 2, 3].map((n) => ({
        id: `agent-${n}`,
        uri: `sip:agent-${n}@127.0.0.1:${port}`,
      }));
      const runner = await CampaignRunner.load(
        {
          ctx,
          calls: dialer.calls,
          agents: { loggedIn: () => agents },
          abandonMessage: t.abandonWav,
          tickMs: 250,
        },
        't1',
        campaign.id,
      );
      await runner.start();
      // Done when every entry is final or waits for a later retry (abandon lockout), and no call is up.
      await until(async () => {
        const open = await ctx.db.kysely
          .selectFrom('campaign_entries')
          .select('id')
          .where('campaign_id', '=', campaign.id)
          .where('final', '=', 0)
          .where((eb) =>
            eb.or([
              eb('next_attempt_at', 'is', null),
              eb('next_attempt_at', '<=', ctx.clock.now()),
            ]),
          )
          .execute();
        return open.length === 0 && runner.activeCalls === 0;
      }, 100_000);
      await runner.stop();

      // Refused numbers: recorded with their reason, never offered to the carrier.
      const refusals = await listRefusals(ctx, { tenantId: 't1', campaignId: campaign.id });
      expect(refusals.items.map((r) => r.code).sort()).toEqual(['dnc.tenant', 'opt_out']);
      const dialedUsers = new Set(offered.filter((u) => !u.startsWith('agent-')));
      expect(dialedUsers.has(t.numbers[2]!)).toBe(false);
      expect(dialedUsers.has(t.numbers[5]!)).toBe(false);

      const calls = await ctx.db.kysely
        .selectFrom('call_records')
        .selectAll()
        .where('campaign_id', '=', campaign.id)
        .execute();
      expect(calls.length).toBe(runner.counters.dialed);
      expect(calls.length).toBe(offered.filter((u) => !u.startsWith('agent-')).length);
      expect(sim.stats.offered).toBe(calls.length);
      let connected = 0;
      for (const c of calls) {
        expect(c).toMatchObject({ direction: 'outbound', status: 'completed', source: 'dialer' });
        expect(ctx.cipher.open(c.callee!)).toMatch(/^\+86138001\d{5}$/);
        expect(c.end_at).not.toBeNull();
        const end = Number(c.end_at);
        if (c.answer_at === null) {
          expect(['busy', 'no_answer', 'failed']).toContain(c.disposition);
          expect(c.billed_cost).toBe(0);
          // Unanswered calls that were not refused by the far end rang the full 15 s at least.
          if (c.disposition === 'no_answer')
            expect(end - Number(c.created_at)).toBeGreaterThanOrEqual(15_000);
          continue;
        }
        const answer = Number(c.answer_at);
        expect(Number(c.ring_at)).toBeLessThanOrEqual(answer);
        expect(answer).toBeLessThanOrEqual(end);
        const bill = billCall((end - answer) / 1000, {
          perMinute: 0.12,
          firstPeriodSeconds: 6,
          incrementSeconds: 6,
        });
        expect(Number(c.billed_cost)).toBeCloseTo(bill.cost, 4);
        if (c.disposition === 'connected') {
          connected += 1;
          expect(c.agent_id).toMatch(/^agent-[123]$/);
          expect(Number(c.agent_answer_at) - answer).toBeLessThanOrEqual(2000);
        } else {
          expect(c.disposition).toBe('abandoned');
          expect(c.agent_answer_at).toBeNull();
        }
      }
      expect(connected).toBeGreaterThan(0);
      expect(connected).toBe(runner.counters.connected);

      // List entries: each in the state its calls imply.
      const entries = await ctx.db.kysely
        .selectFrom('campaign_entries')
        .selectAll()
        .where('campaign_id', '=', campaign.id)
        .execute();
      for (const e of entries) {
        const own = calls.filter((c) => c.entry_id === e.id);
        expect(own.length).toBe(e.attempts);
        if (e.state === 'reached') {
          expect(e.last_result).toBe('connected');
          expect(Number(e.final)).toBe(1);
        } else if (e.state === 'exhausted') {
          expect(e.attempts).toBe(2);
          expect(own.every((c) => c.answer_at === null)).toBe(true);
        } else if (e.state === 'blocked') {
          expect(e.attempts).toBe(0);
          expect(e.last_result).toMatch(/^refused:(dnc\.tenant|opt_out)$/);
        } else {
          expect(e.state).toBe('retry');
          expect(e.last_result).toBe('abandoned');
          expect(Number(e.next_attempt_at)).toBeGreaterThanOrEqual(
            ctx.clock.now() + 71 * 3_600_000,
          );
        }
      }

      // The campaign's figures, and the evaluation engine's reading of the same records.
      const report = await campaignReport(ctx.db, 't1', campaign.id);
      const answered = calls.filter((c) => c.answer_at !== null).length;
      expect(report).toMatchObject({ attempts: calls.length, answered, connected, entries: LEADS });
      expect(report.connectionRate).toBeCloseTo(answered / calls.length, 10);
      expect(report.abandonRate).toBeCloseTo((answered - connected) / answered, 10);
      expect(report.abandonRate).toBeLessThanOrEqual(0.03);
      expect(report.taskCompletionRate).toBeCloseTo(report.finalEntries / LEADS, 10);
      const tenant = (await findTenant(ctx.db, 't1'))!;
      const evaluation = await evaluate(ctx, tenant, {
        filter: { campaign: campaign.id },
        source: 'raw',
        by: ['campaign'],
      });
      const metric = (id: string) => evaluation.metrics.find((m) => m.id === id)?.value;
      expect(metric('connection_rate')).toBeCloseTo(report.connectionRate!, 3);
      expect(metric('effective_connection_rate')).toBeCloseTo(report.effectiveConnectionRate!, 3);
      expect(metric('outbound_task_completion_rate')).toBeCloseTo(report.taskCompletionRate!, 3);
      // The abandon rate: on connection_rate's details and per campaign in the breakdown, from
      // the raw scan and from the roll-ups alike, equal to the report's and the runner's counts.
      const runnerRate = runner.counters.abandoned / runner.counters.answered;
      expect(report.abandoned).toBe(runner.counters.abandoned);
      for (const source of ['raw', 'rollups'] as const) {
        const e = await evaluate(ctx, tenant, {
          filter: { campaign: campaign.id },
          source,
          by: ['campaign'],
        });
        const conn = e.metrics.find((m) => m.id === 'connection_rate')!;
        expect(conn.details).toMatchObject({
          abandonedCalls: report.abandoned,
          campaignAnsweredCalls: report.answered,
        });
        expect(conn.details?.abandonRate).toBeCloseTo(report.abandonRate!, 6);
        expect(conn.details?.abandonRate).toBeCloseTo(runnerRate, 6);
        const row = e.breakdowns.campaign?.find((r) => r.key === campaign.id);
        expect(row?.metrics.campaign_abandon_rate).toMatchObject({
          numerator: report.abandoned,
          denominator: report.answered,
        });
        expect(row?.metrics.campaign_abandon_rate?.value).toBeCloseTo(report.abandonRate!, 6);
      }
    },
  );
});
