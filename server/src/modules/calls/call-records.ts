import type { AppContext } from '../../context.ts';
import type { CallRecordTable } from '../../db/index.ts';
import type { LegStats } from '../../telephony/index.ts';

// Call-record lifecycle of live calls: a row is inserted when the call starts ('active'), updated
// at each stage (IVR, queue, ring, answer), and finalised at the end ('completed'). A node that
// stops mid-call leaves 'active' rows behind; the next start marks them 'interrupted'.
// Conventions shared with the anonymous-bank import: answer_at = the IVR answered,
// agent_answer_at = an agent answered; disposition 'served' | 'abandoned' | 'ivr_hangup' |
// 'callback' | 'overflow'.

type Ctx = Pick<AppContext, 'db' | 'cipher' | 'clock' | 'bus'>;

export type StagePatch = Partial<
  Omit<CallRecordTable, 'id' | 'tenant_id' | 'direction' | 'created_at' | 'status' | 'source'>
>;

export interface OpenCallRecord {
  id: string;
  tenantId: string;
  direction: 'inbound' | 'outbound';
  /** Clear numbers; stored sealed. */
  caller?: string | null;
  callee?: string | null;
  createdAt: number;
  source?: string;
}

export async function openCallRecord(ctx: Ctx, record: OpenCallRecord): Promise<void> {
  await ctx.db.kysely
    .insertInto('call_records')
    .values({
      id: record.id,
      tenant_id: record.tenantId,
      direction: record.direction,
      caller: record.caller ? ctx.cipher.seal(record.caller) : null,
      callee: record.callee ? ctx.cipher.seal(record.callee) : null,
      callee_province: null,
      callee_city: null,
      callee_carrier: null,
      customer_id: null,
      trunk_id: null,
      caller_id_used: null,
      campaign_id: null,
      entry_id: null,
      queue_id: null,
      agent_id: null,
      team_id: null,
      created_at: record.createdAt,
      ring_at: null,
      answer_at: null,
      agent_answer_at: null,
      end_at: null,
      ivr_entry_at: null,
      ivr_exit_at: null,
      queue_entry_at: null,
      queue_exit_at: null,
      status: 'active',
      disposition: null,
      hangup_cause: null,
      sip_status: null,
      core_info_delivered: 0,
      acw_seconds: null,
      billed_seconds: null,
      billed_cost: null,
      loss_pct: null,
      jitter_ms: null,
      rtt_ms: null,
      mos: null,
      video_offered: 0,
      video_established: 0,
      recording_path: null,
      source: record.source ?? 'telephony',
      external_ref: null,
    })
    .execute();
  ctx.bus.emit('call.record', { tenantId: record.tenantId, callId: record.id, stage: 'start' });
}

export async function updateCallRecord(
  ctx: Ctx,
  tenantId: string,
  id: string,
  patch: StagePatch,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ctx.db.kysely
    .updateTable('call_records')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Quality columns from a leg's RTP/RTCP statistics (null when the leg carried no media). */
export function qualityOf(stats: LegStats | undefined): StagePatch {
  if (!stats || stats.packetsReceived === 0) return {};
  return {
    loss_pct: stats.lossPct,
    jitter_ms: stats.jitterMs,
    rtt_ms: stats.rttMs,
    mos: stats.mos,
  };
}

export async function finaliseCallRecord(
  ctx: Ctx,
  tenantId: string,
  id: string,
  patch: StagePatch,
): Promise<void> {
  await ctx.db.kysely
    .updateTable('call_records')
    .set({ ...patch, status: 'completed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  ctx.bus.emit('call.record', { tenantId, callId: id, stage: 'end' });
}

/** At boot: rows still 'active' belong to calls cut by a stop or crash. */
export async function markInterruptedCalls(ctx: Ctx): Promise<number> {
  const result = await ctx.db.kysely
    .updateTable('call_records')
    .set({ status: 'interrupted', disposition: 'interrupted' })
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
