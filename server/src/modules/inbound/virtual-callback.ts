import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';
import type { Call, Telephony } from '../../telephony/index.ts';
import {
  callsDb,
  finaliseCallRecord,
  openCallRecord,
  qualityOf,
  updateCallRecord,
  type CallbackTaskTable,
  type DeviceRegistry,
} from '../calls/index.ts';
import type { AgentDesk } from './agent-desk.ts';
import type { QueueDef } from './queues.ts';

// Virtual hold: a caller who pressed the callback digit has hung up, but its ACD entry (same
// priority, same order) stays in the queue under the caller's call id. When the ACD offers it to
// a free agent, Yunhu rings the agent, then dials the customer back through the tenant's
// outbound trunk and bridges them. Without a trunk (or a number) the task is left open for an
// agent to call back, with the reason in callback_tasks.note.

export interface VirtualCallbackDeps {
  ctx: AppContext;
  desk: AgentDesk;
  devices: DeviceRegistry;
  telephony: Telephony;
  /** The task row's insert (offers wait for it before updating the row). */
  inserted: Promise<unknown>;
  emit(event: string, payload: Record<string, unknown>): void;
  /** Puts this entry back under its call id (after the agent let the callback ring out). */
  requeued(vc: VirtualCallback): void;
}

export class VirtualCallback {
  constructor(
    readonly callId: string,
    readonly taskId: string,
    readonly tenantId: string,
    private readonly queue: QueueDef,
    /** The customer's number as received (clear; null when the caller withheld it). */
    private readonly number: string | null,
    private readonly deps: VirtualCallbackDeps,
  ) {}

  private now(): number {
    return this.deps.ctx.clock.now();
  }

  private async setTask(patch: Partial<CallbackTaskTable>): Promise<void> {
    await callsDb(this.deps.ctx.db)
      .updateTable('callback_tasks')
      .set(patch)
      .where('id', '=', this.taskId)
      .execute();
  }

  /** The virtual caller reached the front and `agentId` is free (the ACD has it ringing). */
  async offer(agentId: string): Promise<void> {
    const { ctx, desk } = this.deps;
    await this.deps.inserted;
    // Dynamic import: click-dial imports this module's index (a static import would be a cycle).
    const { loadOutboundSettings } = await import('../click-dial/index.ts');
    let settings: Awaited<ReturnType<typeof loadOutboundSettings>> = null;
    let invalid = false;
    try {
      settings = await loadOutboundSettings(ctx, this.tenantId);
    } catch {
      invalid = true;
    }
    const ref = desk.ref(agentId);
    const why = !this.number
      ? 'no caller number'
      : invalid
        ? 'the stored outbound settings are invalid (dial.settings_invalid)'
        : !settings
          ? 'no outbound trunk (PUT /api/settings/outbound)'
          : !ref
            ? 'agent not ringable'
            : null;
    if (why || !settings || !ref || !this.number) {
      await this.leaveOpen(agentId, why ?? 'not dialable');
      return;
    }
    this.deps.emit('inbound.callback', {
      callId: this.callId,
      taskId: this.taskId,
      stage: 'offered',
      agentId,
    });
    let agentLeg: Call | null = null;
    try {
      const attempt = await this.deps.devices.ring(ref, null, {
        timeoutMs: this.queue.settings.ringTimeoutMs,
        callerId: `<sip:${this.number}@yunhu.invalid>`,
        callRecordId: this.callId,
      });
      agentLeg = attempt ? await attempt.answered : null;
    } catch (error) {
      ctx.logger.warn({ err: error, agentId }, 'inbound: ringing the agent for a callback failed');
    }
    if (!agentLeg || agentLeg.state === 'ended') {
      // Back to the front of its priority, exactly like a live caller whose agent did not answer.
      this.deps.requeued(this);
      desk.event(agentId, { type: 'ring-timeout', callId: this.callId });
      return;
    }
    desk.event(agentId, { type: 'answer', callId: this.callId });
    desk.setWrapUp(this.callId, this.queue.settings.wrapUpMs);
    try {
      await this.dialCustomer(agentId, agentLeg, settings);
    } catch (error) {
      ctx.logger.warn({ err: error, taskId: this.taskId }, 'inbound: callback dial failed');
      await this.setTask({ status: 'open', note: `dialling failed: ${String(error)}` });
    } finally {
      await agentLeg.hangup(); // no-op when already ended
      desk.acd.callerHangup(this.callId, this.now());
      desk.dispatch();
    }
  }

  private async dialCustomer(
    agentId: string,
    agentLeg: Call,
    settings: {
      trunk: { uri: string; id: string; proxy?: string | undefined; auth?: unknown };
      callerId: string;
      calleeRingMs: number;
    },
  ): Promise<void> {
    const { ctx } = this.deps;
    const number = this.number!;
    const callbackCallId = newId('call_');
    const at = this.now();
    await openCallRecord(ctx, {
      id: callbackCallId,
      tenantId: this.tenantId,
      direction: 'outbound',
      caller: settings.callerId,
      callee: number,
      createdAt: at,
      source: 'callback',
    });
    await updateCallRecord(ctx, this.tenantId, callbackCallId, {
      agent_id: agentId,
      queue_id: this.queue.id,
      trunk_id: settings.trunk.id,
      caller_id_used: settings.callerId,
    });
    await this.setTask({ status: 'calling', agent_id: agentId, callback_call_id: callbackCallId });
    const host = /@([^;>]+)/.exec(settings.trunk.uri)?.[1] ?? 'yunhu.invalid';
    const auth = settings.trunk.auth as { username: string; password: string } | undefined;
    const { call: customer, answered } = await this.deps.telephony.calls.originate({
      uri: settings.trunk.uri.replace('{number}', number),
      from: `<sip:${settings.callerId}@${host}>`,
      ...(auth ? { auth } : {}),
      ...(settings.trunk.proxy ? { proxy: settings.trunk.proxy } : {}),
      timeoutMs: settings.calleeRingMs,
    });
    this.deps.emit('inbound.callback', {
      callId: this.callId,
      taskId: this.taskId,
      stage: 'dialling',
      agentId,
      callbackCallId,
    });
    const outcome = await Promise.race([
      answered,
      agentLeg.ended().then(() => ({ ok: false as const, status: 0, reason: 'agent hung up' })),
    ]);
    if (!outcome.ok || agentLeg.state === 'ended') {
      if (customer.state !== 'ended') await customer.hangup();
      const note = `customer not reached (${outcome.ok ? 'agent hung up' : `${outcome.status} ${outcome.reason}`})`;
      await this.setTask({ status: 'open', note });
      await finaliseCallRecord(ctx, this.tenantId, callbackCallId, {
        end_at: this.now(),
        disposition: 'no_answer',
        hangup_cause: 'system',
      });
      this.deps.emit('inbound.callback', { callId: this.callId, stage: 'open', note });
      return;
    }
    const answerAt = this.now();
    await updateCallRecord(ctx, this.tenantId, callbackCallId, {
      answer_at: answerAt,
      agent_answer_at: answerAt,
    });
    const bridge = agentLeg.bridge(customer, {});
    this.deps.emit('inbound.callback', {
      callId: this.callId,
      stage: 'bridged',
      agentId,
      callbackCallId,
    });
    const first = await Promise.race([
      customer.ended().then(() => 'customer' as const),
      agentLeg.ended().then(() => 'agent' as const),
    ]);
    const endAt = this.now();
    if (first === 'customer') await agentLeg.hangup();
    else await customer.hangup();
    const ended = await customer.ended();
    await bridge.unbridge();
    await finaliseCallRecord(ctx, this.tenantId, callbackCallId, {
      end_at: endAt,
      disposition: 'served',
      hangup_cause: first === 'customer' ? 'caller' : 'agent',
      ...qualityOf(ended.stats),
    });
    await this.setTask({ status: 'done', done_at: endAt });
    this.deps.emit('inbound.callback', { callId: this.callId, stage: 'done', callbackCallId });
  }

  /** Cannot dial: the task stays for an agent to call back; the agent is free at once. */
  private async leaveOpen(agentId: string, note: string): Promise<void> {
    const { ctx, desk } = this.deps;
    desk.event(agentId, { type: 'hangup', callId: this.callId });
    await this.setTask({ status: 'open', note, agent_id: null });
    ctx.logger.info({ taskId: this.taskId, note }, 'inbound: callback left open');
    this.deps.emit('inbound.callback', {
      callId: this.callId,
      taskId: this.taskId,
      stage: 'open',
      note,
    });
  }
}
