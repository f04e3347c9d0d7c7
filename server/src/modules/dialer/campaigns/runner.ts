import type { AppContext } from '../../../context.ts';
import type { Call, CallControl, PlaySource } from '../../../telephony/index.ts';
import { admitAttempt, pickCallerId } from '../../compliance/index.ts';
import { refreshRollups } from '../../evaluation/index.ts';
import { CampaignPacer, createPacingPolicy, type PacingPolicyName } from '../pacing/index.ts';
import { AgentSeats, type AgentDirectory, type Seat } from './agent-seats.ts';
import { inSchedule, type CampaignSettings } from './campaign-settings.ts';
import { getCampaign, setCampaignStatus, type CampaignView } from './campaigns.service.ts';
import {
  writeDialEnd,
  writeDialStart,
  writeOriginateFailure,
  type DialStart,
} from './call-writer.ts';
import { connectAnswered, type LiveCall } from './connect.ts';
import { afterRefusal, resultOf } from './retry.ts';
import { CALLBACK_GRACE_MS, dueCallbacks, markCallbackDialed } from './callbacks.service.ts';

// Runs one campaign on a CallControl (dependency-injected: the server's engine, or one a test
// builds). Each tick it asks the agent directory who is logged in, asks the pacing policy how
// many lines to open (predictive: Yunhu's pacer; progressive: one per free agent; preview: only
// on an agent's request), passes every attempt through the compliance gate, dials the trunk,
// connects answered calls to an agent within the connect limit or abandons them with a message
// naming the company, and writes call records, attempt outcomes and list-entry states.

export interface CampaignRunnerDeps {
  ctx: Pick<AppContext, 'db' | 'cipher' | 'clock' | 'logger'>;
  calls: CallControl;
  agents: AgentDirectory;
  /** WAV path or PCM of the abandon message (see ensureAbandonPrompt). */
  abandonMessage: PlaySource;
  /** Pacing decision cadence (default 1 s); decisions also follow agents becoming ready. */
  tickMs?: number;
  /** Pacing of predictive campaigns (default 'yunhu'; 'baseline' for the real-SIP benchmark). */
  policy?: PacingPolicyName;
}

export interface RunnerCounters {
  dialed: number;
  refused: number;
  answered: number;
  connected: number;
  abandoned: number;
}

interface EntryRow {
  id: string;
  customer_id: string;
  attempts: number;
}

export class CampaignRunner {
  readonly counters: RunnerCounters = {
    dialed: 0,
    refused: 0,
    answered: 0,
    connected: 0,
    abandoned: 0,
  };
  readonly seats: AgentSeats;
  readonly ringing = new Map<string, number>();
  readonly waiting: LiveCall[] = [];
  readonly pacer: CampaignPacer;
  private readonly inFlight = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = true;
  private refreshTimer: NodeJS.Timeout | undefined;
  private dirtyFrom: number | null = null;
  /** No new dials before this: a line just failed locally (e.g. no free RTP port). */
  private holdUntil = 0;
  lastDecision = '';

  private constructor(
    readonly deps: CampaignRunnerDeps,
    readonly campaign: CampaignView,
  ) {
    this.seats = new AgentSeats(deps.agents);
    this.pacer = new CampaignPacer(
      createPacingPolicy(deps.policy ?? 'yunhu', { abandonCap: campaign.settings.abandonCap }),
      deps.ctx.clock,
    );
  }

  static async load(
    deps: CampaignRunnerDeps,
    tenantId: string,
    campaignId: string,
  ): Promise<CampaignRunner> {
    return new CampaignRunner(deps, await getCampaign(deps.ctx.db, tenantId, campaignId));
  }

  get settings(): CampaignSettings {
    return this.campaign.settings;
  }

  private now(): number {
    return this.deps.ctx.clock.now();
  }

  async start(): Promise<void> {
    this.stopped = false;
    await setCampaignStatus(this.deps.ctx.db, this.campaign.tenantId, this.campaign.id, 'running');
    this.timer = setInterval(() => this.kick(), this.deps.tickMs ?? 1000);
    this.kick();
  }

  /** Stops dialing, waits for the calls in progress to end, and refreshes the roll-ups. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    clearTimeout(this.refreshTimer);
    await this.refresh();
    const open = await this.openEntries();
    await setCampaignStatus(
      this.deps.ctx.db,
      this.campaign.tenantId,
      this.campaign.id,
      open === 0 ? 'completed' : 'paused',
    );
  }

  /** Entries not yet in a final state. */
  async openEntries(): Promise<number> {
    const r = await this.deps.ctx.db.kysely
      .selectFrom('campaign_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', this.campaign.tenantId)
      .where('campaign_id', '=', this.campaign.id)
      .where('final', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Calls in progress (ringing, waiting for an agent, or talking). */
  get activeCalls(): number {
    return this.pending.size;
  }

  /** Asks for a pacing decision soon (after an agent became ready, a call ended …). */
  kick(): void {
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    this.tick()
      .catch((error: unknown) => this.deps.ctx.logger.error({ err: error }, 'dialer: tick failed'))
      .finally(() => {
        this.ticking = false;
      });
  }

  private async tick(): Promise<void> {
    const now = this.now();
    this.seats.sync(now);
    this.serveWaiting();
    if (this.campaign.dialMode === 'preview') return;
    if (!inSchedule(this.settings, now)) {
      this.lastDecision = 'outside the campaign schedule';
      return;
    }
    if (now < this.holdUntil) {
      this.lastDecision = 'holding: a line just failed';
      return;
    }
    await this.dialCallbacks(now);
    const agents = this.seats.views();
    let dial: number;
    if (this.campaign.dialMode === 'predictive') {
      const d = this.pacer.decide({
        agents,
        ringing: [...this.ringing.values()],
        waiting: this.waiting.length,
      });
      dial = d.dial;
      this.lastDecision = `${d.mode}: ${d.reason}`;
    } else {
      // Progressive: one line per free agent, none while no agent is logged in.
      dial = Math.max(0, this.seats.readyCount(now) - this.ringing.size - this.waiting.length);
      this.lastDecision = agents.length === 0 ? 'no agent logged in' : `progressive ${dial}`;
    }
    if (dial <= 0) return;
    for (const entry of await this.dueEntries(dial)) this.track(this.attempt(entry, null));
  }

  /** Preview mode: the agent saw the lead and asks to dial it; the callee goes to that agent. */
  async previewDial(entryId: string, agentId: string): Promise<void> {
    this.seats.sync(this.now());
    const entry = await this.deps.ctx.db.kysely
      .selectFrom('campaign_entries')
      .select(['id', 'customer_id', 'attempts'])
      .where('tenant_id', '=', this.campaign.tenantId)
      .where('campaign_id', '=', this.campaign.id)
      .where('id', '=', entryId)
      .where('final', '=', 0)
      .executeTakeFirst();
    if (!entry || this.inFlight.has(entryId)) throw new Error(`Entry ${entryId} is not dialable`);
    const seat = this.seats.reserveAgent(agentId, this.now());
    if (!seat) throw new Error(`Agent ${agentId} is not logged in and ready`);
    const run = this.attempt(entry, seat);
    this.track(run);
    await run;
  }

  private track(run: Promise<void>): void {
    const p = run.catch((error: unknown) =>
      this.deps.ctx.logger.error({ err: error }, 'dialer: attempt failed'),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async dueEntries(limit: number): Promise<EntryRow[]> {
    const now = this.now();
    const rows = await this.deps.ctx.db.kysely
      .selectFrom('campaign_entries')
      .select(['id', 'customer_id', 'attempts'])
      .where('tenant_id', '=', this.campaign.tenantId)
      .where('campaign_id', '=', this.campaign.id)
      .where('final', '=', 0)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      // A due callback waits for its agent (dialCallbacks) for a grace period first.
      .where((eb) =>
        eb.or([
          eb('state', '!=', 'callback'),
          eb('next_attempt_at', '<=', now - CALLBACK_GRACE_MS),
        ]),
      )
      .orderBy('planned_at')
      .orderBy('id')
      .limit(limit + this.inFlight.size)
      .execute();
    const free = rows.filter((r) => !this.inFlight.has(r.id)).slice(0, limit);
    for (const r of free) this.inFlight.add(r.id);
    return free;
  }

  /** Due callbacks whose promising agent is free: dialed with that agent reserved. */
  private async dialCallbacks(now: number): Promise<void> {
    const { db } = this.deps.ctx;
    for (const cb of await dueCallbacks(db, this.campaign.tenantId, this.campaign.id, now)) {
      if (this.inFlight.has(cb.entry.id)) continue;
      const seat = this.seats.reserveAgent(cb.agentId, now);
      if (!seat) continue;
      this.inFlight.add(cb.entry.id);
      await markCallbackDialed(db, this.campaign.tenantId, cb.id);
      this.track(this.attempt(cb.entry, seat));
    }
  }

  private async attempt(entry: EntryRow, seat: Seat | null): Promise<void> {
    this.inFlight.add(entry.id);
    try {
      await this.dialEntry(entry, seat);
    } finally {
      this.inFlight.delete(entry.id);
      if (seat && seat.activity === 'reserved') this.seats.set(seat, 'ready', this.now());
      this.kick();
    }
  }

  private async dialEntry(entry: EntryRow, seat: Seat | null): Promise<void> {
    const { ctx } = this.deps;
    const tenantId = this.campaign.tenantId;
    const customer = await ctx.db.kysely
      .selectFrom('customers')
      .select(['phone'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', entry.customer_id)
      .executeTakeFirst();
    const e164 = customer?.phone ? ctx.cipher.open(customer.phone) : '';
    const at = this.now();
    const picked = await pickCallerId(ctx, tenantId, this.settings.callerIds, at);
    const callerId = picked?.callerId ?? this.settings.callerIds[0] ?? '';
    const admitted = await admitAttempt(ctx, {
      tenantId,
      e164,
      campaignId: this.campaign.id,
      callerId,
      at,
    });
    if (!admitted.allowed || admitted.attemptId === null) {
      this.counters.refused += 1;
      const code = admitted.allowed ? 'phone.invalid' : admitted.reason.code;
      const next = afterRefusal(code, admitted.allowed ? undefined : admitted.reason.detail, at);
      await ctx.db.kysely
        .updateTable('campaign_entries')
        .set({
          state: next.state,
          final: next.final ? 1 : 0,
          final_at: next.final ? at : null,
          last_result: `refused:${code}`,
          next_attempt_at: next.nextAttemptAt,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', entry.id)
        .execute();
      return;
    }
    const attempts = entry.attempts + 1;
    await ctx.db.kysely
      .updateTable('campaign_entries')
      .set({ state: 'dialing', attempts })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', entry.id)
      .execute();
    await this.placeCall(entry, seat, { e164, callerId, attemptId: admitted.attemptId, attempts });
  }

  private async placeCall(
    entry: EntryRow,
    seat: Seat | null,
    a: { e164: string; callerId: string; attemptId: string; attempts: number },
  ): Promise<void> {
    const { ctx, calls } = this.deps;
    const trunk = this.settings.trunk;
    const host = /@([^;>]+)/.exec(trunk.uri)?.[1] ?? 'yunhu.invalid';
    const dialedAt = this.now();
    let placed: Awaited<ReturnType<CallControl['originate']>>;
    try {
      placed = await calls.originate({
        uri: trunk.uri.replace('{number}', a.e164),
        from: `<sip:${a.callerId}@${host}>`,
        // Sealed at rest (plain in campaigns made before sealing: open() passes those through).
        ...(trunk.auth
          ? { auth: { ...trunk.auth, password: ctx.cipher.open(trunk.auth.password) } }
          : {}),
        ...(trunk.proxy ? { proxy: trunk.proxy } : {}),
        timeoutMs: this.settings.ringTimeoutMs,
      });
    } catch (error) {
      // No line (e.g. no free RTP port): without this the entry stayed 'dialing' and was taken
      // again at once, each time spending an attempt of the number's daily cap.
      ctx.logger.warn({ err: error, entry: entry.id }, 'dialer: originate failed');
      this.holdUntil = this.now() + 5000;
      await writeOriginateFailure(ctx, this.settings, this.campaign.tenantId, entry.id, a);
      return;
    }
    const { call, answered } = placed;
    this.counters.dialed += 1;
    this.ringing.set(call.id, dialedAt);
    const start: DialStart = {
      callId: call.id,
      tenantId: this.campaign.tenantId,
      campaignId: this.campaign.id,
      entryId: entry.id,
      customerId: entry.customer_id,
      e164: a.e164,
      callerId: a.callerId,
      trunkId: trunk.id,
      attemptId: a.attemptId,
      createdAt: dialedAt,
    };
    let ringAt: number | null = null;
    const offProgress = call.on((e) => {
      if (e.type === 'progress' && ringAt === null && (e.status === 180 || e.status === 183)) {
        ringAt = this.now();
      }
    });
    const ended = call.ended();
    await writeDialStart(ctx, start);
    const outcome = await answered;
    this.ringing.delete(call.id);
    offProgress();
    const answerAt = this.now();
    this.pacer.observe({ kind: 'attempt', answered: outcome.ok, ringMs: answerAt - dialedAt });
    if (!outcome.ok) {
      const end = await ended;
      await this.finish(start, {
        result: resultOf(outcome.status, end.reason),
        ringAt,
        answerAt: null,
        agentAnswerAt: null,
        endAt: this.now(),
        agentId: null,
        sipStatus: outcome.status,
        hangupCause: end.reason,
        attempts: a.attempts,
      });
      return;
    }
    this.counters.answered += 1;
    const live: LiveCall = { call, answerAt, seat, settled: false };
    const connected = await connectAnswered(this, live);
    if (connected.result === 'connected') this.counters.connected += 1;
    else this.counters.abandoned += 1;
    await this.finish(start, {
      ...connected,
      ringAt: ringAt ?? dialedAt,
      answerAt,
      sipStatus: 200,
      attempts: a.attempts,
    });
  }

  private async finish(start: DialStart, end: Parameters<typeof writeDialEnd>[3]): Promise<void> {
    await writeDialEnd(this.deps.ctx, this.settings, start, end);
    this.dirtyFrom = Math.min(this.dirtyFrom ?? start.createdAt, start.createdAt);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, 5000);
  }

  private async refresh(): Promise<void> {
    if (this.dirtyFrom === null) return;
    const from = this.dirtyFrom;
    this.dirtyFrom = null;
    try {
      await refreshRollups(this.deps.ctx, this.campaign.tenantId, { from, to: this.now() + 1 });
    } catch (error) {
      this.deps.ctx.logger.warn({ err: error }, 'dialer: roll-up refresh failed');
    }
  }

  /** Gives waiting answered calls to agents who became free. */
  serveWaiting(): void {
    while (this.waiting.length > 0) {
      const seat = this.seats.reserve(this.now());
      if (!seat) return;
      const live = this.waiting.shift();
      if (live) live.offer?.(seat);
      else this.seats.set(seat, 'ready', this.now());
    }
  }

  /** Used by connect.ts for the live part of a call. */
  abandonSource(): PlaySource {
    return this.deps.abandonMessage;
  }

  stoppedDialing(): boolean {
    return this.stopped;
  }
}

export type { Call };
