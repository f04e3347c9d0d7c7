import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, conflict, newId, notFound } from '../../platform/index.ts';
import {
  openCallRecord,
  telephonyOf,
  updateCallRecord,
  type AgentRef,
  type TelephonyRuntime,
} from '../calls/index.ts';
import { checkAttempt } from '../compliance/index.ts';
import type { AgentState } from '../acd/index.ts';
import { dialTarget, type Actor, type DialTarget, type DialTargetInput } from '../crm/index.ts';
import { DIALER_DESK_REASON } from '../dialer/index.ts';
import { inboundOf, type AgentDesk } from '../inbound/index.ts';
import { attributePhone } from '../phone/index.ts';
import { requireOutboundSettings, type OutboundSettings } from './outbound-settings.ts';
import { runDialSession, type DialSession } from './dial-session.ts';

// Click-to-dial: an agent asks to call a lead, a customer or a number. The request is answered
// once the compliance gate has passed and the agent's own device (browser softphone or registered
// SIP phone) is ringing; the rest — the callee through the trunk when the agent answers, the
// bridge, the recording, the call record and the dial-latency samples — runs in dial-session.ts.

export const dialRequestSchema = z
  .strictObject({
    leadId: z.string().trim().min(1).max(64).optional(),
    customerId: z.string().trim().min(1).max(64).optional(),
    /** A typed number (any common spelling; normalised to E.164). */
    number: z.string().trim().min(3).max(32).optional(),
  })
  .superRefine((v, issue) => {
    const given = [v.leadId, v.customerId, v.number].filter((x) => x !== undefined).length;
    if (given !== 1) {
      issue.addIssue({
        code: 'custom',
        message: `give exactly one of leadId, customerId, number (got ${given})`,
      });
    }
  });
export type DialRequest = z.output<typeof dialRequestSchema>;

export interface DialStarted {
  /** The call record of this attempt (screen-pop, disposition, /api/calls/:id). */
  callId: string;
  customerId: string | null;
  leadId: string | null;
  status: 'ringing-agent';
}

/** Per server: the agents with a click-to-dial in progress (one at a time per agent). */
const dialing = new WeakMap<AppContext, Set<string>>();
const work = new WeakMap<AppContext, Set<Promise<void>>>();

function targetOf(body: DialRequest): DialTargetInput {
  if (body.leadId !== undefined) return { leadId: body.leadId };
  if (body.customerId !== undefined) return { customerId: body.customerId };
  return { number: body.number ?? '' };
}

export async function startClickToDial(
  ctx: AppContext,
  actor: Actor,
  body: DialRequest,
): Promise<DialStarted> {
  const requestAt = ctx.clock.now();
  const seat = await ctx.db.kysely
    .selectFrom('agents')
    .select(['id', 'extension', 'team_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!seat) throw notFound('agent.no_seat', 'This user has no agent seat (坐席)');
  const runtime = telephonyOf(ctx);
  if (!runtime) {
    throw new AppError('unavailable', 'dial.no_sip', 'SIP is off on this server: cannot dial');
  }
  const target = await dialTarget(ctx, actor, targetOf(body));
  const settings = await requireOutboundSettings(ctx, actor.tenantId);
  // The gate records its refusals itself (compliance_refusals), as for the dialer.
  const verdict = await checkAttempt(ctx, {
    tenantId: actor.tenantId,
    e164: target.e164,
    callerId: settings.callerId,
    at: requestAt,
  });
  if (!verdict.allowed) {
    const { reason } = verdict;
    throw conflict(reason.code, `${reason.zh} / ${reason.en}`, {
      details: { reason, refusalId: verdict.refusalId },
    });
  }

  const agent: AgentRef = { tenantId: actor.tenantId, agentId: seat.id, extension: seat.extension };
  if (!runtime.devices.available(agent)) {
    throw conflict(
      'dial.no_device',
      '软电话未连接，也没有已注册的话机 / Neither a connected softphone nor a registered phone',
    );
  }
  const busy = dialing.get(ctx) ?? new Set<string>();
  dialing.set(ctx, busy);
  const desk = await inboundOf(ctx)?.desk(actor.tenantId);
  const state = desk?.acd.agentState(seat.id);
  // On a campaign call the desk shows the agent not-ready with the dialer's reason.
  const onDialerCall = state?.status === 'not-ready' && state.reason === DIALER_DESK_REASON;
  if (
    busy.has(seat.id) ||
    state?.status === 'ringing' ||
    state?.status === 'on-call' ||
    onDialerCall
  ) {
    throw conflict('dial.busy', '坐席正在通话中 / The agent is already on a call');
  }

  busy.add(seat.id);
  try {
    return await placeCall(ctx, {
      seat,
      agent,
      target,
      settings,
      requestAt,
      desk,
      state,
      busy,
      runtime,
    });
  } catch (error) {
    busy.delete(seat.id);
    throw error;
  }
}

async function placeCall(
  ctx: AppContext,
  a: {
    seat: { id: string; team_id: string | null };
    agent: AgentRef;
    target: DialTarget;
    settings: OutboundSettings;
    requestAt: number;
    desk: AgentDesk | undefined;
    state: AgentState | undefined;
    busy: Set<string>;
    runtime: TelephonyRuntime;
  },
): Promise<DialStarted> {
  const { seat, agent, target, settings, requestAt, desk, state, busy, runtime } = a;
  const callId = newId('call_');
  await openCallRecord(ctx, {
    id: callId,
    tenantId: agent.tenantId,
    direction: 'outbound',
    caller: settings.callerId,
    callee: target.e164,
    createdAt: requestAt,
    source: 'click-to-dial',
  });
  const where = attributePhone(target.e164);
  await updateCallRecord(ctx, agent.tenantId, callId, {
    agent_id: seat.id,
    team_id: seat.team_id,
    customer_id: target.customerId,
    trunk_id: settings.trunk.id,
    caller_id_used: settings.callerId,
    callee_province: where.province,
    callee_city: where.city,
    callee_carrier: where.carrier,
  });
  const session: DialSession = {
    ctx,
    runtime,
    desk: desk ?? null,
    agent,
    callId,
    requestAt,
    target,
    settings,
    previous: state ? { status: state.status, reason: state.reason } : null,
  };
  // The agent is busy with this call: inbound calls are not offered meanwhile.
  desk?.event(seat.id, { type: 'not-ready', reason: '外呼' });
  // The request settles when the agent's phone rings, or fails with the session if it cannot.
  let ringing: () => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const rung = new Promise<void>((resolve, reject) => {
    ringing = resolve;
    failed = reject;
  });
  const job = runDialSession(session, ringing)
    .catch((error: unknown) => {
      ctx.logger.error({ err: error, callId }, 'dial: session failed');
      failed(
        new AppError(
          'unavailable',
          'dial.failed',
          `The call could not be placed: ${String(error)}`,
        ),
      );
    })
    .finally(() => busy.delete(seat.id));
  const jobs = work.get(ctx) ?? new Set<Promise<void>>();
  work.set(ctx, jobs);
  jobs.add(job);
  void job.finally(() => jobs.delete(job));
  await rung;
  return { callId, customerId: target.customerId, leadId: target.leadId, status: 'ringing-agent' };
}

/** Whether the actor's own device can be rung now (the UI enables 拨打 by it). */
export async function dialDevice(
  ctx: AppContext,
  actor: Actor,
): Promise<{ seat: boolean; available: boolean; kind: string | null }> {
  const seat = await ctx.db.kysely
    .selectFrom('agents')
    .select(['id', 'extension'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const runtime = telephonyOf(ctx);
  if (!seat || !runtime) return { seat: seat !== undefined, available: false, kind: null };
  const kind = runtime.devices.kindFor({
    tenantId: actor.tenantId,
    agentId: seat.id,
    extension: seat.extension,
  });
  return { seat: true, available: kind !== null, kind };
}

/** Waits until every click-to-dial call in progress has ended and been written (tests, shutdown). */
export async function drainClickToDial(ctx: AppContext): Promise<void> {
  const jobs = work.get(ctx);
  while (jobs && jobs.size > 0) await Promise.allSettled([...jobs]);
}
