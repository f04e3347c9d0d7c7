import { mosFromRSql, rFactorSql, R_CLEAR } from './e-model.ts';

// The sums every call-record metric is computed from. One SQL expression per fact over a
// call_records row; the roll-up table stores their per-hour sums, and a raw scan sums the same
// expressions directly, so both paths feed the same metric code.

export const FACT_NAMES = [
  'calls',
  'outbound',
  'out_known',
  'out_known_answered',
  'answered',
  'talked',
  'talk_ms',
  'short_calls',
  'effective',
  'effective_talk_ms',
  'handled',
  'handle_n',
  'handle_ms',
  'acw_n',
  'acw_s',
  'queued',
  'requests',
  'served',
  'abandoned',
  'wait_ms',
  'served_in_sl',
  'abandon_wait_ms',
  'w_0',
  'w_10',
  'w_20',
  'w_30',
  'w_60',
  'w_120',
  'w_300',
  'w_more',
  'quality_n',
  'clear_n',
  'mos_sum',
  'loss_n',
  'loss_sum',
  'jitter_n',
  'jitter_sum',
  'rtt_n',
  'rtt_sum',
  'video_offered',
  'video_established',
  'billed_n',
  'billed_cost',
  'billed_seconds',
  'dialer_answered',
  'dialer_abandoned',
] as const;

export type FactName = (typeof FACT_NAMES)[number];
export type CallFacts = Record<FactName, number>;

export interface FactThresholds {
  effectiveTalkMs: number;
  serviceLevelMs: number;
}

export const emptyFacts = (): CallFacts =>
  Object.fromEntries(FACT_NAMES.map((n) => [n, 0])) as CallFacts;

export function addFacts(into: CallFacts, other: CallFacts): CallFacts {
  for (const n of FACT_NAMES) into[n] += other[n];
  return into;
}

const int = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return String(Math.round(v));
};

/** SQL (both dialects) per fact; each is summed. Thresholds are inlined as integer literals. */
export function factExpressions(t: FactThresholds): Record<FactName, string> {
  const T = int(t.effectiveTalkMs);
  const SL = int(t.serviceLevelMs);
  const answered = 'answer_at IS NOT NULL';
  const talked = `(${answered} AND end_at IS NOT NULL)`;
  const talk = '(end_at - answer_at)';
  const out = "direction = 'outbound'";
  const inb = "direction = 'inbound'";
  const known = `(${out} AND (disposition IS NULL OR disposition <> 'outcome_unknown'))`;
  const effective = `(${answered} AND ((end_at IS NOT NULL AND ${talk} >= ${T}) OR core_info_delivered = 1))`;
  const handled = `((${inb} AND agent_answer_at IS NOT NULL) OR (${out} AND ${answered}))`;
  const served = `(${inb} AND agent_answer_at IS NOT NULL)`;
  const abandoned = `(${inb} AND queue_entry_at IS NOT NULL AND agent_answer_at IS NULL)`;
  const wait =
    '(CASE WHEN queue_entry_at IS NULL THEN 0 ELSE agent_answer_at - queue_entry_at END)';
  const hasQ =
    '(mos IS NOT NULL OR loss_pct IS NOT NULL OR jitter_ms IS NOT NULL OR rtt_ms IS NOT NULL)';
  // Campaign calls the callee answered; those no agent took within the connect limit are the
  // dialer's abandons (the pacing cap's definition: abandoned ÷ answered).
  const dialerAnswered = `(${out} AND campaign_id IS NOT NULL AND ${answered})`;
  const r = rFactorSql();
  const count = (cond: string): string => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
  const sumIf = (cond: string, value: string): string =>
    `CASE WHEN ${cond} THEN ${value} ELSE 0 END`;
  const bucket = (lo: number | null, hi: number | null): string =>
    count(
      `${served} AND ${[lo === null ? null : `${wait} > ${lo}`, hi === null ? null : `${wait} <= ${hi}`].filter(Boolean).join(' AND ')}`,
    );
  return {
    calls: '1',
    outbound: count(out),
    out_known: count(known),
    out_known_answered: count(`${known} AND ${answered}`),
    answered: count(answered),
    talked: count(talked),
    talk_ms: sumIf(talked, talk),
    short_calls: count(`${talked} AND ${talk} < ${T}`),
    effective: count(effective),
    effective_talk_ms: sumIf(`${effective} AND end_at IS NOT NULL`, talk),
    handled: count(handled),
    handle_n: count(`${handled} AND end_at IS NOT NULL`),
    handle_ms: sumIf(
      `${handled} AND end_at IS NOT NULL`,
      'end_at - COALESCE(agent_answer_at, answer_at)',
    ),
    acw_n: count('acw_seconds IS NOT NULL'),
    acw_s: 'COALESCE(acw_seconds, 0)',
    queued: count(`${inb} AND queue_entry_at IS NOT NULL`),
    requests: count(`${inb} AND (queue_entry_at IS NOT NULL OR agent_answer_at IS NOT NULL)`),
    served: count(served),
    abandoned: count(abandoned),
    wait_ms: sumIf(served, wait),
    served_in_sl: count(`${served} AND ${wait} <= ${SL}`),
    abandon_wait_ms: sumIf(
      abandoned,
      'COALESCE(queue_exit_at, end_at, queue_entry_at) - queue_entry_at',
    ),
    w_0: bucket(null, 0),
    w_10: bucket(0, 10_000),
    w_20: bucket(10_000, 20_000),
    w_30: bucket(20_000, 30_000),
    w_60: bucket(30_000, 60_000),
    w_120: bucket(60_000, 120_000),
    w_300: bucket(120_000, 300_000),
    w_more: bucket(300_000, null),
    quality_n: count(`${answered} AND ${hasQ}`),
    clear_n: count(
      `${answered} AND ((mos IS NOT NULL AND mos >= 3.6) OR (mos IS NULL AND ${hasQ} AND ${r} >= ${R_CLEAR}))`,
    ),
    mos_sum: sumIf(`${answered} AND ${hasQ}`, `COALESCE(mos, ${mosFromRSql(r)})`),
    loss_n: count(`${answered} AND loss_pct IS NOT NULL`),
    loss_sum: sumIf(`${answered} AND loss_pct IS NOT NULL`, 'loss_pct'),
    jitter_n: count(`${answered} AND jitter_ms IS NOT NULL`),
    jitter_sum: sumIf(`${answered} AND jitter_ms IS NOT NULL`, 'jitter_ms'),
    rtt_n: count(`${answered} AND rtt_ms IS NOT NULL`),
    rtt_sum: sumIf(`${answered} AND rtt_ms IS NOT NULL`, 'rtt_ms'),
    video_offered: count(`${answered} AND video_offered = 1`),
    video_established: count(`${answered} AND video_offered = 1 AND video_established = 1`),
    billed_n: count('billed_cost IS NOT NULL'),
    billed_cost: 'COALESCE(billed_cost, 0)',
    billed_seconds: 'COALESCE(billed_seconds, 0)',
    dialer_answered: count(dialerAnswered),
    dialer_abandoned: count(`${dialerAnswered} AND agent_answer_at IS NULL`),
  };
}
