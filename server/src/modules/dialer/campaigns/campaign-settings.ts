import { z } from 'zod';
import { invalidInput } from '../../../platform/index.ts';
import { MIN_RING_TIMEOUT_MS } from '../pacing/index.ts';

// A campaign's settings (campaigns.settings JSON): dial mode, trunk, caller-ID pool, retry rules,
// pacing cap, and the company named in the abandon message. Validated on create and on load.

export const DIAL_MODES = ['preview', 'progressive', 'predictive'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

/** How a dial attempt ended, from the dialer's point of view (drives retries and dispositions). */
export const ATTEMPT_RESULTS = [
  'connected',
  'abandoned',
  'busy',
  'no_answer',
  'failed',
  'invalid_number',
  'machine',
] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

const retryRule = z.object({
  /** Minutes before the next attempt after this result. */
  afterMinutes: z
    .number()
    .min(0)
    .max(60 * 24 * 30),
});

const trunkSchema = z.object({
  /** Request-URI template; `{number}` is replaced by the callee's E.164 number. */
  uri: z.string().min(1).includes('{number}'),
  proxy: z.string().optional(),
  auth: z.object({ username: z.string(), password: z.string() }).optional(),
  /** Trunk id written to call_records.trunk_id. */
  id: z.string().default('trunk-default'),
  tariff: z
    .object({
      perMinute: z.number().min(0),
      /** "60/6", "60/60", "6/6" … */
      increment: z.string().default('60/6'),
      connectionFee: z.number().min(0).optional(),
    })
    .default({ perMinute: 0.1, increment: '60/6' }),
});

export const campaignSettingsSchema = z.object({
  trunk: trunkSchema,
  /** E.164 caller IDs; the healthiest least-used one is picked per attempt. */
  callerIds: z.array(z.string().min(3)).min(1),
  /** Company named in the abandon message ("您好，这里是{company}…"). */
  company: z.string().min(1).max(40),
  abandonCap: z.number().min(0).max(0.5).default(0.03),
  /** Answered calls not on an agent within this are abandoned (issue 6: 2 s). */
  connectLimitMs: z.number().int().min(500).max(10_000).default(2000),
  /** How long an unanswered call rings before the dialer gives up; never under 15 s. */
  ringTimeoutMs: z.number().int().min(MIN_RING_TIMEOUT_MS).max(120_000).default(25_000),
  /** Agent after-call work before the agent is ready again. */
  wrapUpMs: z.number().int().min(0).max(600_000).default(5000),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  retry: z
    .object({
      busy: retryRule.default({ afterMinutes: 30 }),
      no_answer: retryRule.default({ afterMinutes: 120 }),
      failed: retryRule.default({ afterMinutes: 60 }),
      machine: retryRule.default({ afterMinutes: 240 }),
      abandoned: retryRule.default({ afterMinutes: 72 * 60 }),
    })
    .default({
      busy: { afterMinutes: 30 },
      no_answer: { afterMinutes: 120 },
      failed: { afterMinutes: 60 },
      machine: { afterMinutes: 240 },
      abandoned: { afterMinutes: 72 * 60 },
    }),
  /** Campaign schedule in the tenant's zone: ISO weekdays (1 = Monday) and hours "HH:MM". */
  schedule: z
    .object({
      days: z.array(z.number().int().min(1).max(7)).min(1),
      from: z.string().regex(/^\d\d:\d\d$/),
      to: z.string().regex(/^\d\d:\d\d$/),
      timeZone: z.string().default('Asia/Shanghai'),
    })
    .optional(),
});

export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;

export function parseCampaignSettings(raw: unknown): CampaignSettings {
  const parsed = campaignSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(
      'campaign.settings',
      `Campaign settings: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
    );
  }
  return parsed.data;
}

/** Is `at` inside the campaign schedule (no schedule: always; the compliance gate still applies)? */
export function inSchedule(settings: CampaignSettings, at: number): boolean {
  const s = settings.schedule;
  if (!s) return true;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: s.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const hhmm = `${get('hour')}:${get('minute')}`;
  return s.days.includes(weekday) && hhmm >= s.from && hhmm < s.to;
}
