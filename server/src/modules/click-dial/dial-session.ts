import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';
import type { Call } from '../../telephony/index.ts';
import {
  finaliseCallRecord,
  qualityOf,
  type AgentRef,
  type StagePatch,
  type TelephonyRuntime,
} from '../calls/index.ts';
import { recordAttempt, recordAttemptOutcome } from '../compliance/index.ts';
import type { DialTarget } from '../crm/index.ts';
import { refreshRollups } from '../evaluation/index.ts';
import { inboundOf, type AgentDesk } from '../inbound/index.ts';
import type { OutboundSettings } from './outbound-settings.ts';
import { ringbackTone } from './ringback.ts';

// One click-to-dial call after the gate: the agent's device rings; when the agent answers, the
// callee is called through the tenant's trunk (the agent hears ring-back meanwhile), the two legs
// are bridged and recorded, and at the end the call record, the attempt ledger and the latency
// samples are written.
//
// Dial latency (kind 'dial'): request → the callee's first 180/183 (or 200), and the platform's
// share (kind 'dial_platform'): request → INVITE sent to the trunk. The time the agent's own
// phone rang before the agent picked it up is taken out of both: it is a person's reaction, not
// the platform's or the carrier's delay.

export interface DialSession {
  ctx: AppContext;
  runtime: TelephonyRuntime;
  desk: AgentDesk | null;
  agent: AgentRef;
  callId: string;
  requestAt: number;
  target: DialTarget;
  settings: OutboundSettings;
  /** The agent's ACD state before the call, restored afterwards. */
  previous: { status: string; reason: string | null } | null;
}

type Outcome = 'no_answer' | 'busy' | 'invalid_number' | 'failed';

function outcomeOf(status: number, reason: string): Outcome {
  if (reason === 'no-answer' || status === 408 || status === 480 || status === 487)
    return 'no_answer';
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 404 || status === 484 || status === 604) return 'invalid_number';
  return 'failed';
}

export async function runDialSession(s: DialSession, ringing: () => void): Promise<void> {
  const { ctx } = s;
  const now = () => ctx.clock.now();
  let finished = false;
  const finish = async (patch: StagePatch) => {
    finished = true;
    await finaliseCallRecord(ctx, s.agent.tenantId, s.callId, patch);
  };
  try {
    const attempt = await s.runtime.devices.ring(s.agent, null, {
      timeoutMs: s.settings.agentRingMs,
      callerId: `<sip:${s.target.e164}@yunhu.invalid>`,
      callRecordId: s.callId,
    });
    const agentInvitedAt = now();
    ringing();
    const agentLeg = attempt ? await attempt.answered : null;
    if (!agentLeg || agentLeg.state === 'ended') {
      await finish({ end_at: now(), disposition: 'agent_no_answer', hangup_cause: 'agent' });
      return;
    }
    const agentAnsweredAt = now();
    await callCallee(s, agentLeg, agentAnsweredAt - agentInvitedAt, agentAnsweredAt, finish);
  } finally {
    if (!finished) await finish({ end_at: now(), disposition: 'failed', hangup_cause: 'system' });
    restoreState(s);
    await refreshRollups(ctx, s.agent.tenantId, { from: s.requestAt, to: s.requestAt + 1 }).catch(
      (error: unknown) => ctx.logger.warn({ err: error }, 'dial: roll-up refresh failed'),
    );
    ctx.bus.emit('dial.ended', { tenantId: s.agent.tenantId, callId: s.callId, at: now() });
  }
}

async function callCallee(
  s: DialSession,
  agentLeg: Call,
  agentWaitMs: number,
  agentAnsweredAt: number,
  finish: (patch: StagePatch) => Promise<void>,
): Promise<void> {
  const { ctx, settings } = s;
  const now = () => ctx.clock.now();
  const tenantId = s.agent.tenantId;
  void agentLeg.play(ringbackTone(), { loop: true }).catch(() => 'stopped');
  const host = /@([^;>]+)/.exec(settings.trunk.uri)?.[1] ?? 'yunhu.invalid';
  const { call: callee, answered } = await s.runtime.telephony.calls.originate({
    uri: settings.trunk.uri.replace('{number}', s.target.e164),
    from: `<sip:${settings.callerId}@${host}>`,
    ...(settings.trunk.auth ? { auth: settings.trunk.auth } : {}),
    ...(settings.trunk.proxy ? { proxy: settings.trunk.proxy } : {}),
    timeoutMs: settings.calleeRingMs,
  });
  const invitedAt = now();
  const attemptId = await recordAttempt(ctx, {
    tenantId,
    e164: s.target.e164,
    callerId: settings.callerId,
    at: invitedAt,
    callId: s.callId,
  });
  await sample(s, 'dial_platform', invitedAt - s.requestAt - agentWaitMs);
  let ringAt: number | null = null;
  const off = callee.on((e) => {
    if (e.type === 'progress' && ringAt === null && (e.status === 180 || e.status === 183))
      ringAt = e.at;
  });
  // The agent gave up while the callee's phone rang: cancel it.
  let agentGaveUp = false;
  void agentLeg.ended().then(() => {
    if (callee.state === 'ended') return;
    agentGaveUp = true;
    void callee.hangup();
  });
  const outcome = await answered;
  off();
  const answerAt = outcome.ok ? now() : null;
  const firstResponse = ringAt ?? answerAt;
  if (firstResponse !== null) await sample(s, 'dial', firstResponse - s.requestAt - agentWaitMs);
  agentLeg.stopPlayback();

  if (!outcome.ok || agentLeg.state === 'ended') {
    // Decided before this side hangs up the legs.
    const byAgent = agentGaveUp || agentLeg.state === 'ended';
    if (callee.state !== 'ended') await callee.hangup();
    if (agentLeg.state !== 'ended') await agentLeg.hangup();
    const ended = await callee.ended();
    await finish({
      ring_at: ringAt,
      answer_at: answerAt,
      agent_answer_at: agentAnsweredAt,
      end_at: now(),
      disposition: byAgent
        ? 'agent_hangup'
        : outcomeOf(outcome.ok ? 200 : outcome.status, ended.reason),
      sip_status: outcome.ok ? 200 : outcome.status,
      hangup_cause: byAgent ? 'agent-hangup' : ended.reason,
    });
    await recordAttemptOutcome(ctx, {
      tenantId,
      attemptId,
      endedAt: now(),
      answered: outcome.ok,
      talkSeconds: 0,
      callId: s.callId,
    });
    return;
  }

  const recordPath = settings.record ? recordingPath(s) : undefined;
  // Stereo recording: left = customer, right = agent (as inbound).
  const bridge = callee.bridge(agentLeg, recordPath ? { recordPath } : {});
  ctx.bus.emit('dial.bridged', { tenantId, callId: s.callId, agentId: s.agent.agentId, at: now() });
  const first = await Promise.race([
    callee.ended().then(() => 'callee' as const),
    agentLeg.ended().then(() => 'agent' as const),
  ]);
  const endAt = now();
  await Promise.all([callee.hangup(), agentLeg.hangup()]);
  const [calleeEnd] = await Promise.all([callee.ended(), agentLeg.ended()]);
  const recording = await bridge.unbridge();
  const talkSeconds = Math.max(0, (endAt - (answerAt ?? endAt)) / 1000);
  await finish({
    ring_at: ringAt,
    answer_at: answerAt,
    agent_answer_at: agentAnsweredAt,
    end_at: endAt,
    disposition: 'connected',
    sip_status: 200,
    hangup_cause: `${first}-hangup`,
    recording_path: recording?.path ?? null,
    ...qualityOf(calleeEnd.stats),
  });
  await recordAttemptOutcome(ctx, {
    tenantId,
    attemptId,
    endedAt: endAt,
    answered: true,
    talkSeconds,
    callId: s.callId,
  });
}

function recordingPath(s: DialSession): string {
  const dir = inboundOf(s.ctx)?.recordingDir ?? join(s.ctx.config.dataDir, 'recordings');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${s.callId}.wav`);
}

async function sample(s: DialSession, kind: 'dial' | 'dial_platform', ms: number): Promise<void> {
  try {
    await s.ctx.db.kysely
      .insertInto('latency_samples')
      .values({
        id: newId('lat_'),
        tenant_id: s.agent.tenantId,
        kind,
        call_id: s.callId,
        value_ms: Math.max(0, Math.round(ms)),
        at: s.requestAt,
      })
      .execute();
  } catch (error) {
    s.ctx.logger.warn({ err: error }, 'dial: latency sample not written');
  }
}

/** Back to the state the agent dialed from (ready stays ready; a not-ready reason is kept). */
function restoreState(s: DialSession): void {
  const desk = s.desk;
  if (!desk) return;
  const current = desk.acd.agentState(s.agent.agentId);
  if (current?.status !== 'not-ready' || current.reason !== '外呼') return;
  const wasFree = s.previous?.status === 'ready' || s.previous?.status === 'wrap-up';
  if (wasFree) desk.event(s.agent.agentId, { type: 'ready' });
  else {
    const reason = s.previous?.reason && s.previous.reason !== '外呼' ? s.previous.reason : 'login';
    desk.event(s.agent.agentId, { type: 'not-ready', reason });
  }
}
