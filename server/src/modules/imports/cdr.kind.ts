import type { CallDirection } from '../../db/index.ts';
import { maskPhone } from '../../platform/index.ts';
import { attributePhone, tryNormalizePhone } from '../phone/index.ts';
import { callRow } from './bank-marketing.kind.ts';
import { enumField, numberField } from './fields.ts';
import type { KindEnv, KindHandler, KindSession } from './kind.types.ts';
import type { SourceRow } from './imports.types.ts';
import { rowHash, stableId } from './stable-id.ts';
import { wallClockToEpoch } from './wall-clock.ts';

// The generic call detail record: one row per call, columns documented in docs/imports.md, so
// an operator can evaluate any existing call center from its own export (CSV or XLSX).

export const CDR_TIME_COLUMNS = [
  'ring_at',
  'answer_at',
  'agent_answer_at',
  'end_at',
  'ivr_entry_at',
  'ivr_exit_at',
  'queue_entry_at',
  'queue_exit_at',
] as const;
type TimeColumn = (typeof CDR_TIME_COLUMNS)[number];

const SOURCE = 'import:cdr';
const MAX_CALL_SECONDS = 86_400;
const MAX_NETWORK_MS = 60_000;
// Years outside this range are typos; Date.UTC would also read years 0–99 as 1900–1999.
const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;
const FLAG_TRUE = new Set(['1', 'true', 'yes', 'y', '是', 't']);
const FLAG_FALSE = new Set(['', '0', 'false', 'no', 'n', '否', 'f']);

export const cdr: KindHandler = {
  kind: 'cdr',
  label: 'cdr',
  delimiters: [',', ';', '\t'],
  requiredColumns: ['direction', 'started_at'],
  strictFieldCount: false,
  start: async (env) =>
    startSession(
      env,
      await env.lookup.agentIdsByRef(),
      await env.lookup.customerIdsByPhoneHash(),
      await env.lookup.campaignIds(),
    ),
};

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with an offset, or local wall-clock "YYYY-MM-DD HH:mm[:ss]" in timeZone. */
export function parseCdrTime(text: string, timeZone: string): number | null {
  if (ZONED_TIME.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = LOCAL_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s = '0', frac = '0'] = m.slice(1);
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined ||
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day
  ) {
    return null;
  }
  return (
    wallClockToEpoch(timeZone, year, month, day, hour, minute, second) + Number(frac.padEnd(3, '0'))
  );
}

function startSession(
  env: KindEnv,
  agentIds: Map<string, string>,
  customerIds: Map<string, string>,
  campaignIds: Map<string, string>,
): KindSession {
  const { ctx, tenant, out, report } = env;
  const tz = tenant.time_zone;
  const seenRefs = new Set<string>();

  const time = (r: SourceRow, column: string): number | null | undefined => {
    const text = r.values[column] ?? '';
    if (text === '') return undefined;
    const year = Number(/^\d{4}/.exec(text)?.[0] ?? NaN);
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      report.error(r.line, `"${text}" is outside the years ${FIRST_YEAR}–${LAST_YEAR}`, column);
      return null;
    }
    const at = parseCdrTime(text, tz);
    if (at === null) {
      report.error(
        r.line,
        `"${text}" is not a time (ISO 8601 with offset, or YYYY-MM-DD HH:mm:ss local)`,
        column,
      );
    }
    return at;
  };

  const flag = (r: SourceRow, column: string): 0 | 1 | null => {
    const text = (r.values[column] ?? '').toLowerCase();
    if (FLAG_TRUE.has(text)) return 1;
    if (FLAG_FALSE.has(text)) return 0;
    report.error(r.line, `"${r.values[column] ?? ''}" is not a yes/no flag (1/0)`, column);
    return null;
  };

  /** The customer side must be a valid number; the other side is kept as given if not. */
  const phone = (r: SourceRow, column: string, required: boolean): string | null | undefined => {
    const raw = r.values[column] ?? '';
    if (raw === '') {
      if (required) report.error(r.line, 'the customer number is empty', column);
      return required ? null : undefined;
    }
    const e164 = tryNormalizePhone(raw, 'CN');
    if (e164 === null && required) {
      report.error(r.line, `"${raw}" is not a valid phone number`, column);
      return null;
    }
    return e164 ?? raw;
  };

  function customerFor(e164: string, at: number): string {
    const hash = ctx.cipher.hash(e164);
    let id = customerIds.get(hash);
    if (!id) {
      id = stableId('cus', tenant.id, `cdr:phone:${hash}`);
      customerIds.set(hash, id);
      const where = attributePhone(e164);
      out.add('customers', {
        id,
        tenant_id: tenant.id,
        name: null,
        phone: ctx.cipher.seal(e164),
        phone_hash: hash,
        phone_masked: maskPhone(e164),
        province: where.province,
        city: where.city,
        carrier: where.carrier,
        attributes: JSON.stringify({ source: 'cdr' }),
        external_ref: null,
        created_at: at,
        updated_at: at,
      });
    }
    return id;
  }

  function agentFor(name: string, at: number): string {
    let id = agentIds.get(name);
    if (!id) {
      id = stableId('agt', tenant.id, `agent:${name}`);
      agentIds.set(name, id);
      out.add('agents', {
        id,
        tenant_id: tenant.id,
        user_id: null,
        name,
        extension: null,
        team_id: null,
        skills: '[]',
        sip_password: null,
        external_ref: name,
        created_at: at,
      });
    }
    return id;
  }

  function campaignFor(name: string, at: number): string {
    let id = campaignIds.get(name);
    if (!id) {
      const ref = `cdr:${name}`;
      id = stableId('cmp', tenant.id, ref);
      campaignIds.set(name, id);
      out.add('campaigns', {
        id,
        tenant_id: tenant.id,
        name,
        dial_mode: 'import',
        status: 'completed',
        settings: JSON.stringify({ source: 'cdr' }),
        external_ref: ref,
        created_at: at,
      });
    }
    return id;
  }

  function row(r: SourceRow): void {
    const direction = enumField<CallDirection>(r, 'direction', ['inbound', 'outbound'], report);
    const started = time(r, 'started_at');
    if (started === undefined) report.error(r.line, 'started_at is empty', 'started_at');
    const caller = phone(r, 'caller', direction === 'inbound');
    const callee = phone(r, 'callee', direction === 'outbound');
    const times: Partial<Record<TimeColumn, number | null>> = {};
    for (const c of CDR_TIME_COLUMNS) {
      const at = time(r, c);
      if (at !== undefined) times[c] = at;
    }
    // A duration over a day is a unit mistake (ms for s); unbounded, talk_seconds=1e308 once
    // stored end_at = Infinity and the evaluation scored the calls' handle time 0.
    const secs = (c: string) => numberField(r, c, report, { min: 0, max: MAX_CALL_SECONDS });
    const ringSeconds = secs('ring_seconds');
    const answerSeconds = secs('answer_seconds');
    const talkSeconds = secs('talk_seconds');
    const durationSeconds = secs('duration_seconds');
    const acw = secs('acw_seconds');
    const billed = secs('billed_seconds');
    const cost = numberField(r, 'cost', report, { min: 0 });
    const loss = numberField(r, 'loss_pct', report, { min: 0, max: 100 });
    const jitter = numberField(r, 'jitter_ms', report, { min: 0, max: MAX_NETWORK_MS });
    const rtt = numberField(r, 'rtt_ms', report, { min: 0, max: MAX_NETWORK_MS });
    const mos = numberField(r, 'mos', report, { min: 1, max: 5 });
    const sipText = r.values.sip_status ?? '';
    const sip =
      sipText === '' ? undefined : numberField(r, 'sip_status', report, { min: 100, max: 699 });
    const core = flag(r, 'core_info_delivered');
    const videoOffered = flag(r, 'video_offered');
    const videoEstablished = flag(r, 'video_established');
    if (
      direction === null ||
      started === null ||
      started === undefined ||
      caller === null ||
      callee === null ||
      Object.values(times).includes(null) ||
      [
        ringSeconds,
        answerSeconds,
        talkSeconds,
        durationSeconds,
        acw,
        billed,
        cost,
        loss,
        jitter,
        rtt,
        mos,
        sip,
      ].includes(null) ||
      core === null ||
      videoOffered === null ||
      videoEstablished === null
    ) {
      return;
    }
    // Durations fill in instants the row does not give directly.
    const ringAt =
      times.ring_at ??
      (ringSeconds !== undefined && ringSeconds !== null ? started + ringSeconds * 1000 : null);
    const answerAt =
      times.answer_at ??
      (answerSeconds !== undefined && answerSeconds !== null
        ? started + answerSeconds * 1000
        : null);
    let endAt = times.end_at ?? null;
    if (endAt === null && answerAt !== null && talkSeconds !== undefined && talkSeconds !== null) {
      endAt = answerAt + talkSeconds * 1000;
    }
    if (endAt === null && durationSeconds !== undefined && durationSeconds !== null) {
      endAt = started + durationSeconds * 1000;
    }
    const order: [string, number | null][] = [
      ['ring_at', ringAt],
      ['answer_at', answerAt],
      ['end_at', endAt],
    ];
    for (const [column, at] of order) {
      if (at !== null && at < started) {
        report.error(r.line, `${column} is before started_at`, column);
        return;
      }
    }
    if (answerAt !== null && endAt !== null && endAt < answerAt) {
      report.error(r.line, 'end_at is before answer_at', 'end_at');
      return;
    }
    const callId = r.values.call_id ?? '';
    const ref = callId !== '' ? `cdr:${callId}` : `cdr:row:${rowHash(r.cells)}`;
    if (seenRefs.has(ref)) {
      report.error(r.line, `call_id "${callId}" appears twice in the file`, 'call_id');
      return;
    }
    seenRefs.add(ref);
    if (report.failed) return;

    const customerNumber = direction === 'outbound' ? callee : caller;
    const customerId =
      customerNumber !== undefined && customerNumber.startsWith('+')
        ? customerFor(customerNumber, started)
        : null;
    const calleeWhere = callee?.startsWith('+') ? attributePhone(callee) : null;
    const agent = r.values.agent ?? '';
    const campaign = r.values.campaign ?? '';
    // Without agent_answer_at, an agent on the row answered when the callee answered
    // (outbound) or when the call left the queue / IVR (inbound).
    const agentAnswerAt =
      times.agent_answer_at ??
      (agent === '' || answerAt === null
        ? null
        : direction === 'outbound'
          ? answerAt
          : (times.queue_exit_at ?? times.ivr_exit_at ?? answerAt));
    report.span(started);
    out.add(
      'call_records',
      callRow({
        id: stableId('call', tenant.id, ref),
        tenant_id: tenant.id,
        direction,
        caller: caller === undefined ? null : ctx.cipher.seal(caller),
        callee: callee === undefined ? null : ctx.cipher.seal(callee),
        callee_province: calleeWhere?.province ?? null,
        callee_city: calleeWhere?.city ?? null,
        callee_carrier: calleeWhere?.carrier ?? null,
        customer_id: customerId,
        trunk_id: (r.values.trunk ?? '') || null,
        caller_id_used: direction === 'outbound' && caller?.startsWith('+') ? caller : null,
        campaign_id: campaign === '' ? null : campaignFor(campaign, started),
        queue_id: (r.values.queue ?? '') || null,
        agent_id: agent === '' ? null : agentFor(agent, started),
        created_at: started,
        ring_at: ringAt,
        answer_at: answerAt,
        agent_answer_at: agentAnswerAt,
        end_at: endAt,
        ivr_entry_at: times.ivr_entry_at ?? null,
        ivr_exit_at: times.ivr_exit_at ?? null,
        queue_entry_at: times.queue_entry_at ?? null,
        queue_exit_at: times.queue_exit_at ?? null,
        disposition: (r.values.disposition ?? '') || null,
        hangup_cause: (r.values.hangup_cause ?? '') || null,
        sip_status: sip ?? null,
        core_info_delivered: core,
        acw_seconds: acw ?? null,
        billed_seconds: billed ?? null,
        billed_cost: cost ?? null,
        loss_pct: loss ?? null,
        jitter_ms: jitter ?? null,
        rtt_ms: rtt ?? null,
        mos: mos ?? null,
        video_offered: videoOffered,
        video_established: videoEstablished,
        source: SOURCE,
        external_ref: ref,
      }),
    );
  }

  return { row, finish: () => undefined };
}
