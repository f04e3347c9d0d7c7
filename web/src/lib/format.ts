import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TZ = 'Asia/Shanghai';
let currentTz = DEFAULT_TZ;

/** The tenant's zone; times are stored as UTC epoch ms and shown in it. */
export function setTimeZone(tz: string | undefined): void {
  currentTz = tz || DEFAULT_TZ;
}
export const timeZone = (): string => currentTz;

export function fmtTime(ms: number | null | undefined, withSeconds = false): string {
  if (ms === null || ms === undefined) return '—';
  return dayjs(ms)
    .tz(currentTz)
    .format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function fmtDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return dayjs(ms).tz(currentTz).format('YYYY-MM-DD');
}

/** Start of a calendar day in the tenant zone, as epoch ms. */
export function dayStart(date: string): number {
  return dayjs.tz(date, currentTz).startOf('day').valueOf();
}

export function fmtNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Formats a metric value by its unit; rates are fractions 0..1 on the wire. */
export function fmtMetric(v: number | null | undefined, unit: string | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'ratio':
    case 'rate':
    case 'percent':
    case '%':
      return `${(unit === 'percent' || unit === '%' ? v : v * 100).toFixed(2)}%`;
    case 's':
    case 'seconds':
      // Per-agent totals run into hundreds of hours; seconds stay for waits and handle times.
      return Math.abs(v) >= 36_000 ? `${fmtNumber(v / 3600, 1)} h` : `${fmtNumber(v, 1)} s`;
    case 'ms':
      return `${fmtNumber(v, 0)} ms`;
    case 'min':
    case 'minutes':
      return `${fmtNumber(v, 1)} min`;
    case 'points':
      return fmtNumber(v, 1);
    case 'calls':
      return fmtNumber(v, 1);
    case 'CNY':
    case 'currency':
      return `¥${fmtNumber(v, 2)}`;
    case undefined:
      return fmtNumber(v);
    default:
      return unit !== 'count' && unit !== 'score' && unit !== 'number'
        ? `${fmtNumber(v)} ${unit}`
        : fmtNumber(v);
  }
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = String(m).padStart(2, '0');
  const rr = String(r).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${rr}` : `${mm}:${rr}`;
}
