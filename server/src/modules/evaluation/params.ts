import { invalidInput } from '../../platform/index.ts';
import { tzOffsetMs } from './evaluate.service.ts';
import { BREAKDOWN_KEYS, SCENARIOS, type BreakdownKey, type Scenario } from './evaluation.types.ts';

// Parameters shared by `yunhu evaluate` and GET /api/evaluation, parsed the same way.

// Outside these years a range means a typo; epoch ms such as 9999999999999999999 also made
// Date arithmetic throw (a 500) further down.
const EARLIEST = Date.UTC(1899, 11, 31); // a day early: 1900-01-01 local east of UTC
const LATEST = Date.UTC(10000, 0, 1);

/** YYYY-MM-DD[ HH:mm[:ss]] in the tenant's time zone, epoch ms, or an ISO 8601 instant. */
export function parseDate(text: string, timeZone: string, name: string): number {
  const ms = parseInstant(text, timeZone, name);
  // Date.UTC reads years 0–99 as 1900–1999, so the year is checked as written too.
  const year = /^\d{4}-/.test(text) ? Number(text.slice(0, 4)) : 1900;
  if (!(ms >= EARLIEST && ms < LATEST) || year < 1900) {
    throw invalidInput('evaluation.date', `${name}: ${text} is outside the years 1900–9999`, {
      where: name,
    });
  }
  return ms;
}

function parseInstant(text: string, timeZone: string, name: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const check = new Date(asUtc);
    if (Number.isNaN(asUtc) || check.getUTCDate() !== Number(d)) {
      throw invalidInput('evaluation.date', `${name}: not a date: ${text}`, { where: name });
    }
    // Two passes settle the offset around daylight-saving changes.
    const first = asUtc - tzOffsetMs(timeZone, asUtc);
    return asUtc - tzOffsetMs(timeZone, first);
  }
  if (/^\d{10,}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw invalidInput(
      'evaluation.date',
      `${name}: expected YYYY-MM-DD or an ISO 8601 time, got "${text}"`,
      { where: name },
    );
  }
  return ms;
}

export function parseBy(text: string | undefined, name = 'by'): BreakdownKey[] | undefined {
  if (!text) return undefined;
  const keys = text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of keys) {
    if (!(BREAKDOWN_KEYS as readonly string[]).includes(k)) {
      throw invalidInput(
        'evaluation.by',
        `${name}: unknown dimension "${k}" (use ${BREAKDOWN_KEYS.join(', ')})`,
        { where: name },
      );
    }
  }
  return keys as BreakdownKey[];
}

export function parseScenario(text: string | undefined, name = 'scenario'): Scenario {
  if (text === undefined) return 'telemarketing';
  if (!(SCENARIOS as readonly string[]).includes(text)) {
    throw invalidInput('evaluation.scenario', `${name}: use ${SCENARIOS.join(', ')}`, {
      where: name,
    });
  }
  return text as Scenario;
}

export function parseRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
  names: [string, string] = ['from', 'to'],
): { from: number | null; to: number | null } {
  const f = from ? parseDate(from, timeZone, names[0]) : null;
  const t = to ? parseDate(to, timeZone, names[1]) : null;
  if (f !== null && t !== null && t <= f) {
    throw invalidInput('evaluation.range', `${names[1]} must be after ${names[0]}`, {
      where: names[1],
    });
  }
  return { from: f, to: t };
}
