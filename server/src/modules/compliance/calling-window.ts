import type { ComplianceSettings, TimeRange } from './compliance.types.ts';

export interface LocalTime {
  /** Callee-local calendar date, YYYY-MM-DD. */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** "HH:MM" */
  clock: string;
  /** The UTC instant of the local midnight that starts this date. */
  dayStart: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock date and time of an instant in a time zone. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const ms = ((at % 1000) + 1000) % 1000;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: hour * 60 + minute,
    clock: `${parts.hour}:${parts.minute}`,
    dayStart: at - ((hour * 60 + minute) * 60 + second) * 1000 - ms,
  };
}

/** "广东省" / "广东" / "广西壮族自治区" / "北京市" → the short name used as the rule key. */
export function provinceKey(name: string): string {
  return name.trim().replace(/(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/u, '');
}

function lookup<T>(table: Record<string, T>, province: string | null): T | undefined {
  if (!province) return undefined;
  const key = provinceKey(province);
  for (const [name, value] of Object.entries(table)) {
    if (provinceKey(name) === key) return value;
  }
  return undefined;
}

/**
 * The rule table by region. China is one time zone (Asia/Shanghai) today, but windows and zones
 * are looked up per province so that a tenant can set, say, later hours for 新疆 without code.
 */
export function windowsFor(settings: ComplianceSettings, province: string | null): TimeRange[] {
  return lookup(settings.windowsByProvince, province) ?? settings.windows;
}

export function timeZoneFor(settings: ComplianceSettings, province: string | null): string {
  return lookup(settings.timeZoneByProvince, province) ?? settings.timeZone;
}

export const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

export type WindowVerdict =
  | { ok: true; local: LocalTime; timeZone: string }
  | {
      ok: false;
      code: 'window.holiday' | 'window.outside';
      local: LocalTime;
      timeZone: string;
      windows: TimeRange[];
    };

/** Whether a call at `at` falls inside the callee's calling windows and not on a holiday. */
export function evaluateWindow(
  settings: ComplianceSettings,
  province: string | null,
  at: number,
): WindowVerdict {
  const timeZone = timeZoneFor(settings, province);
  const local = localTime(at, timeZone);
  const windows = windowsFor(settings, province);
  if (settings.holidays.includes(local.date)) {
    return { ok: false, code: 'window.holiday', local, timeZone, windows };
  }
  const inside = windows.some(
    (w) => local.minutes >= toMinutes(w.from) && local.minutes < toMinutes(w.to),
  );
  return inside
    ? { ok: true, local, timeZone }
    : { ok: false, code: 'window.outside', local, timeZone, windows };
}
