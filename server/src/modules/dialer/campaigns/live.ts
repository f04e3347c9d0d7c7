import path from 'node:path';
import type { AppContext } from '../../../context.ts';
import { conflict } from '../../../platform/index.ts';
import { telephonyOf } from '../../calls/index.ts';
import { inboundOf } from '../../inbound/index.ts';
import type { PacingPolicyName } from '../pacing/index.ts';
import { ensureAbandonPrompt } from './abandon-prompt.ts';
import { deskAware, type AgentDirectory, type DialerAgent } from './agent-seats.ts';
import { getCampaign, setCampaignStatus } from './campaigns.service.ts';
import { CampaignRunner, type RunnerCounters } from './runner.ts';

// Campaigns running in this server process: one CampaignRunner per started campaign, on the
// server's telephony engine (telephonyOf). Its agents are the tenant's agents whose phone is
// registered with the engine's registrar (as for inbound: a registered phone is a logged-in
// agent), rung at the registered contact, and following the tenant's desk (the inbound ACD): an
// agent on another call or paused is not offered dialer calls, and one the dialer holds gets no
// inbound call. Without SIP there is no runner: starting answers 409.

const runners = new WeakMap<AppContext, Map<string, CampaignRunner>>();
const keyOf = (tenantId: string, campaignId: string): string => `${tenantId}/${campaignId}`;
/** What to close with a runner (its agent directory's refresh timer). */
const closers = new WeakMap<CampaignRunner, () => void>();
/** Halted runners whose calls are still ending, per server. */
const draining = new WeakMap<AppContext, Set<Promise<void>>>();

export interface LiveStatus {
  /** A runner for the campaign is active in this process. */
  live: boolean;
  counters: RunnerCounters | null;
  activeCalls: number;
  loggedInAgents: number;
  /** The latest pacing decision, e.g. "stopped: no agent logged in". */
  lastDecision: string | null;
}

function registry(ctx: AppContext): Map<string, CampaignRunner> {
  let map = runners.get(ctx);
  if (!map) {
    map = new Map();
    runners.set(ctx, map);
  }
  return map;
}

/** Registered agents of a tenant; the agent list is re-read from the database every 5 s. */
function registeredAgents(
  ctx: AppContext,
  tenantId: string,
): AgentDirectory & { close: () => void } {
  let rows: { id: string; extension: string | null }[] = [];
  const load = async (): Promise<void> => {
    rows = await ctx.db.kysely
      .selectFrom('agents')
      .select(['id', 'extension'])
      .where('tenant_id', '=', tenantId)
      .where('extension', 'is not', null)
      .execute();
  };
  void load().catch((error: unknown) => ctx.logger.warn({ err: error }, 'dialer: agents'));
  const timer = setInterval(() => {
    load().catch((error: unknown) => ctx.logger.warn({ err: error }, 'dialer: agents'));
  }, 5000);
  return {
    loggedIn(): DialerAgent[] {
      const registrar = telephonyOf(ctx)?.telephony.registrar;
      if (!registrar) return [];
      const out: DialerAgent[] = [];
      for (const row of rows) {
        const binding = row.extension ? registrar.lookup(row.extension)[0] : undefined;
        if (binding) out.push({ id: row.id, uri: binding.contact });
      }
      return out;
    },
    close: () => clearInterval(timer),
  };
}

export async function startLiveCampaign(
  ctx: AppContext,
  tenantId: string,
  campaignId: string,
  options: { policy?: PacingPolicyName } = {},
): Promise<LiveStatus> {
  const campaign = await getCampaign(ctx.db, tenantId, campaignId);
  const map = registry(ctx);
  if (map.has(keyOf(tenantId, campaignId))) {
    throw conflict('campaign.running', `Campaign "${campaignId}" is already running`);
  }
  if (campaign.status === 'stopped' || campaign.status === 'completed') {
    throw conflict(
      'campaign.finished',
      `Campaign "${campaignId}" is ${campaign.status}; create a new campaign to call again`,
    );
  }
  const runtime = telephonyOf(ctx);
  if (!runtime) {
    throw conflict(
      'dialer.sip_off',
      'SIP is off on this server (YUNHU_SIP_PORT=0): campaigns cannot dial',
    );
  }
  const abandonMessage = await ensureAbandonPrompt(
    path.join(ctx.config.dataDir, 'prompts'),
    campaign.settings.company,
  );
  const registered = registeredAgents(ctx, tenantId);
  const desk = await inboundOf(ctx)?.desk(tenantId);
  const agents = desk
    ? {
        ...deskAware(registered, {
          status: (agentId) => desk.acd.agentState(agentId),
          event: (agentId, event) => desk.event(agentId, event),
        }),
        close: registered.close,
      }
    : registered;
  const runner = await CampaignRunner.load(
    {
      ctx,
      calls: runtime.telephony.calls,
      agents,
      abandonMessage,
      ...(options.policy ? { policy: options.policy } : {}),
    },
    tenantId,
    campaignId,
  );
  map.set(keyOf(tenantId, campaignId), runner);
  closers.set(runner, agents.close);
  await runner.start();
  return liveStatus(ctx, tenantId, campaignId);
}

/**
 * Stops dialing now; calls in progress finish in the background, then the campaign's status is
 * written: 'paused' (or 'completed' when no entry is open) for a pause, 'stopped' for a stop.
 */
export async function haltLiveCampaign(
  ctx: AppContext,
  tenantId: string,
  campaignId: string,
  how: 'pause' | 'stop',
): Promise<{ status: string; activeCalls: number }> {
  await getCampaign(ctx.db, tenantId, campaignId);
  const map = registry(ctx);
  const runner = map.get(keyOf(tenantId, campaignId));
  const status = how === 'stop' ? 'stopped' : 'paused';
  if (!runner) {
    await setCampaignStatus(ctx.db, tenantId, campaignId, status);
    return { status, activeCalls: 0 };
  }
  map.delete(keyOf(tenantId, campaignId));
  const activeCalls = runner.activeCalls;
  // Written first, so that a reader sees at once that the campaign no longer dials; the runner
  // writes 'paused' or 'completed' once its calls have ended, and a stop then 'stopped'.
  await setCampaignStatus(ctx.db, tenantId, campaignId, status);
  const done = runner.stop().then(async () => {
    closers.get(runner)?.();
    if (how === 'stop') await setCampaignStatus(ctx.db, tenantId, campaignId, 'stopped');
  });
  const drains = draining.get(ctx) ?? new Set<Promise<void>>();
  draining.set(ctx, drains);
  const settled = done
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'dialer: stop failed'))
    .finally(() => drains.delete(settled));
  drains.add(settled);
  return { status, activeCalls };
}

export function liveStatus(ctx: AppContext, tenantId: string, campaignId: string): LiveStatus {
  const runner = runners.get(ctx)?.get(keyOf(tenantId, campaignId));
  if (!runner) {
    return { live: false, counters: null, activeCalls: 0, loggedInAgents: 0, lastDecision: null };
  }
  return {
    live: true,
    counters: { ...runner.counters },
    activeCalls: runner.activeCalls,
    loggedInAgents: runner.deps.agents.loggedIn().length,
    lastDecision: runner.lastDecision || null,
  };
}

/** Server shutdown: pause every running campaign and wait for its calls to end. */
export async function stopLiveCampaigns(ctx: AppContext): Promise<void> {
  const map = runners.get(ctx);
  for (const runner of map?.values() ?? []) {
    await haltLiveCampaign(ctx, runner.campaign.tenantId, runner.campaign.id, 'pause');
  }
  await Promise.allSettled([...(draining.get(ctx) ?? [])]);
}
