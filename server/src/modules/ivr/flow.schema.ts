// IVR flows as JSON: a map of nodes, each one verb, linked by node ids. Validation (zod) names
// the path of the bad field, e.g. `nodes.menu.options.3: unknown node "sales2"`.
import { z } from 'zod';
import { invalidInput } from '../../platform/index.ts';

const nodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'node id: letters, digits, - or _');
/** A generated prompt's name (`menu`, `queue-position-3`) or an absolute path to a WAV file. */
const prompt = z
  .string()
  .regex(
    /^([a-z0-9-]{1,64}|\/.+\.wav)$/,
    'prompt: a prompt name (a-z, 0-9, -) or an absolute .wav path',
  );
const digitsTimeout = z.number().int().min(500).max(60_000);
const retries = z.number().int().min(0).max(9);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +8613800138000');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM (00:00–24:00)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const varName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable name: letters, digits, _');

const playNode = z.strictObject({ verb: z.literal('play'), prompt, next: nodeId });

const collectNode = z.strictObject({
  verb: z.literal('collect'),
  prompt: prompt.optional(),
  /** Variable that receives the digits. */
  var: varName,
  minDigits: z.number().int().min(1).max(32).default(1),
  maxDigits: z.number().int().min(1).max(32).default(1),
  timeoutMs: digitsTimeout.default(5000),
  interDigitTimeoutMs: digitsTimeout.default(3000),
  terminators: z
    .string()
    .regex(/^[#*]*$/)
    .default('#'),
  retries: retries.default(2),
  invalidPrompt: prompt.default('invalid'),
  timeoutPrompt: prompt.default('timeout'),
  next: nodeId,
  /** After the last retry; without it the IVR ends with hangup 'no-input'. */
  onInvalid: nodeId.optional(),
  onTimeout: nodeId.optional(),
});

const menuNode = z.strictObject({
  verb: z.literal('menu'),
  prompt,
  options: z.record(z.string().regex(/^[0-9*#]$/, 'menu key: one of 0-9 * #'), nodeId),
  timeoutMs: digitsTimeout.default(5000),
  retries: retries.default(2),
  invalidPrompt: prompt.default('invalid'),
  timeoutPrompt: prompt.default('timeout'),
  /** Variable that receives the key pressed (optional). */
  var: varName.optional(),
  onInvalid: nodeId.optional(),
  onTimeout: nodeId.optional(),
});

const intervals = z.array(z.tuple([hhmm, hhmm]));
const weekly = z.strictObject({
  mon: intervals.optional(),
  tue: intervals.optional(),
  wed: intervals.optional(),
  thu: intervals.optional(),
  fri: intervals.optional(),
  sat: intervals.optional(),
  sun: intervals.optional(),
});

const hoursNode = z.strictObject({
  verb: z.literal('hours'),
  /** IANA zone; default: the tenant's (IvrRunOptions.timeZone), else Asia/Shanghai. */
  timeZone: z.string().optional(),
  weekly,
  /** Closed all day (public holidays). */
  holidays: z.array(z.strictObject({ date: isoDate, name: z.string().optional() })).default([]),
  /** Open on these dates with the given hours even if weekly says closed (China's 调休 workdays). */
  workdays: z.array(z.strictObject({ date: isoDate, hours: intervals })).default([]),
  open: nodeId,
  closed: nodeId,
  /** Optional: branch for a holiday instead of `closed`. */
  holiday: nodeId.optional(),
});

const setNode = z.strictObject({
  verb: z.literal('set'),
  /** Values may use {{name}} to copy another variable. */
  vars: z.record(varName, z.string().max(256)),
  next: nodeId,
});

const queueNode = z.strictObject({
  verb: z.literal('queue'),
  queueId: z.string().min(1).max(64),
  prompt: prompt.optional(),
  priority: z.number().int().min(0).max(9).default(0),
  skills: z.array(z.string().min(1).max(64)).default([]),
});

const hangupNode = z.strictObject({ verb: z.literal('hangup'), prompt: prompt.optional() });

const voicemailNode = z.strictObject({
  verb: z.literal('voicemail'),
  prompt: prompt.default('voicemail'),
  mailbox: z.string().max(64).optional(),
  maxMs: z.number().int().min(1000).max(600_000).default(120_000),
  /** Digits that end the message (default '#'). */
  terminators: z
    .string()
    .regex(/^[#*]*$/)
    .default('#'),
});

const callbackNode = z.strictObject({
  verb: z.literal('callback'),
  /** Variable holding the number to call back (digits); default: the caller's number. */
  numberVar: varName.optional(),
  prompt: prompt.default('callback'),
  queueId: z.string().min(1).max(64).optional(),
});

const transferNode = z.strictObject({
  verb: z.literal('transfer'),
  number: e164,
  prompt: prompt.optional(),
});

const surveyNode = z.strictObject({
  verb: z.literal('survey'),
  surveyId: z.string().max(64).optional(),
  next: nodeId,
});

export const ivrNodeSchema = z.discriminatedUnion('verb', [
  playNode,
  collectNode,
  menuNode,
  hoursNode,
  setNode,
  queueNode,
  hangupNode,
  voicemailNode,
  callbackNode,
  transferNode,
  surveyNode,
]);

export type IvrNode = z.infer<typeof ivrNodeSchema>;
export type IvrVerbName = IvrNode['verb'];
export type NodeOf<V extends IvrVerbName> = Extract<IvrNode, { verb: V }>;

/** Fields of each verb that name another node (checked to exist). */
const LINKS = ['next', 'onInvalid', 'onTimeout', 'open', 'closed', 'holiday'] as const;

export const ivrFlowSchema = z
  .strictObject({
    id: nodeId,
    name: z.string().min(1).max(128),
    language: z.enum(['zh', 'en']).default('zh'),
    start: nodeId,
    nodes: z.record(nodeId, ivrNodeSchema),
  })
  .superRefine((flow, ctx) => {
    const known = (id: string) => Object.hasOwn(flow.nodes, id);
    if (!known(flow.start)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: `unknown node "${flow.start}"` });
    }
    for (const [id, node] of Object.entries(flow.nodes)) {
      for (const link of LINKS) {
        const target = (node as Record<string, unknown>)[link];
        if (typeof target === 'string' && !known(target)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nodes', id, link],
            message: `unknown node "${target}"`,
          });
        }
      }
      if (node.verb === 'menu') {
        for (const [key, target] of Object.entries(node.options)) {
          if (!known(target)) {
            ctx.addIssue({
              code: 'custom',
              path: ['nodes', id, 'options', key],
              message: `unknown node "${target}"`,
            });
          }
        }
        if (Object.keys(node.options).length === 0) {
          ctx.addIssue({ code: 'custom', path: ['nodes', id, 'options'], message: 'no options' });
        }
      }
      if (node.verb === 'collect' && node.minDigits > node.maxDigits) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', id, 'minDigits'],
          message: 'minDigits is larger than maxDigits',
        });
      }
      if (node.verb === 'hours') {
        const zone = node.timeZone;
        if (zone !== undefined && !isTimeZone(zone)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nodes', id, 'timeZone'],
            message: `unknown time zone "${zone}"`,
          });
        }
      }
    }
  });

export type IvrFlow = z.infer<typeof ivrFlowSchema>;
/** The JSON as written (defaults not yet applied). */
export type IvrFlowInput = z.input<typeof ivrFlowSchema>;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a flow; the issues name the path of each bad field (`nodes.menu.timeoutMs`). */
export function validateIvrFlow(
  input: unknown,
): { ok: true; flow: IvrFlow } | { ok: false; issues: { path: string; message: string }[] } {
  const parsed = ivrFlowSchema.safeParse(input);
  if (parsed.success) return { ok: true, flow: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.map(String).join('.') : '(flow)',
      message: issue.message,
    })),
  };
}

/** Parses a flow or throws AppError invalid_input `ivr_flow_invalid` (details: every issue). */
export function parseIvrFlow(input: unknown): IvrFlow {
  const result = validateIvrFlow(input);
  if (result.ok) return result.flow;
  const text = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw invalidInput('ivr_flow_invalid', `invalid IVR flow: ${text}`, {
    where: result.issues[0]?.path,
    details: result.issues,
  });
}
