import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { resolveEvaluationSettings, tzOffsetMs } from '../modules/evaluation/index.ts';
import { inboundOf } from '../modules/inbound/index.ts';
import { authOf } from './auth-hook.ts';
import { withZod } from './zod-schema.ts';

// 今日统计 of the signed-in agent: its calls since the tenant's local midnight. "Effective" reuses
// the evaluation rule (talk ≥ effectiveTalkSeconds, or core information delivered); conversions
// are won deals (closed_won_at set, as the evaluation counts them) linked (deals.call_id) to one of this agent's calls, since deals carry no owner.

const WORKERS = ['agent', 'supervisor', 'admin'] as const;
const DAY = 86_400_000;

/** The UTC instant of local midnight of `now`'s day in `timeZone`. */
export function localMidnight(timeZone: string, now: number): number {
  const local = now + tzOffsetMs(timeZone, now);
  const midnightLocal = local - (((local % DAY) + DAY) % DAY);
  // Second pass: the offset at midnight may differ from the offset now (DST days).
  return midnightLocal - tzOffsetMs(timeZone, midnightLocal - tzOffsetMs(timeZone, now));
}

function parseSettings(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Without a seat there is no data: every figure is null (as /api/agent/me answers seat: null). */
export type AgentTodayView =
  AgentToday | ({ seat: null } & { [K in Exclude<keyof AgentToday, 'seat' | 'timeZone'>]: null });

export interface AgentToday {
  seat: { id: string; name: string };
  timeZone: string;
  since: number;
  calls: number;
  talkSeconds: number;
  /** Mean talk of the calls that ended; null when none ended (no data). */
  avgTalkSeconds: number | null;
  effectiveCalls: number;
  effectiveTalkSeconds: number;
  conversions: number;
  conversionAmount: number;
  /** The live ACD state and how long it has lasted; null when SIP is off. */
  state: { status: string; since: number; seconds: number } | null;
}

export async function agentToday(
  ctx: AppContext,
  tenantId: string,
  userId: string,
): Promise<AgentTodayView> {
  const k = ctx.db.kysely;
  const seat = await k
    .selectFrom('agents')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!seat) {
    return {
      seat: null,
      since: null,
      calls: null,
      talkSeconds: null,
      avgTalkSeconds: null,
      effectiveCalls: null,
      effectiveTalkSeconds: null,
      conversions: null,
      conversionAmount: null,
      state: null,
    };
  }
  const tenant = await k
    .selectFrom('tenants')
    .select(['time_zone', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const timeZone = tenant.time_zone || 'Asia/Shanghai';
  const since = localMidnight(timeZone, now);
  const thresholdMs =
    resolveEvaluationSettings(parseSettings(tenant.settings)).effectiveTalkSeconds * 1000;

  // Handled = the agent answered (inbound) or the callee answered (outbound), counted on the day
  // the agent's conversation began.
  const rows = await k
    .selectFrom('call_records')
    .select(['direction', 'answer_at', 'agent_answer_at', 'end_at', 'core_info_delivered'])
    .where('tenant_id', '=', tenantId)
    .where('agent_id', '=', seat.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('direction', '=', 'inbound'), eb('agent_answer_at', '>=', since)]),
        eb.and([
          eb('direction', '<>', 'inbound'),
          eb('answer_at', '>=', since),
          eb('agent_answer_at', 'is', null),
        ]),
        eb.and([eb('direction', '<>', 'inbound'), eb('agent_answer_at', '>=', since)]),
      ]),
    )
    .execute();
  let talkMs = 0;
  let ended = 0;
  let effective = 0;
  for (const r of rows) {
    const start = Number(r.agent_answer_at ?? r.answer_at);
    const end = r.end_at === null ? null : Number(r.end_at);
    if (end !== null) {
      talkMs += Math.max(0, end - start);
      ended += 1;
    }
    // Same rule as the evaluation's `effective` fact (talk from the trunk answer).
    const talk = end !== null && r.answer_at !== null ? end - Number(r.answer_at) : null;
    if ((talk !== null && talk >= thresholdMs) || Number(r.core_info_delivered) === 1) {
      effective += 1;
    }
  }

  const won = await k
    .selectFrom('deals')
    .innerJoin('call_records', (j) =>
      j
        .onRef('call_records.id', '=', 'deals.call_id')
        .onRef('call_records.tenant_id', '=', 'deals.tenant_id'),
    )
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>('deals.amount').as('amount'),
    ])
    .where('deals.tenant_id', '=', tenantId)
    .where('call_records.agent_id', '=', seat.id)
    .where('deals.closed_won_at', '>=', since)
    .where('deals.closed_won_at', '<=', now)
    .executeTakeFirst();

  const inbound = inboundOf(ctx);
  const live = inbound ? (await inbound.desk(tenantId)).acd.agentState(seat.id) : undefined;
  return {
    seat,
    timeZone,
    since,
    calls: rows.length,
    talkSeconds: Math.round(talkMs / 1000),
    avgTalkSeconds: ended === 0 ? null : Math.round(talkMs / ended / 1000),
    effectiveCalls: effective,
    effectiveTalkSeconds: thresholdMs / 1000,
    conversions: Number(won?.n ?? 0),
    conversionAmount: Number(won?.amount ?? 0),
    state: live
      ? {
          status: live.status,
          since: live.since,
          seconds: Math.max(0, Math.round((now - live.since) / 1000)),
        }
      : null,
  };
}

export async function registerAgentTodayRoutes(
  app: FastifyInstance,
  ctx: AppContext,
): Promise<void> {
  await withZod(app, (r) => {
    r.get(
      '/api/agent/today',
      {
        config: { roles: WORKERS },
        schema: {
          tags: ['agent'],
          summary: '今日统计: my calls, talk time, effective calls and conversions since midnight',
        },
      },
      async (request) => {
        const { tenantId, userId } = authOf(request);
        return agentToday(ctx, tenantId, userId);
      },
    );
  });
}
