// The pacing benchmark's real-SIP run at small scale: a predictive campaign over leads imported
// from bank-full.csv, run by the live CampaignRunner on one telephony engine, dialing a second
// engine that hosts the callee/agent simulator (`yunhu simulate callees`) over loopback SIP/RTP.
// Once with Yunhu's pacing and once with the classic baseline, same seed and statistics. Prints
// the figures of `yunhu bench pacing` plus the run's parameters, as JSON and a Markdown table.
//   npx tsx bench/pacing/real-sip-run.ts [--agents 5] [--minutes 3] [--leads 400]
//     [--time-scale 0.05] [--answer-rate 0.36] [--seed 1] [--policy both|yunhu|baseline]
//
// Time is compressed by --time-scale for answer delays, talk and wrap-up (bank-full talk median
// ≈ 180 s → 9 s at 0.05); unanswered calls still ring the full 15 s (the dialer's minimum), so
// the ringing share is larger than in the simulation. Because every compressed call is "short"
// (< 10 s), the caller-ID health thresholds are lifted for this tenant: they are not under test.
import {
  campaignReport,
  CampaignRunner,
  createCampaignFromLeads,
  startSipSimulator,
  type DialerAgent,
  type PacingPolicyName,
} from '../../server/src/modules/dialer/index.ts';
import { listRefusals, saveComplianceSettings } from '../../server/src/modules/compliance/index.ts';
import { dialerTestContext } from '../../server/test/dialer/harness.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const agents = Number(arg('agents', '5'));
const minutes = Number(arg('minutes', '3'));
const leads = Number(arg('leads', '400'));
const timeScale = Number(arg('time-scale', '0.05'));
const answerRate = Number(arg('answer-rate', '0.36'));
const seed = Number(arg('seed', '1'));
const which = arg('policy', 'both');
const WRAP_MS = Math.round(15_000 * timeScale); // the simulation's mean wrap-up, compressed

interface RealSipRun {
  policy: PacingPolicyName;
  agents: number;
  minutes: number;
  occupancy: number;
  abandonRate: number;
  dialed: number;
  answered: number;
  connected: number;
  refused: number;
  /** Refusals by reason code (none expected: the leads are clean). */
  refusals: Record<string, number>;
  connectionRate: number;
}

async function run(policy: PacingPolicyName): Promise<RealSipRun> {
  const t = await dialerTestContext('sqlite', leads);
  try {
    const { ctx } = t;
    await saveComplianceSettings(
      ctx.db,
      't1',
      { callerId: { maxPerHour: 1e6, maxShortRatio: 1, maxUnansweredRatio: 1, minAttempts: 1e6 } },
      ctx.clock.now(),
    );
    // Up to 3 lines per agent plus the agents' own legs, an RTP port pair each, on both engines.
    const dialer = await t.engine(Math.max(40, agents * 20));
    const carrier = await t.engine(Math.max(40, agents * 20));
    const sim = startSipSimulator({
      calls: carrier.calls,
      seed,
      timeScale,
      stats: { answerProbability: answerRate },
      agentTalkMs: 1e9,
    });
    const port = carrier.ports.udp;
    const campaign = await createCampaignFromLeads(ctx, {
      tenantId: 't1',
      name: `pacing real-SIP ${policy}`,
      dialMode: 'predictive',
      fromCampaignId: t.sourceCampaignId,
      settings: {
        trunk: { uri: `sip:{number}@127.0.0.1:${port}` },
        callerIds: ['+861080000001', '+861080000002', '+861080000003'],
        company: '云呼测试公司',
        ringTimeoutMs: 15_000,
        wrapUpMs: WRAP_MS,
        maxAttempts: 1,
      },
    });
    const seats: DialerAgent[] = Array.from({ length: agents }, (_, i) => ({
      id: `agent-${i + 1}`,
      uri: `sip:agent-${i + 1}@127.0.0.1:${port}`,
    }));
    const runner = await CampaignRunner.load(
      {
        ctx,
        calls: dialer.calls,
        agents: { loggedIn: () => seats },
        abandonMessage: t.abandonWav,
        tickMs: 250,
        policy,
      },
      't1',
      campaign.id,
    );
    const start = ctx.clock.now();
    await runner.start();
    await new Promise((r) => setTimeout(r, minutes * 60_000));
    const end = ctx.clock.now();
    await runner.stop(); // no new dials; calls in progress finish
    await sim.stop();

    // Occupancy as in the simulator: agent time talking or in wrap-up within the run ÷ agent time.
    const records = await ctx.db.kysely
      .selectFrom('call_records')
      .select(['agent_answer_at', 'end_at'])
      .where('campaign_id', '=', campaign.id)
      .where('disposition', '=', 'connected')
      .execute();
    let busyMs = 0;
    for (const r of records) {
      const from = Number(r.agent_answer_at);
      const to = Number(r.end_at) + WRAP_MS;
      busyMs += Math.max(0, Math.min(to, end) - Math.max(from, start));
    }
    const report = await campaignReport(ctx.db, 't1', campaign.id);
    const refusals: Record<string, number> = {};
    const refused = await listRefusals(ctx, {
      tenantId: 't1',
      campaignId: campaign.id,
      pageSize: 500,
    });
    for (const r of refused.items) refusals[r.code] = (refusals[r.code] ?? 0) + 1;
    return {
      policy,
      agents,
      minutes,
      occupancy: busyMs / (agents * (end - start)),
      abandonRate: report.abandonRate ?? 0,
      dialed: report.attempts,
      answered: report.answered,
      connected: report.connected,
      refused: runner.counters.refused,
      refusals,
      connectionRate: report.connectionRate ?? 0,
    };
  } finally {
    await t.close();
  }
}

const policies: PacingPolicyName[] =
  which === 'both' ? ['yunhu', 'baseline'] : [which as PacingPolicyName];
const runs: RealSipRun[] = [];
for (const p of policies) runs.push(await run(p));

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
process.stdout.write(
  `${JSON.stringify({ params: { agents, minutes, leads, timeScale, answerRate, seed, wrapUpMs: WRAP_MS }, runs })}\n\n`,
);
process.stdout.write(
  '| policy | agents | minutes | occupancy | abandon rate | dialed | answered | connected | refused |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n',
);
for (const r of runs) {
  process.stdout.write(
    `| ${r.policy} | ${r.agents} | ${r.minutes} | ${pct(r.occupancy)} | ${pct(r.abandonRate)} | ${r.dialed} | ${r.answered} | ${r.connected} | ${r.refused} |\n`,
  );
}
