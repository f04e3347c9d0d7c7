import { describe, expect, it } from 'vitest';
import { forecastIntervals, type InboundFacts } from './forecast.ts';
import { dayNumber, LocalClock } from './local-time.ts';

const TZ = 'Asia/Shanghai';
const clock = new LocalClock(TZ);
// Local wall time in Shanghai (UTC+8) → UTC ms.
const at = (date: string, hh: number, mm = 0, ss = 0): number =>
  clock.startOfDay(dayNumber(date)) + ((hh * 60 + mm) * 60 + ss) * 1000;

const served = (q: number, waitS: number, talkS: number, agent = 'a1'): InboundFacts => ({
  queue_entry_at: q,
  queue_exit_at: q + waitS * 1000,
  agent_answer_at: q + waitS * 1000,
  end_at: q + (waitS + talkS) * 1000,
  acw_seconds: null,
  agent_id: agent,
});
const abandoned = (q: number, waitS: number): InboundFacts => ({
  queue_entry_at: q,
  queue_exit_at: q + waitS * 1000,
  agent_answer_at: null,
  end_at: q + waitS * 1000,
  acw_seconds: null,
  agent_id: null,
});

describe('forecast by interval and weekday', () => {
  // 2026-06-01 is a Monday. Two Mondays of history (06-01 … 06-08, eight days).
  const calls: InboundFacts[] = [
    served(at('2026-06-01', 10, 5), 0, 200),
    served(at('2026-06-01', 10, 20), 60, 100, 'a2'),
    abandoned(at('2026-06-01', 10, 40), 90),
    served(at('2026-06-08', 10, 59, 59), 30, 300),
    abandoned(at('2026-06-08', 10, 30), 30),
    // 09:59:59 local belongs to the 09:00 hour; 02:30 UTC on 06-01 is 10:30 local.
    served(at('2026-06-08', 9, 59, 59), 0, 60),
    // Tuesday: another profile.
    served(at('2026-06-02', 10, 0), 0, 100),
    // Never queued nor answered (ended in the IVR): not a request.
    { ...abandoned(0, 0), queue_entry_at: null, queue_exit_at: null },
  ];
  const first = dayNumber('2026-06-01');
  const last = dayNumber('2026-06-08');

  it('groups requests in the tenant time zone and divides by the weekdays in the history', () => {
    const f = forecastIntervals(calls, {
      timeZone: TZ,
      intervalMinutes: 60,
      groups: [[1], [2]],
      firstDay: first,
      lastDay: last,
    });
    expect(f).toHaveLength(48);
    const mon10 = f[10]!;
    expect(mon10).toMatchObject({ start: '10:00', end: '11:00', weekdays: [1] });
    expect(mon10.stats).toMatchObject({ days: 2, requests: 5, served: 3, abandoned: 2 });
    expect(mon10.calls).toBe(2.5);
    expect(mon10.aht).toBeCloseTo((200 + 100 + 300) / 3, 9);
    // Censored patience: all queue seconds (0 + 60 + 90 + 30 + 30) ÷ 2 abandonments.
    expect(mon10.patience).toBe(105);
    expect(mon10.observed.meanWait).toBeCloseTo(30, 9);
    expect(mon10.observed.pAbandon).toBeCloseTo(0.4, 9);
    expect(mon10.observed.pWait).toBeCloseTo(0.8, 9);
    expect(f[9]!.stats.requests).toBe(1);
    // Tuesday 06-02 is the only Tuesday in the range.
    expect(f[24 + 10]!).toMatchObject({ calls: 1, weekdays: [2] });
  });

  it('pools weekdays into one profile and counts the days of each', () => {
    const f = forecastIntervals(calls, {
      timeZone: TZ,
      intervalMinutes: 30,
      groups: [[1, 2]],
      firstDay: first,
      lastDay: last,
    });
    expect(f).toHaveLength(48);
    // 10:00–10:30: Mon 06-01 10:05, 10:20; Tue 10:00 → 3 requests over 3 days (two Mondays, one Tuesday).
    expect(f[20]!.stats).toMatchObject({ requests: 3, days: 3 });
    expect(f[20]!.calls).toBe(1);
  });

  it('infers agents present from each agent’s first-to-last service span in the interval', () => {
    const oneDay: InboundFacts[] = [
      served(at('2026-06-01', 10, 0), 0, 600, 'a1'),
      served(at('2026-06-01', 10, 40), 0, 300, 'a1'), // a1 busy 10:00–10:45 → 45 min span
      served(at('2026-06-01', 10, 50), 0, 1200, 'a2'), // a2 10:50–11:10 → 10 min here, 10 min at 11:00
    ];
    const f = forecastIntervals(oneDay, {
      timeZone: TZ,
      intervalMinutes: 60,
      groups: [[1]],
      firstDay: first,
      lastDay: first,
    });
    expect(f[10]!.observed.activeAgents).toBeCloseTo(55 / 60, 9);
    expect(f[11]!.observed.activeAgents).toBeCloseTo(10 / 60, 9);
    // Busy time is attributed to the interval of the request.
    expect(f[10]!.observed.busyAgents).toBeCloseTo((600 + 300 + 1200) / 3600, 9);
  });
});
