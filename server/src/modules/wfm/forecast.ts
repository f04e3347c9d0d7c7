import { LocalClock, weekdayOfDay } from './local-time.ts';

// Per-interval forecast of requests for an agent, handle time and patience, by weekday, from
// inbound call records. A call asked for an agent when it entered the queue or was answered by
// one (calls that ended in the IVR never did); it is timed by that moment, grouped in the
// tenant's time zone, and each weekday's count is divided by the number of such calendar days
// in the history, closed days included (a Saturday with no calls still counts as a Saturday).

export interface InboundFacts {
  queue_entry_at: number | null;
  queue_exit_at: number | null;
  agent_answer_at: number | null;
  end_at: number | null;
  acw_seconds: number | null;
  agent_id: string | null;
}

export interface IntervalStats {
  /** The weekdays pooled into this profile (0 = Sunday). */
  weekdays: number[];
  slot: number;
  /** Local start and end, "HH:MM". */
  start: string;
  end: string;
  /** Days of those weekdays in the history. */
  days: number;
  requests: number;
  served: number;
  abandoned: number;
  waited: number;
  /** Queue seconds of every queued call, served and abandoned (the censored patience data). */
  queueSeconds: number;
  /** Queue seconds of served calls (zero for those answered without queueing). */
  servedWaitSeconds: number;
  handleSeconds: number;
  handled: number;
  /** Sum over (day, agent) of the span from first to last service inside the interval. */
  agentSpanSeconds: number;
}

export interface IntervalForecast {
  weekdays: number[];
  slot: number;
  start: string;
  end: string;
  /** Mean requests for an agent per day in this interval. */
  calls: number;
  /** Mean handle time (talk + after-call work) in seconds; null without served calls. */
  aht: number | null;
  /** Censored patience estimate: queue seconds ÷ abandonments; null without abandonments. */
  patience: number | null;
  stats: IntervalStats;
  observed: {
    /** Mean queue wait of served calls (s). */
    meanWait: number | null;
    pAbandon: number | null;
    pWait: number | null;
    /** Served seconds ÷ elapsed seconds: agents busy on average. */
    busyAgents: number;
    /** Agents present, inferred from each agent's first-to-last service span in the interval. */
    activeAgents: number | null;
  };
}

export interface ForecastOptions {
  timeZone: string;
  intervalMinutes: number;
  /** Profiles to build: each inner list is pooled (e.g. [[0,1,2,3,4]] for Sun–Thu). */
  groups: number[][];
  /** First and last local day numbers of the history, inclusive. */
  firstDay: number;
  lastDay: number;
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const requestTime = (c: InboundFacts): number | null =>
  c.queue_entry_at ?? c.agent_answer_at;

/** Censored exponential MLE of mean patience: total time at risk ÷ abandonments. */
export const patienceEstimate = (queueSeconds: number, abandoned: number): number | null =>
  abandoned > 0 ? queueSeconds / abandoned : null;

export function forecastIntervals(
  calls: Iterable<InboundFacts>,
  options: ForecastOptions,
): IntervalForecast[] {
  const clock = new LocalClock(options.timeZone);
  const slotMs = options.intervalMinutes * 60_000;
  const slots = Math.round(1440 / options.intervalMinutes);
  const groupOf = new Array<number>(7).fill(-1);
  options.groups.forEach((g, i) => g.forEach((d) => (groupOf[d] = i)));
  const daysPerGroup = options.groups.map(() => 0);
  for (let day = options.firstDay; day <= options.lastDay; day++) {
    const g = groupOf[weekdayOfDay(day)] ?? -1;
    if (g >= 0) daysPerGroup[g] = (daysPerGroup[g] ?? 0) + 1;
  }
  const stats: IntervalStats[] = [];
  options.groups.forEach((weekdays, g) => {
    for (let slot = 0; slot < slots; slot++) {
      stats.push({
        weekdays,
        slot,
        start: hhmm(slot * options.intervalMinutes),
        end: hhmm((slot + 1) * options.intervalMinutes),
        days: daysPerGroup[g] ?? 0,
        requests: 0,
        served: 0,
        abandoned: 0,
        waited: 0,
        queueSeconds: 0,
        servedWaitSeconds: 0,
        handleSeconds: 0,
        handled: 0,
        agentSpanSeconds: 0,
      });
    }
  });
  // (day, slot, agent) → [first service start, last service end] clipped to the interval.
  const spans = new Map<string, { index: number; from: number; to: number }>();

  for (const c of calls) {
    const at = requestTime(c);
    if (at === null) continue;
    const local = clock.parts(at);
    if (local.day < options.firstDay || local.day > options.lastDay) continue;
    const g = groupOf[local.weekday] ?? -1;
    if (g < 0) continue;
    const index = g * slots + Math.floor(local.msOfDay / slotMs);
    const s = stats[index];
    if (!s) continue;
    s.requests++;
    const served = c.agent_answer_at !== null;
    const queueEnd = c.queue_exit_at ?? (served ? c.agent_answer_at : c.end_at);
    const wait =
      c.queue_entry_at !== null && queueEnd !== null
        ? Math.max(0, (queueEnd - c.queue_entry_at) / 1000)
        : 0;
    if (wait > 0) s.waited++;
    if (c.queue_entry_at !== null) s.queueSeconds += wait;
    if (!served) {
      s.abandoned++;
      continue;
    }
    s.served++;
    s.servedWaitSeconds += wait;
    if (c.end_at !== null && c.agent_answer_at !== null) {
      s.handled++;
      s.handleSeconds += Math.max(0, (c.end_at - c.agent_answer_at) / 1000) + (c.acw_seconds ?? 0);
      if (c.agent_id !== null) addSpans(spans, clock, c, g, slots, slotMs, c.agent_id);
    }
  }
  for (const span of spans.values()) {
    const s = stats[span.index];
    if (s) s.agentSpanSeconds += (span.to - span.from) / 1000;
  }
  return stats.map((s) => toForecast(s, options.intervalMinutes, slots));
}

// Services are split over the intervals they overlap on their own local day.
function addSpans(
  spans: Map<string, { index: number; from: number; to: number }>,
  clock: LocalClock,
  c: InboundFacts,
  group: number,
  slots: number,
  slotMs: number,
  agent: string,
): void {
  const start = c.agent_answer_at ?? 0;
  const end = c.end_at ?? start;
  const local = clock.parts(start);
  const dayStart = start - local.msOfDay;
  for (let slot = Math.floor(local.msOfDay / slotMs); slot < slots; slot++) {
    const from = Math.max(start, dayStart + slot * slotMs);
    const to = Math.min(end, dayStart + (slot + 1) * slotMs);
    if (from > to || (from === to && slot * slotMs > local.msOfDay)) break;
    const key = `${local.day}|${slot}|${agent}`;
    const span = spans.get(key);
    if (span) {
      span.from = Math.min(span.from, from);
      span.to = Math.max(span.to, to);
    } else {
      spans.set(key, { index: group * slots + slot, from, to });
    }
  }
}

function toForecast(s: IntervalStats, intervalMinutes: number, _slots: number): IntervalForecast {
  const elapsed = s.days * intervalMinutes * 60;
  return {
    weekdays: s.weekdays,
    slot: s.slot,
    start: s.start,
    end: s.end,
    calls: s.days > 0 ? s.requests / s.days : 0,
    aht: s.handled > 0 ? s.handleSeconds / s.handled : null,
    patience: patienceEstimate(s.queueSeconds, s.abandoned),
    stats: s,
    observed: {
      meanWait: s.served > 0 ? s.servedWaitSeconds / s.served : null,
      pAbandon: s.requests > 0 ? s.abandoned / s.requests : null,
      pWait: s.requests > 0 ? s.waited / s.requests : null,
      busyAgents: elapsed > 0 ? s.handleSeconds / elapsed : 0,
      activeAgents: elapsed > 0 && s.agentSpanSeconds > 0 ? s.agentSpanSeconds / elapsed : null,
    },
  };
}
