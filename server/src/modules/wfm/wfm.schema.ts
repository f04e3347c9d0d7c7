import { z } from 'zod';
import { invalidInput } from '../../platform/index.ts';

// One input schema for `yunhu plan` and GET /api/wfm/plan: both hand over strings (argv, query)
// under the same camelCase names, so both validate and default the same way.

// Bounds that keep one request cheap: the Erlang recursions run once per agent, so a load of
// 10^11 Erlangs (calls=1e12) froze the process for hours and agents=1e12..1e12+1 crashed it.
// 10,000 Erlangs in one queue is beyond the largest call centres and still plans in ~0.2 s
// (Erlang A, patience 600 s; its cost grows with the square of the load).
export const MAX_LOAD_ERLANGS = 10_000;
export const MAX_AGENTS = 100_000;

const num = z.coerce.number().refine(Number.isFinite, 'must be a finite number');
const rate = num.pipe(z.number().min(0).max(1));
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === '');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
/** "none" (null) switches the default 30 s wait target off, e.g. to plan by service level alone. */
const targetWait = z
  .union([z.literal('none'), num.pipe(z.number().positive())])
  .transform((v) => (v === 'none' ? null : v));

export const planInputSchema = z
  .object({
    fromHistory: flag.default(false),
    calls: num.pipe(z.number().min(0)).optional(),
    intervalMinutes: num.pipe(z.number().positive().max(1440)).optional(),
    aht: num.pipe(z.number().positive()).optional(),
    patience: num.pipe(z.number().positive()).optional(),
    slSeconds: num.pipe(z.number().min(0)).default(20),
    targetWait: targetWait.default(30),
    slGoal: rate.optional(),
    maxAbandon: rate.optional(),
    maxOccupancy: rate.optional(),
    agents: z
      .string()
      .regex(/^\d+\.\.\d+$/, 'must be FROM..TO, e.g. 11..14')
      .refine((s) => {
        const [from, to] = s.split('..').map(Number);
        return (
          (from ?? 0) >= 0 &&
          (to ?? 0) >= (from ?? 0) &&
          (to ?? 0) - (from ?? 0) <= 1000 &&
          (to ?? 0) <= MAX_AGENTS
        );
      }, `FROM must not exceed TO, at most 1000 rows, TO at most ${MAX_AGENTS}`)
      .optional(),
    shrinkage: num.pipe(z.number().min(0).lt(1)).default(0.3),
    // History mode.
    weekday: z.string().optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    weeks: num.pipe(z.number().int().positive().max(520)).default(8),
    model: z.enum(['erlang-a', 'erlang-c']).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.fromHistory) {
      if (v.intervalMinutes !== undefined && ![15, 30, 60].includes(v.intervalMinutes)) {
        ctx.addIssue({
          code: 'custom',
          path: ['intervalMinutes'],
          message: 'must be 15, 30 or 60',
        });
      }
      return;
    }
    for (const key of ['calls', 'intervalMinutes', 'aht'] as const) {
      if (v[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required without fromHistory' });
      }
    }
    if (v.calls === undefined || v.intervalMinutes === undefined || v.aht === undefined) return;
    const load = (v.calls * v.aht) / (v.intervalMinutes * 60);
    if (load > MAX_LOAD_ERLANGS) {
      ctx.addIssue({
        code: 'custom',
        path: ['calls'],
        message:
          `gives an offered load of ${load.toPrecision(3)} Erlangs with aht and ` +
          `intervalMinutes, over ${MAX_LOAD_ERLANGS.toLocaleString('en')} (check the units: ` +
          'calls per interval, aht in seconds)',
      });
    }
  });

export type PlanInput = z.output<typeof planInputSchema>;

export function parsePlanInput(raw: Record<string, unknown>): PlanInput {
  const parsed = planInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  throw invalidInput('wfm.invalid_input', `${where ? `${where} ` : ''}${issue?.message ?? ''}`, {
    where,
    details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const weekdayIndex = (token: string): number => {
  const t = token.trim().toLowerCase();
  const byName = WEEKDAY_NAMES.findIndex((n) => t.startsWith(n));
  if (byName >= 0) return byName;
  if (/^[0-6]$/.test(t)) return Number(t);
  throw invalidInput('wfm.weekday', `Unknown weekday "${token}" (use sun…sat or 0…6)`, {
    where: 'weekday',
  });
};

/**
 * Weekday groups to forecast. Absent or "all": each weekday on its own. Otherwise one pooled
 * profile of the days listed: "sun-thu" (ranges wrap: "thu-sun"), "mon,wed", "0..4", "tue".
 */
export function parseWeekdays(spec: string | undefined): number[][] {
  if (spec === undefined || spec.trim() === '' || spec.trim().toLowerCase() === 'all') {
    return [0, 1, 2, 3, 4, 5, 6].map((d) => [d]);
  }
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const range = part.split(/\.\.|-/);
    if (range.length === 2) {
      const from = weekdayIndex(range[0] ?? '');
      const to = weekdayIndex(range[1] ?? '');
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
    } else {
      days.add(weekdayIndex(part));
    }
  }
  return [[...days].sort((a, b) => a - b)];
}

export const weekdayLabel = (days: number[]): string =>
  days.length === 7 ? 'all' : days.map((d) => WEEKDAY_NAMES[d] ?? String(d)).join(',');
