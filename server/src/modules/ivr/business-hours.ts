// Business hours and holiday calendars, evaluated in a time zone (tenant's, default
// Asia/Shanghai). Pure functions of an instant: tests inject the clock.
import type { NodeOf } from './flow.schema.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  day: 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(at: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const day = (parts.weekday ?? 'Sun').slice(0, 3).toLowerCase() as LocalTime['day'];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function within(intervals: [string, string][] | undefined, minutes: number): boolean {
  return (intervals ?? []).some(
    ([from, to]) => minutes >= toMinutes(from) && minutes < toMinutes(to),
  );
}

export type HoursState = 'open' | 'closed' | 'holiday';

/** Open / closed / holiday at `at`: special workdays first, then holidays, then the weekly plan. */
export function businessHoursState(
  node: Pick<NodeOf<'hours'>, 'weekly' | 'holidays' | 'workdays' | 'timeZone'>,
  at: number,
  tenantTimeZone = DEFAULT_TIME_ZONE,
): HoursState {
  const local = localTime(at, node.timeZone ?? tenantTimeZone);
  const workday = node.workdays.find((w) => w.date === local.date);
  if (workday) return within(workday.hours, local.minutes) ? 'open' : 'closed';
  if (node.holidays.some((h) => h.date === local.date)) return 'holiday';
  return within(node.weekly[local.day], local.minutes) ? 'open' : 'closed';
}
