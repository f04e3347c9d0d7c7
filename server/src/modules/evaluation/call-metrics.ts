import type { CallFacts } from './call-facts.ts';
import type { MetricValue } from './evaluation.types.ts';
import type { FactRow } from './rollups.repo.ts';

// Metrics computed from call facts alone. Pure functions: the same code serves the overall
// figures, every breakdown row and every trend period.

export const round = (v: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function ratio(id: string, numerator: number, denominator: number): MetricValue {
  return {
    id,
    value: denominator > 0 ? round(numerator / denominator) : null,
    numerator: round(numerator, 3),
    denominator: round(denominator, 3),
  };
}

const mean = (sum: number, n: number): number | null => (n > 0 ? round(sum / n, 3) : null);

export function connectionRate(row: FactRow): MetricValue {
  const v = ratio('connection_rate', row.connAnswered, row.connAttempts);
  const unknown = row.facts.outbound - row.connAttempts;
  return {
    ...v,
    details: {
      outboundAttempts: row.facts.outbound,
      excludedAttemptsUnknownOutcome: unknown,
      // Campaign calls answered but not connected to an agent within the connect limit.
      abandonRate:
        row.facts.dialer_answered > 0
          ? round(row.facts.dialer_abandoned / row.facts.dialer_answered)
          : null,
      abandonedCalls: row.facts.dialer_abandoned,
      campaignAnsweredCalls: row.facts.dialer_answered,
      abandonRateNote:
        'campaign calls answered and not connected to an agent within the connect limit ÷ campaign calls answered',
      ...(v.value === null && unknown > 0
        ? {
            note: 'attempt outcomes are unknown for this data (e.g. an import that records only the last contact), so there is no connection rate',
          }
        : {}),
    },
  };
}

export function effectiveConnectionRate(f: CallFacts): MetricValue {
  return {
    ...ratio('effective_connection_rate', f.effective, f.answered),
    details: talkDetails(f),
  };
}

function talkDetails(f: CallFacts): Record<string, unknown> {
  return {
    answeredCalls: f.answered,
    meanTalkSeconds: mean(f.talk_ms / 1000, f.talked),
    shortCalls: f.short_calls,
    shortCallShare: f.talked > 0 ? round(f.short_calls / f.talked) : null,
    talkedCalls: f.talked,
  };
}

export function effectiveTalkTimePerAgent(row: FactRow): MetricValue {
  const seconds = row.facts.effective_talk_ms / 1000;
  const v = ratio('effective_talk_time_per_agent', seconds, row.agents);
  const perDay =
    row.agents > 0 && row.activeDays > 0 ? seconds / row.agents / row.activeDays : null;
  return {
    ...v,
    value: v.value === null ? null : round(v.value, 3),
    scoreValue: perDay === null ? null : round(perDay, 3),
    details: {
      agents: row.agents,
      activeDays: row.activeDays,
      perAgentPerDaySeconds: perDay === null ? null : round(perDay, 3),
    },
  };
}

export function handledCallsPerAgent(row: FactRow): MetricValue {
  const den = row.agents * row.activeDays;
  const v = ratio('handled_calls_per_agent', row.facts.handled, den);
  return {
    ...v,
    details: {
      handledCalls: row.facts.handled,
      agents: row.agents,
      activeDays: row.activeDays,
      perAgentInRange: row.agents > 0 ? round(row.facts.handled / row.agents, 3) : null,
      perAgentPerMonth: v.value === null ? null : round(v.value * 30, 3),
    },
  };
}

export function averageHandleTime(f: CallFacts): MetricValue {
  const v = ratio('average_handle_time', f.handle_ms / 1000, f.handle_n);
  return {
    ...v,
    value: v.value === null ? null : round(v.value, 3),
    details: {
      ...talkDetails(f),
      afterCallWorkMeanSeconds: mean(f.acw_s, f.acw_n),
      afterCallWorkCalls: f.acw_n,
    },
  };
}

export interface PeakHour {
  hour: number;
  queueEntries: number;
  served: number;
  meanWaitSeconds: number | null;
  meanWaitQueuedSeconds: number | null;
}

/** Hour of day (tenant time zone) with the most queue entries; ties go to the earlier hour. */
export function peakHour(hourRows: FactRow[]): PeakHour | null {
  let best: FactRow | null = null;
  const weight = (r: FactRow): number => (r.facts.queued > 0 ? r.facts.queued : 0);
  for (const r of hourRows) {
    if (weight(r) === 0) continue;
    if (
      !best ||
      weight(r) > weight(best) ||
      (weight(r) === weight(best) && Number(r.key) < Number(best.key))
    ) {
      best = r;
    }
  }
  if (!best) return null;
  const f = best.facts;
  const queuedServed = f.served - f.w_0;
  return {
    hour: Number(best.key),
    queueEntries: f.queued,
    served: f.served,
    meanWaitSeconds: mean(f.wait_ms / 1000, f.served),
    meanWaitQueuedSeconds: queuedServed > 0 ? round(f.wait_ms / 1000 / queuedServed, 3) : null,
  };
}

export function inboundQueueWait(f: CallFacts, peak: PeakHour | null): MetricValue {
  const v = ratio('inbound_queue_wait', f.wait_ms / 1000, f.served);
  const queuedOrServed = f.served + f.abandoned;
  return {
    ...v,
    value: v.value === null ? null : round(v.value, 3),
    scoreValue: peak?.meanWaitSeconds ?? (v.value === null ? null : round(v.value, 3)),
    details: {
      servedCalls: f.served,
      queueEntries: f.queued,
      abandonedInQueue: f.abandoned,
      abandonmentRate: queuedOrServed > 0 ? round(f.abandoned / queuedOrServed) : null,
      abandonmentRateNote: 'abandoned in queue ÷ (served + abandoned in queue)',
      abandonmentAmongQueued: f.queued > 0 ? round(f.abandoned / f.queued) : null,
      meanWaitBeforeAbandonSeconds: mean(f.abandon_wait_ms / 1000, f.abandoned),
      serviceLevel: f.served > 0 ? round(f.served_in_sl / f.served) : null,
      asaSeconds: mean(f.wait_ms / 1000, f.served),
      meanServiceSeconds: mean(f.handle_ms / 1000, f.handle_n),
      waitDistribution: {
        '0s': f.w_0,
        '0-10s': f.w_10,
        '10-20s': f.w_20,
        '20-30s': f.w_30,
        '30-60s': f.w_60,
        '60-120s': f.w_120,
        '120-300s': f.w_300,
        '>300s': f.w_more,
      },
      peak,
    },
  };
}

export function voiceClarity(f: CallFacts): MetricValue {
  return {
    ...ratio('voice_clarity', f.clear_n, f.quality_n),
    details: {
      meanMos: mean(f.mos_sum, f.quality_n),
      meanLossPct: mean(f.loss_sum, f.loss_n),
      meanJitterMs: mean(f.jitter_sum, f.jitter_n),
      meanRttMs: mean(f.rtt_sum, f.rtt_n),
    },
  };
}

export function videoConnectionRate(f: CallFacts): MetricValue {
  const v = ratio('video_connection_rate', f.video_established, f.video_offered);
  return v.value === null
    ? { ...v, details: { note: 'not applicable: no call offered video' } }
    : v;
}

/** Coefficient of variation of connection rates of groups with ≥ minAttempts attempts. */
export function stabilityOf(
  rows: FactRow[],
  minAttempts: number,
): {
  groups: { key: string; attempts: number; rate: number }[];
  cv: number | null;
  sd: number | null;
  mean: number | null;
  spread: number | null;
} {
  const groups = rows
    .filter((r) => r.key !== '' && r.connAttempts >= minAttempts)
    .map((r) => ({
      key: r.key,
      attempts: r.connAttempts,
      rate: round(r.connAnswered / r.connAttempts),
    }));
  if (groups.length < 2) return { groups, cv: null, sd: null, mean: null, spread: null };
  const rates = groups.map((g) => g.rate);
  const m = rates.reduce((a, b) => a + b, 0) / rates.length;
  const sd = Math.sqrt(rates.reduce((a, b) => a + (b - m) ** 2, 0) / rates.length);
  return {
    groups,
    mean: round(m),
    sd: round(sd),
    cv: m > 0 ? round(sd / m) : null,
    spread: round(Math.max(...rates) - Math.min(...rates)),
  };
}

export function connectionRateStability(
  provinces: FactRow[],
  carriers: FactRow[],
  minAttempts: number,
): MetricValue {
  const p = stabilityOf(provinces, minAttempts);
  const c = stabilityOf(carriers, minAttempts);
  const worse = [p, c].filter((s) => s.cv !== null).sort((a, b) => (b.cv ?? 0) - (a.cv ?? 0))[0];
  return {
    id: 'connection_rate_stability',
    value: worse?.cv ?? null,
    numerator: worse?.sd ?? null,
    denominator: worse?.mean ?? null,
    details: {
      minAttempts,
      provinces: p,
      carriers: c,
      ...(worse ? {} : { note: 'fewer than two provinces or carriers with enough attempts' }),
    },
  };
}
