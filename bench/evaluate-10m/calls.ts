import type { CallRecordTable } from '../../server/src/db/index.ts';

// Seeded call records for the evaluation benchmark: 30 days, 40 % inbound (queued, served, some
// abandoned), 60 % outbound over 31 provinces × 3 carriers, 200 agents, half the answered calls
// with media quality. The same seed gives the same calls every run.

export const TENANT = 'bench';
export const DAYS = 30;
export const END = Date.UTC(2026, 10, 30, 16, 0, 0); // 2026-12-01 00:00 Asia/Shanghai
export const START = END - DAYS * 86_400_000;

export type BenchCall = Omit<
  CallRecordTable,
  | 'caller'
  | 'callee'
  | 'callee_city'
  | 'customer_id'
  | 'trunk_id'
  | 'caller_id_used'
  | 'entry_id'
  | 'ring_at'
  | 'ivr_entry_at'
  | 'ivr_exit_at'
  | 'hangup_cause'
  | 'sip_status'
  | 'recording_path'
  | 'external_ref'
>;

const PROVINCES = Array.from({ length: 31 }, (_, i) => `省${i}`);
const CARRIERS = ['中国移动', '中国联通', '中国电信'];

/** mulberry32 over a fixed seed. */
export function callGenerator(seed = 20261203): (i: number) => BenchCall {
  let s = seed;
  const random = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return (i) => {
    const created = START + Math.floor(random() * (END - START));
    const inbound = random() < 0.4;
    const agent = Math.floor(random() * 200);
    const answered = random() < (inbound ? 0.97 : 0.45);
    const answer = answered ? created + Math.floor(random() * (inbound ? 2_000 : 20_000)) : null;
    const queued = inbound && random() < 0.6;
    const queueEntry = queued ? created + 15_000 : null;
    const served = inbound && answered && random() < 0.85;
    const wait = Math.floor(random() * random() * 180_000);
    const agentAnswer = served ? (queueEntry ?? created + 15_000) + (queued ? wait : 0) : null;
    const talk = Math.floor(20_000 + random() * random() * 600_000);
    const end = answer !== null ? Math.max(answer, agentAnswer ?? 0) + talk : created + 25_000;
    const quality = answered && random() < 0.5;
    const staffed = inbound ? served : answered;
    return {
      id: `b${i.toString(36).padStart(8, '0')}`,
      tenant_id: TENANT,
      direction: inbound ? 'inbound' : 'outbound',
      callee_province: inbound ? null : PROVINCES[Math.floor(random() * 31)]!,
      callee_carrier: inbound ? null : CARRIERS[Math.floor(random() * 3)]!,
      // Agents work one campaign (outbound) or one queue (inbound), as in a real center.
      campaign_id: inbound ? null : `c${agent % 10}`,
      queue_id: inbound ? `q${agent % 5}` : null,
      agent_id: staffed ? `a${agent}` : null,
      team_id: staffed ? `t${agent % 20}` : null,
      created_at: created,
      answer_at: answer,
      agent_answer_at: agentAnswer,
      end_at: end,
      queue_entry_at: queueEntry,
      queue_exit_at: queued ? (agentAnswer ?? queueEntry! + wait) : null,
      status: 'completed',
      disposition: answered ? 'answered' : 'no_answer',
      core_info_delivered: random() < 0.1 ? 1 : 0,
      acw_seconds: served ? Math.floor(random() * 60) : null,
      billed_seconds: answered && !inbound ? Math.ceil(talk / 60_000) * 60 : null,
      billed_cost: answered && !inbound ? Math.ceil(talk / 60_000) * 0.05 : null,
      loss_pct: quality ? Math.round(random() * random() * 800) / 100 : null,
      jitter_ms: quality ? Math.floor(random() * 40) : null,
      rtt_ms: quality ? Math.floor(60 + random() * 300) : null,
      mos: null,
      video_offered: 0,
      video_established: 0,
      source: 'bench',
    };
  };
}
