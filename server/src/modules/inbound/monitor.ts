import type { AppContext } from '../../context.ts';
import { AppError, conflict, notFound } from '../../platform/index.ts';
import type { Call, MediaMonitor, MonitorMode } from '../../telephony/index.ts';
import { telephonyOf, type AgentRef } from '../calls/index.ts';
import { inboundOf } from './inbound.service.ts';

// A supervisor listens to, whispers to or barges into a live inbound call: Yunhu rings the
// supervisor's own device (the seat linked to the user, with an extension and usually no
// skills, so the ACD never offers it queue calls) and, once answered, joins it to the call's
// bridge in the media engine. Asking again for the same call changes the mode without ringing.
// The supervisor's leg ends with the call, and the call goes on when the supervisor hangs up.

export interface MonitorRequest {
  tenantId: string;
  callId: string;
  userId: string;
  mode: MonitorMode;
}

export interface MonitorView {
  callId: string;
  mode: MonitorMode;
  supervisorCallId: string;
  /** True when an existing session only changed mode. */
  changed: boolean;
}

interface ActiveMonitor {
  userId: string;
  leg: Call;
  media: MediaMonitor;
}

const RING_TIMEOUT_MS = 30_000;
const active = new WeakMap<AppContext, Map<string, ActiveMonitor>>();

function sessions(ctx: AppContext): Map<string, ActiveMonitor> {
  let map = active.get(ctx);
  if (!map) active.set(ctx, (map = new Map<string, ActiveMonitor>()));
  return map;
}

export async function monitorCall(ctx: AppContext, req: MonitorRequest): Promise<MonitorView> {
  const inbound = inboundOf(ctx);
  const runtime = telephonyOf(ctx);
  if (!inbound || !runtime)
    throw new AppError('unavailable', 'monitor.no_sip', 'SIP is off on this server');
  const qc = inbound.queueCalls(req.tenantId).find((q) => q.id === req.callId);
  // Another tenant's call is "not found", like an unknown one.
  if (!qc) throw notFound('monitor.call_not_live', `No live call ${req.callId} in this tenant`);
  const customer = qc.call;
  if (!customer.bridgedWith || customer.state === 'ended')
    throw conflict('monitor.not_bridged', `Call ${req.callId} is not talking to an agent yet`);
  const existing = sessions(ctx).get(req.callId);
  if (existing) {
    if (existing.userId !== req.userId)
      throw conflict('monitor.busy', `Another supervisor is monitoring call ${req.callId}`);
    existing.media.setMode(req.mode);
    emit(ctx, req, existing.leg.id);
    return { callId: req.callId, mode: req.mode, supervisorCallId: existing.leg.id, changed: true };
  }
  const seat = await ctx.db.kysely
    .selectFrom('agents')
    .select(['id', 'extension'])
    .where('tenant_id', '=', req.tenantId)
    .where('user_id', '=', req.userId)
    .where('extension', 'is not', null)
    .executeTakeFirst();
  if (!seat)
    throw conflict(
      'monitor.no_device',
      'This user has no seat with an extension: its SIP phone is what monitoring rings',
    );
  const ref: AgentRef = { tenantId: req.tenantId, agentId: seat.id, extension: seat.extension };
  const attempt = await runtime.devices.ring(ref, customer, { timeoutMs: RING_TIMEOUT_MS });
  if (!attempt)
    throw conflict('monitor.device_offline', `Extension ${seat.extension} is not registered`);
  const leg = await attempt.answered;
  if (!leg) throw conflict('monitor.no_answer', `Extension ${seat.extension} did not answer`);
  // Null when the call ended (or its bridge went) while the supervisor's phone rang.
  const media = customer.monitor(leg, req.mode);
  if (!media) {
    await leg.hangup();
    throw conflict('monitor.call_ended', `Call ${req.callId} ended or cannot be monitored`);
  }
  const entry: ActiveMonitor = { userId: req.userId, leg, media };
  sessions(ctx).set(req.callId, entry);
  const leave = () => {
    media.stop();
    if (sessions(ctx).get(req.callId) === entry) sessions(ctx).delete(req.callId);
  };
  void leg.ended().then(leave);
  void customer.ended().then(() => {
    leave();
    return leg.hangup();
  });
  emit(ctx, req, leg.id);
  return { callId: req.callId, mode: req.mode, supervisorCallId: leg.id, changed: false };
}

function emit(ctx: AppContext, req: MonitorRequest, supervisorCallId: string): void {
  ctx.bus.emit('inbound.monitor', {
    tenantId: req.tenantId,
    callId: req.callId,
    userId: req.userId,
    mode: req.mode,
    supervisorCallId,
    at: ctx.clock.now(),
  });
}
