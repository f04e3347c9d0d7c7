import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';
import type { Call } from '../../telephony/index.ts';
import {
  callsDb,
  finaliseCallRecord,
  openCallRecord,
  qualityOf,
  updateCallRecord,
  type StagePatch,
  type TelephonyRuntime,
} from '../calls/index.ts';
import { refreshRollups } from '../evaluation/index.ts';
import {
  ensurePrompts,
  getActiveIvrFlow,
  promptPath,
  runIvr,
  type IvrOutcome,
  type IvrRunResult,
  type PromptLanguage,
} from '../ivr/index.ts';
import { findTenant } from '../tenants/index.ts';
import { AgentDesk } from './agent-desk.ts';
import { QueueCall } from './queue-call.ts';
import { VirtualCallback } from './virtual-callback.ts';
import { loadQueue } from './queues.ts';

// The inbound call path: an INVITE to a tenant's service number is answered, runs the tenant's
// IVR flow, and a route-to-queue outcome becomes a QueueCall on the tenant's AgentDesk. The call
// record is written at call start ('active') and finalised at the end; the roll-ups are
// refreshed so that the evaluation sees the call.

const POLL_MS = 500;
const RELOAD_AGENTS_MS = 10_000;

export interface InboundServiceOptions {
  /** Prompts directory (default <dataDir>/prompts; generated at start when missing). */
  promptDir?: string;
  /** Stereo call recordings (default <dataDir>/recordings). */
  recordingDir?: string;
}

interface ServiceNumber {
  tenantId: string;
  flowId: string;
}

export class InboundService {
  private readonly desks = new Map<string, Promise<AgentDesk>>();
  private readonly queued = new Map<string, QueueCall>();
  /** Callbacks keeping their caller's place, by the caller's call id (their ACD entry). */
  private readonly virtual = new Map<string, VirtualCallback>();
  private readonly active = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly refreshChain = new Map<string, Promise<unknown>>();
  private lastReload = 0;
  private closed = false;
  readonly promptDir: string;
  readonly recordingDir: string;

  constructor(
    private readonly ctx: AppContext,
    private readonly runtime: TelephonyRuntime,
    options: InboundServiceOptions = {},
  ) {
    this.promptDir = options.promptDir ?? join(ctx.config.dataDir, 'prompts');
    this.recordingDir = options.recordingDir ?? join(ctx.config.dataDir, 'recordings');
    mkdirSync(this.recordingDir, { recursive: true });
    runtime.telephony.calls.onIncomingCall((call) => this.track(this.handle(call)));
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** The tenant's agents and ACD (created and loaded on first use). */
  desk(tenantId: string): Promise<AgentDesk> {
    let desk = this.desks.get(tenantId);
    if (!desk) {
      desk = (async () => {
        const d = new AgentDesk(this.ctx, tenantId, this.runtime.devices);
        d.setHooks({
          onOffers: (offers) => {
            for (const o of offers) {
              const vc = this.virtual.get(o.callId);
              this.virtual.delete(o.callId);
              if (vc) this.track(vc.offer(o.agentId));
              if (vc) continue;
              const qc = this.queued.get(o.callId);
              if (qc) this.track(qc.offer(o.agentId));
              else d.event(o.agentId, { type: 'hangup', callId: o.callId });
            }
          },
          onCallEnded: (callId) => this.queued.get(callId)?.end(),
        });
        await d.load();
        d.poll();
        return d;
      })();
      this.desks.set(tenantId, desk);
    }
    return desk;
  }

  /** Desks already created (the supervisor view lists only tenants that took calls or asked). */
  loadedDesk(tenantId: string): Promise<AgentDesk> | undefined {
    return this.desks.get(tenantId);
  }

  /** Calls waiting, ringing or talking in a tenant's queues. */
  queueCalls(tenantId: string): QueueCall[] {
    return [...this.queued.values()].filter((q) => q.tenantId === tenantId);
  }

  private track(work: Promise<void>): void {
    const p = work.catch((error: unknown) =>
      this.ctx.logger.error({ err: error }, 'inbound: call handling failed'),
    );
    this.active.add(p);
    void p.finally(() => this.active.delete(p));
  }

  private async poll(): Promise<void> {
    const reload = this.ctx.clock.now() - this.lastReload > RELOAD_AGENTS_MS;
    if (reload) this.lastReload = this.ctx.clock.now();
    for (const desk of this.desks.values()) {
      try {
        const d = await desk;
        if (reload) await d.load();
        d.poll();
      } catch (error) {
        this.ctx.logger.warn({ err: error }, 'inbound: agent poll failed');
      }
    }
  }

  private async lookup(number: string): Promise<ServiceNumber | undefined> {
    const row = await callsDb(this.ctx.db)
      .selectFrom('service_numbers')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirst();
    if (!row) return undefined;
    const flow = JSON.parse(row.flow) as { flowId?: string };
    return flow.flowId ? { tenantId: row.tenant_id, flowId: flow.flowId } : undefined;
  }

  private async handle(call: Call): Promise<void> {
    const ctx = this.ctx;
    const number = dialledNumber(call);
    const service = number ? await this.lookup(number) : undefined;
    if (!service) {
      call.reject(404, 'Not a service number');
      return;
    }
    const { tenantId } = service;
    const tenant = await findTenant(ctx.db, tenantId);
    const createdAt = ctx.clock.now();
    const caller = callerNumber(call.from);
    await openCallRecord(ctx, {
      id: call.id,
      tenantId,
      direction: 'inbound',
      caller,
      callee: number,
      createdAt,
    });
    const finish = (patch: StagePatch) => this.finish(tenantId, call.id, createdAt, patch);
    call.ring();
    const answered = await call.answer();
    if (!answered.ok) {
      const ended = await call.ended();
      await finish({ end_at: ended.at, disposition: 'ivr_hangup', hangup_cause: ended.reason });
      return;
    }
    const answerAt = ctx.clock.now();
    await updateCallRecord(ctx, tenantId, call.id, { answer_at: answerAt, ivr_entry_at: answerAt });
    const stored = await getActiveIvrFlow(ctx.db, tenantId, service.flowId);
    if (!stored) {
      ctx.logger.error({ tenantId, flow: service.flowId }, 'inbound: no active IVR flow');
      await call.hangup();
      const ended = await call.ended();
      await finish({ end_at: ended.at, disposition: 'ivr_hangup', hangup_cause: 'no-flow' });
      return;
    }
    const language: PromptLanguage = stored.flow.language;
    // The runner turns a failing verb into a hangup outcome; it does not throw.
    const result: IvrRunResult = await runIvr(call, stored.flow, {
      version: stored.version,
      promptDir: this.promptDir,
      voicemailDir: join(this.recordingDir, 'voicemail'),
      timeZone: tenant?.time_zone,
      now: () => ctx.clock.now(),
      vars: { dnis: number ?? '', caller },
      logger: ctx.logger,
    });
    for (const r of result.responses) await this.latency(tenantId, call.id, r.digitAt, r.promptAt);
    await updateCallRecord(ctx, tenantId, call.id, { ivr_exit_at: result.exitAt });
    this.emit(tenantId, 'inbound.ivr', {
      callId: call.id,
      outcome: result.outcome.kind,
      path: result.path,
      digits: result.digits,
    });
    await this.afterIvr(call, tenantId, result, { caller, language }, finish);
  }

  private async afterIvr(
    call: Call,
    tenantId: string,
    result: IvrRunResult,
    { caller, language }: { caller: string; language: PromptLanguage },
    finish: (patch: StagePatch) => Promise<void>,
  ): Promise<void> {
    const outcome: IvrOutcome = result.outcome;
    if (outcome.kind === 'queue') {
      const queue = await loadQueue(this.ctx, tenantId, outcome.queueId);
      if (queue && call.state !== 'ended') {
        const desk = await this.desk(tenantId);
        const qc = new QueueCall(
          call,
          tenantId,
          queue,
          outcome.priority || queue.settings.priority,
          {
            ctx: this.ctx,
            desk,
            devices: this.runtime.devices,
            prompt: (name) => promptPath(this.promptDir, language, name),
            recordingDir: this.recordingDir,
            finish,
            callerNumber: caller,
            emit: (event, payload) => this.emit(tenantId, event, payload),
            pendingDigitAt: result.pendingDigitAt,
            onResponse: (digitAt, promptAt) =>
              void this.latency(tenantId, call.id, digitAt, promptAt),
            keepPlace: (taskId, q, inserted) => {
              const vc = new VirtualCallback(call.id, taskId, tenantId, q, caller || null, {
                ctx: this.ctx,
                desk,
                devices: this.runtime.devices,
                telephony: this.runtime.telephony,
                inserted,
                emit: (event, payload) => this.emit(tenantId, event, payload),
                requeued: (v) => this.virtual.set(v.callId, v),
              });
              this.virtual.set(call.id, vc);
            },
          },
        );
        this.queued.set(call.id, qc);
        try {
          await qc.start();
          await qc.done();
        } finally {
          this.queued.delete(call.id);
        }
        return;
      }
      if (!queue) this.ctx.logger.warn({ queueId: outcome.queueId }, 'inbound: unknown queue');
    }
    if (outcome.kind === 'callback') {
      const at = this.ctx.clock.now();
      await callsDb(this.ctx.db)
        .insertInto('callback_tasks')
        .values({
          id: newId('cb_'),
          tenant_id: tenantId,
          call_id: call.id,
          queue_id: outcome.queueId,
          caller: outcome.number ? this.ctx.cipher.seal(outcome.number) : null,
          status: 'open',
          waited_ms: null,
          created_at: at,
          done_at: null,
        })
        .execute();
    }
    // Every other outcome ends the call here (transfer to an external number needs a trunk,
    // which inbound does not configure yet: the caller hears goodbye).
    if (call.state !== 'ended') {
      if (outcome.kind === 'transfer')
        await call.play(promptPath(this.promptDir, language, 'goodbye'));
      await call.hangup();
    }
    const ended = await call.ended();
    const disposition =
      outcome.kind === 'callback'
        ? 'callback'
        : outcome.kind === 'voicemail'
          ? 'voicemail'
          : outcome.kind === 'transfer'
            ? 'transfer_unavailable'
            : 'ivr_hangup';
    await finish({
      end_at: ended.at,
      disposition,
      hangup_cause: outcome.kind === 'hangup' ? outcome.by : ended.reason,
      recording_path: outcome.kind === 'voicemail' ? outcome.path : null,
      ...qualityOf(ended.stats),
    });
  }

  /** IVR response time: digit received → the next prompt handed to the media engine. */
  private async latency(
    tenantId: string,
    callId: string,
    digitAt: number,
    promptAt: number,
  ): Promise<void> {
    try {
      await this.ctx.db.kysely
        .insertInto('latency_samples')
        .values({
          id: newId('lat_'),
          tenant_id: tenantId,
          kind: 'ivr',
          call_id: callId,
          value_ms: Math.max(0, promptAt - digitAt),
          at: digitAt,
        })
        .execute();
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'inbound: latency sample not written');
    }
  }

  private async finish(
    tenantId: string,
    callId: string,
    createdAt: number,
    patch: StagePatch,
  ): Promise<void> {
    await finaliseCallRecord(this.ctx, tenantId, callId, patch);
    // One refresh at a time per tenant; the hour of the call start is recomputed.
    const previous = this.refreshChain.get(tenantId) ?? Promise.resolve();
    const next = previous
      .then(() => refreshRollups(this.ctx, tenantId, { from: createdAt, to: createdAt + 1 }))
      .catch((error: unknown) =>
        this.ctx.logger.warn({ err: error }, 'inbound: roll-up refresh failed'),
      );
    this.refreshChain.set(tenantId, next);
    await next;
    this.emit(tenantId, 'inbound.ended', { callId, disposition: patch.disposition ?? null });
  }

  private emit(tenantId: string, event: string, payload: Record<string, unknown>): void {
    this.ctx.bus.emit(event, { tenantId, ...payload, at: this.ctx.clock.now() });
  }

  /** Stops taking calls; calls in progress end with the engine (their records are finalised). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.runtime.telephony.calls.onIncomingCall((call) => call.reject(503));
    for (const d of this.desks.values()) (await d.catch(() => null))?.close();
  }

  /** Waits until every call being handled has settled (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }
}

/** The Request-URI user part: the number the caller dialled (RFC 3261 §19.1.1). */
export function dialledNumber(call: Call): string | null {
  const uri = call.invite?.request.uri ?? call.to;
  return /sips?:([^@;>]+)@/i.exec(uri)?.[1] ?? null;
}

/** The user part of the caller's From URI. */
export function callerNumber(from: string): string {
  return /sips?:([^@;>]+)/i.exec(from)?.[1] ?? '';
}

const services = new WeakMap<AppContext, InboundService>();

/** Starts the inbound service on a running telephony runtime (main.ts). */
export async function startInboundService(
  ctx: AppContext,
  runtime: TelephonyRuntime,
  options: InboundServiceOptions = {},
): Promise<InboundService> {
  const promptDir = options.promptDir ?? join(ctx.config.dataDir, 'prompts');
  const built = await ensurePrompts(promptDir, ['zh', 'en']);
  if (built.generated > 0) ctx.logger.info({ ...built }, 'inbound: prompts built');
  const service = new InboundService(ctx, runtime, { ...options, promptDir });
  services.set(ctx, service);
  return service;
}

export function inboundOf(ctx: AppContext): InboundService | null {
  return services.get(ctx) ?? null;
}

export async function stopInboundService(ctx: AppContext): Promise<void> {
  const service = services.get(ctx);
  if (!service) return;
  services.delete(ctx);
  await service.close();
}
