import type { Db } from '../../db/index.ts';
import {
  averageHandleTime,
  connectionRate,
  connectionRateStability,
  effectiveConnectionRate,
  effectiveTalkTimePerAgent,
  handledCallsPerAgent,
  inboundQueueWait,
  peakHour,
  videoConnectionRate,
  voiceClarity,
} from './call-metrics.ts';
import {
  complaintCounts,
  complaintRate,
  dealConversionRate,
  harassmentRate,
  intentRate,
  leadFollowupRate,
  outboundTaskCompletionRate,
  repeatConversionRate,
  resolutionRate,
  roi,
  surveys,
  unitCallCost,
  type Range,
} from './crm-metrics.ts';
import type { MetricValue } from './evaluation.types.ts';
import type { FactRow } from './rollups.repo.ts';
import type { EvaluationSettings } from './settings.ts';
import {
  accessControl,
  availability,
  encryptionComplianceCached,
  latencyMetric,
  mttr,
  opsCost,
} from './system-metrics.ts';

// Every metric of the catalogue for one range, from the call facts of that range plus queries on
// the other tables. Trend periods call it with `light` to skip what does not vary by period.

export interface MetricInputs {
  db: Db;
  range: Range;
  now: number;
  settings: EvaluationSettings;
  /** Call facts of the whole range. */
  total: FactRow;
  /** Per hour of day (peak hour); per province / carrier (stability). Omitted in light mode. */
  hours?: FactRow[];
  provinces?: FactRow[];
  carriers?: FactRow[];
  /** Span of the range in ms for pro-rated fees (null = unknown). */
  spanMs: number | null;
  light?: boolean;
}

export async function computeMetrics(i: MetricInputs): Promise<MetricValue[]> {
  const { db, range: r, settings: s, total, now } = i;
  const f = total.facts;
  const effectiveTalkMs = s.effectiveTalkSeconds * 1000;
  const complaints = await complaintCounts(db, r);
  const [csat, nps] = await surveys(db, r);
  const notTrended = (id: string): MetricValue => ({
    id,
    value: null,
    numerator: null,
    denominator: null,
    details: { note: 'not computed per trend period' },
  });
  const values: MetricValue[] = [
    connectionRate(total),
    i.provinces && i.carriers
      ? connectionRateStability(i.provinces, i.carriers, s.stabilityMinAttempts)
      : notTrended('connection_rate_stability'),
    effectiveConnectionRate(f),
    await intentRate(db, r, f),
    await dealConversionRate(db, r, s),
    await resolutionRate(db, r),
    await leadFollowupRate(db, r, s, effectiveTalkMs),
    await roi(db, r, s, f, i.spanMs),
    i.light ? notTrended('repeat_conversion_rate') : await repeatConversionRate(db, r),
    effectiveTalkTimePerAgent(total),
    handledCallsPerAgent(total),
    averageHandleTime(f),
    await outboundTaskCompletionRate(db, r),
    inboundQueueWait(f, i.hours ? peakHour(i.hours) : null),
    unitCallCost(s, f, i.spanMs),
    await opsCost(db, r, now, s.cost, i.spanMs),
    csat,
    nps,
    complaintRate(complaints, f),
    harassmentRate(complaints, f),
    videoConnectionRate(f),
    voiceClarity(f),
    await availability(db, r, now),
    await mttr(db, r, now),
    await latencyMetric(db, r, 'dial_latency', s.thresholds.dial_latency?.target ?? null),
    await latencyMetric(db, r, 'ivr_response_time', s.thresholds.ivr_response_time?.target ?? null),
    i.light
      ? notTrended('encryption_compliance')
      : await encryptionComplianceCached(db, r.tenantId, now),
    await accessControl(db, r, now),
  ];
  return values;
}
