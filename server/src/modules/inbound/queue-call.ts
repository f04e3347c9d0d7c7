import { join } from 'node:path';
import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';
import type { Call, CallEvent } from '../../telephony/index.ts';
import {
  callsDb,
  qualityOf,
  updateCallRecord,
  type DeviceRegistry,
  type RingAttempt,
  type StagePatch,
} from '../calls/index.ts';
import type { AgentDesk } from './agent-desk.ts';
import { queueAnnouncement, type QueuePrompt } from './expected-wait.ts';
import { holdMusic } from './hold-music.ts';
import { loadQueue, type QueueDef } from './queues.ts';

// One caller in a queue, from queue entry to the end of the call: music on hold with position
// announcements, the callback digit, max wait → overflow, ringing the agents the ACD offers it
// to (ring timeout → back to the front), and the bridged, recorded conversation.

export interface QueueCallDeps {
  ctx: AppContext;
  desk: AgentDesk;
  devices: DeviceRegistry;
  /** Prompt name → WAV path. */
  prompt(name: string): string;
  recordingDir: string;
  /** Finalises the call record (status completed) and refreshes the roll-ups. */
  finish(patch: StagePatch): Promise<void>;
  /** The caller's number as dialled back (sealed in the callback task). */
  callerNumber: string;
  emit(event: string, payload: Record<string, unknown>): void;
  /** The IVR's last digit still waiting for its response (measured at the first hold prompt). */
  pendingDigitAt: number | null;
  onResponse(digitAt: number, promptAt: number): void;
  /** The caller chose a callback keeping its place: its ACD entry now stands for the task. */
  keepPlace(taskId: string, queue: QueueDef, inserted: Promise<unknown>): void;
}

type Phase = 'waiting' | 'ringing' | 'bridged' | 'leaving' | 'done';

export class QueueCall {
  private phase: Phase = 'waiting';
  private readonly entryAt: number;
  private ringing: { agentId: string; attempt: RingAttempt | null } | undefined;
  private announceDue = false;
  private holdLooping = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly offs: Array<() => void> = [];
  private callerEndedAt: number | null = null;
  private readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(
    readonly call: Call,
    readonly tenantId: string,
    private queue: QueueDef,
    private readonly priority: number,
    private readonly deps: QueueCallDeps,
  ) {
    this.entryAt = deps.ctx.clock.now();
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  get id(): string {
    return this.call.id;
  }

  get queueId(): string {
    return this.queue.id;
  }

  get waitingSince(): number {
    return this.entryAt;
  }

  /** Resolves when the call record is final. */
  done(): Promise<void> {
    return this.settled;
  }

  private now(): number {
    return this.deps.ctx.clock.now();
  }

  async start(): Promise<void> {
    await updateCallRecord(this.deps.ctx, this.tenantId, this.id, {
      queue_id: this.queue.id,
      queue_entry_at: this.entryAt,
    });
    this.offs.push(this.call.on((event) => this.onCallEvent(event)));
    if (this.call.state === 'ended') {
      this.callerEndedAt = this.now();
      void this.abandon();
      return;
    }
    this.deps.desk.acd.enqueue(
      {
        callId: this.id,
        priority: this.priority,
        requires: { skill: this.queue.skill, minLevel: 0 },
      },
      this.entryAt,
    );
    this.armQueueTimers();
    void this.holdLoop();
    this.deps.desk.dispatch();
  }

  private armQueueTimers(): void {
    const s = this.queue.settings;
    this.timers.push(
      setInterval(() => {
        if (this.phase !== 'waiting') return;
        this.announceDue = true;
        if (this.holdLooping) this.call.stopPlayback();
      }, s.announceEveryMs),
    );
    this.timers.push(setTimeout(() => void this.overflow(), s.maxWaitMs));
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }

  private onCallEvent(event: CallEvent): void {
    if (event.type === 'state' && event.state === 'ended') {
      this.callerEndedAt ??= event.at;
      if (this.phase === 'waiting' || this.phase === 'ringing') void this.abandon();
    } else if (event.type === 'dtmf') {
      const digit = this.queue.settings.callbackDigit;
      if (digit !== null && event.digit === digit && this.phase === 'waiting')
        void this.toCallback('caller');
    }
  }

  /** Music on hold: the hold prompt first, then music, broken by position announcements. */
  private async holdLoop(): Promise<void> {
    const next: QueuePrompt[] = [{ name: 'hold' }];
    while (this.phase === 'waiting' || this.phase === 'ringing') {
      const prompt = next.shift();
      if (prompt) {
        // A stopped prompt (agent answers, caller leaves) drops the rest of the announcement.
        if ((await this.playPrompt(prompt.name, prompt.detail)) === 'stopped') next.length = 0;
        continue;
      }
      this.holdLooping = true;
      await this.call.play(holdMusic(), { loop: true });
      this.holdLooping = false;
      if (this.announceDue && this.phase === 'waiting') {
        this.announceDue = false;
        const position = this.deps.desk.acd.queue.position(this.id);
        if (position !== null)
          next.push(
            ...(await queueAnnouncement(this.deps.ctx, this.deps.desk.acd, this.queue, position)),
          );
      }
    }
  }

  private async playPrompt(
    name: string,
    detail: Record<string, unknown> = {},
  ): Promise<'done' | 'stopped'> {
    const at = this.now();
    if (this.deps.pendingDigitAt !== null) {
      this.deps.onResponse(this.deps.pendingDigitAt, at);
      this.deps.pendingDigitAt = null;
    }
    this.deps.emit('inbound.prompt', {
      callId: this.id,
      queueId: this.queue.id,
      prompt: name,
      ...detail,
    });
    return this.call.play(this.deps.prompt(name));
  }

  /** The ACD offered this call to an agent: ring the agent's device. */
  async offer(agentId: string): Promise<void> {
    const desk = this.deps.desk;
    const ref = desk.ref(agentId);
    if (this.phase !== 'waiting' || !ref) {
      // Not ringable after all: the agent is free again at once (ringing + hangup → ready).
      desk.event(agentId, { type: 'hangup', callId: this.id });
      return;
    }
    this.phase = 'ringing';
    this.ringing = { agentId, attempt: null };
    const ringAt = this.now();
    void updateCallRecord(this.deps.ctx, this.tenantId, this.id, { ring_at: ringAt }).catch(
      (error: unknown) => this.deps.ctx.logger.warn({ err: error }, 'inbound: ring_at not written'),
    );
    this.deps.emit('inbound.ringing', { callId: this.id, agentId });
    let agentLeg: Call | null = null;
    try {
      const attempt = await this.deps.devices.ring(ref, this.call, {
        timeoutMs: this.queue.settings.ringTimeoutMs,
        callRecordId: this.id,
      });
      if (attempt) {
        this.ringing.attempt = attempt;
        if (this.phase !== 'ringing') attempt.cancel();
        agentLeg = await attempt.answered;
      }
    } catch (error) {
      this.deps.ctx.logger.warn({ err: error, agentId }, 'inbound: ringing the agent failed');
    }
    this.ringing = undefined;
    if (this.phase !== 'ringing') {
      // The caller left (abandon / callback) while the phone rang; the ACD freed the agent.
      if (agentLeg) void agentLeg.hangup();
      return;
    }
    if (!agentLeg || agentLeg.state === 'ended') {
      this.phase = 'waiting';
      desk.event(agentId, { type: 'ring-timeout', callId: this.id });
      if (this.now() - this.entryAt >= this.queue.settings.maxWaitMs) void this.overflow();
      return;
    }
    await this.connect(agentId, agentLeg);
  }

  private async connect(agentId: string, agentLeg: Call): Promise<void> {
    const { ctx, desk } = this.deps;
    this.phase = 'bridged';
    this.clearTimers();
    this.call.stopPlayback();
    desk.event(agentId, { type: 'answer', callId: this.id });
    desk.setWrapUp(this.id, this.queue.settings.wrapUpMs);
    let agentEndedAt: number | null = null;
    this.offs.push(
      agentLeg.on((e) => {
        if (e.type === 'state' && e.state === 'ended') agentEndedAt ??= e.at;
      }),
    );
    const recordPath = this.queue.settings.record
      ? join(this.deps.recordingDir, `${this.id}.wav`)
      : undefined;
    // Stereo recording: left = customer, right = agent.
    const bridge = this.call.bridge(agentLeg, recordPath ? { recordPath } : {});
    const answeredAt = this.now();
    this.deps.emit('inbound.bridged', { callId: this.id, agentId, agentCallId: agentLeg.id });
    await updateCallRecord(ctx, this.tenantId, this.id, {
      agent_id: agentId,
      agent_answer_at: answeredAt,
      queue_exit_at: answeredAt,
    });
    const callerEnd = this.call.ended();
    const agentEnd = agentLeg.ended();
    const first = await Promise.race([
      callerEnd.then(() => 'caller' as const),
      agentEnd.then(() => 'agent' as const),
    ]);
    if (first === 'caller') await agentLeg.hangup();
    else await this.call.hangup();
    const [callerEvent, agentEvent] = await Promise.all([callerEnd, agentEnd]);
    const recording = await bridge.unbridge();
    this.deps.emit('inbound.media', {
      callId: this.id,
      caller: callerEvent.stats ?? null,
      agent: agentEvent.stats ?? null,
      recording: recording ?? null,
    });
    const endAt = Math.min(this.callerEndedAt ?? callerEvent.at, agentEndedAt ?? callerEvent.at);
    this.phase = 'done';
    this.cleanup();
    desk.acd.callerHangup(this.id, this.now());
    desk.dispatch();
    await this.deps.finish({
      end_at: endAt,
      disposition: 'served',
      hangup_cause: first === 'caller' ? 'caller' : 'agent',
      recording_path: recording?.path ?? null,
      ...qualityOf(callerEvent.stats),
    });
    this.settle();
  }

  /** The caller hung up while waiting or while an agent's phone rang. */
  private async abandon(): Promise<void> {
    if (!this.leave()) return;
    const ended = await this.call.ended();
    const endAt = this.callerEndedAt ?? ended.at;
    this.deps.emit('inbound.abandoned', {
      callId: this.id,
      waitedMs: endAt - this.entryAt,
      packetsSent: ended.stats?.packetsSent ?? 0,
    });
    await this.deps.finish({
      end_at: endAt,
      queue_exit_at: endAt,
      disposition: 'abandoned',
      hangup_cause: 'caller',
      ...qualityOf(ended.stats),
    });
    this.settle();
  }

  /**
   * Callback instead of holding (the caller's digit, or the queue's overflow rule). The caller's
   * digit while waiting keeps its place (callbackKeepsPlace): the ACD entry stays where it is.
   */
  private async toCallback(by: 'caller' | 'overflow'): Promise<void> {
    const keep =
      by === 'caller' && this.phase === 'waiting' && this.queue.settings.callbackKeepsPlace;
    if (keep) {
      this.phase = 'leaving';
      this.call.stopPlayback();
      this.cleanup();
    } else if (!this.leave()) return;
    const at = this.now();
    const taskId = newId('cb_');
    const inserted = callsDb(this.deps.ctx.db)
      .insertInto('callback_tasks')
      .values({
        id: taskId,
        tenant_id: this.tenantId,
        call_id: this.id,
        queue_id: this.queue.id,
        caller: this.deps.callerNumber ? this.deps.ctx.cipher.seal(this.deps.callerNumber) : null,
        status: keep ? 'waiting' : 'open',
        waited_ms: at - this.entryAt,
        created_at: at,
        done_at: null,
      })
      .execute();
    // Registered before any await, so that an offer of the entry finds its handler.
    if (keep) this.deps.keepPlace(taskId, this.queue, inserted);
    await inserted;
    this.deps.emit('inbound.callback', {
      callId: this.id,
      queueId: this.queue.id,
      by,
      taskId,
      keepsPlace: keep,
      position: keep ? this.deps.desk.acd.queue.position(this.id) : null,
    });
    await this.endWith('callback', 'callback', at);
  }

  /** Max wait reached: another queue (keeping the entry time), a callback, or goodbye. */
  private async overflow(): Promise<void> {
    if (this.phase !== 'waiting') return; // ringing: decided when the ring ends
    const rule = this.queue.settings.overflow;
    this.deps.emit('inbound.overflow', { callId: this.id, queueId: this.queue.id, to: rule.kind });
    if (rule.kind === 'callback') return this.toCallback('overflow');
    if (rule.kind === 'queue') {
      const target = await loadQueue(this.deps.ctx, this.tenantId, rule.queueId);
      if (target && this.phase === 'waiting' && target.id !== this.queue.id) {
        const acd = this.deps.desk.acd;
        acd.queue.remove(this.id);
        this.queue = target;
        acd.enqueue(
          {
            callId: this.id,
            priority: this.priority,
            requires: { skill: target.skill, minLevel: 0 },
          },
          this.entryAt,
        );
        this.clearTimers();
        this.armQueueTimers();
        await updateCallRecord(this.deps.ctx, this.tenantId, this.id, { queue_id: target.id });
        this.deps.desk.dispatch();
        return;
      }
    }
    if (!this.leave()) return;
    await this.endWith('abandon', 'overflow', this.now());
  }

  /** Plays a last prompt, hangs up and finalises with the disposition. */
  private async endWith(prompt: string, disposition: string, exitAt: number): Promise<void> {
    if (this.call.state !== 'ended') {
      this.call.stopPlayback();
      await this.call.play(this.deps.prompt(prompt));
      await this.call.hangup();
    }
    const ended = await this.call.ended();
    await this.deps.finish({
      end_at: this.callerEndedAt ?? ended.at,
      queue_exit_at: exitAt,
      disposition,
      hangup_cause:
        this.callerEndedAt !== null && this.callerEndedAt < exitAt ? 'caller' : 'system',
      ...qualityOf(ended.stats),
    });
    this.settle();
  }

  /** Leaves the queue wherever the call is (waiting or ringing); false when already leaving. */
  private leave(): boolean {
    if (this.phase !== 'waiting' && this.phase !== 'ringing') return false;
    this.phase = 'leaving';
    this.call.stopPlayback();
    this.ringing?.attempt?.cancel();
    this.cleanup();
    this.deps.desk.acd.callerHangup(this.id, this.now());
    this.deps.desk.dispatch();
    return true;
  }

  private cleanup(): void {
    this.clearTimers();
    for (const off of this.offs) off();
    this.offs.length = 0;
  }

  /** The agent left mid-call (logout, device gone): end the call. */
  end(): void {
    void this.call.hangup();
  }
}
