import type { CallRecordTable } from '../../db/index.ts';
import { daysInMonth, enumField, intField } from './fields.ts';
import type { KindEnv, KindHandler, KindSession } from './kind.types.ts';
import type { SourceRow } from './imports.types.ts';
import { rowHash, stableBase, stableId } from './stable-id.ts';
import { wallClockToEpoch } from './wall-clock.ts';

// UCI Bank Marketing (bank-full.csv): one row per client with the outcome of the last contact of
// the campaign. Mapping and limits are documented in docs/imports.md.

const COLUMNS = [
  'age',
  'job',
  'marital',
  'education',
  'default',
  'balance',
  'housing',
  'loan',
  'contact',
  'day',
  'month',
  'duration',
  'campaign',
  'pdays',
  'previous',
  'poutcome',
  'y',
] as const;

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;

/** The file starts in May 2008 and is ordered by date (README); the year is not in the data. */
export const BANK_FIRST_YEAR = 2008;
/** The data has dates but no clock times: contacts are placed at this local hour. */
const CONTACT_HOUR = 12;
const DAY_MS = 86_400_000;
export const BANK_CAMPAIGN_REF = 'bank-marketing';
const SOURCE = 'import:bank-marketing';

export const bankMarketing: KindHandler = {
  kind: 'bank-marketing',
  label: 'bank-marketing',
  delimiters: [';'],
  requiredColumns: COLUMNS,
  strictFieldCount: true,
  start: (env) => Promise.resolve(startSession(env)),
};

function startSession(env: KindEnv): KindSession {
  const { tenant, out, report } = env;
  const tz = tenant.time_zone;
  const campaignId = stableId('cmp', tenant.id, BANK_CAMPAIGN_REF);
  const seen = new Map<string, number>();
  let year = BANK_FIRST_YEAR;
  let previousMonth: number | null = null;
  let yearWraps = 0;
  let firstAt: number | null = null;
  // Local midnight of each date, computed once per date (the file has ~300 dates).
  const midnights = new Map<number, number>();
  const dayStart = (y: number, m: number, d: number): number => {
    const key = (y * 100 + m) * 100 + d;
    let at = midnights.get(key);
    if (at === undefined) {
      at = wallClockToEpoch(tz, y, m, d);
      midnights.set(key, at);
    }
    return at;
  };

  report.note(
    'bank-marketing: the file records only the last contact of each client; the earlier ' +
      'contacts (campaign − 1 per client) are stored as outbound attempts with disposition ' +
      "'outcome_unknown', so connection_rate has no data (campaign settings.attemptOutcomesKnown = false).",
  );
  report.note(
    `bank-marketing: the year is inferred from month wrap-around starting in May ${BANK_FIRST_YEAR}; ` +
      `contacts are placed at ${CONTACT_HOUR}:00 local time, earlier attempts one day apart before the last one.`,
  );
  report.note('bank-marketing: no agents, phone numbers, intent tags or deal amounts in the data.');

  function row(r: SourceRow): void {
    const month = enumField(r, 'month', MONTHS, report);
    const day = intField(r, 'day', report, { min: 1, max: 31 });
    const age = intField(r, 'age', report, { min: 0, max: 150 });
    const balance = intField(r, 'balance', report);
    const duration = intField(r, 'duration', report, { min: 0, max: 86_400 });
    const attempts = intField(r, 'campaign', report, { min: 1, max: 1_000 });
    const pdays = intField(r, 'pdays', report, { min: -1 });
    const previous = intField(r, 'previous', report, { min: 0 });
    const y = enumField(r, 'y', ['yes', 'no'] as const, report);
    if (month === null) return;
    // Year from month wrap-around: the file is ordered by date.
    const monthIndex = MONTHS.indexOf(month);
    if (previousMonth !== null && monthIndex < previousMonth) {
      year += 1;
      yearWraps += 1;
    }
    previousMonth = monthIndex;
    if (
      day === null ||
      age === null ||
      balance === null ||
      duration === null ||
      attempts === null ||
      pdays === null ||
      previous === null ||
      y === null
    ) {
      return;
    }
    if (day > daysInMonth(year, monthIndex + 1)) {
      report.error(r.line, `day ${day} does not exist in ${month} ${year}`, 'day');
      return;
    }
    if (report.failed) return; // keep validating, stop building rows

    const hash = rowHash(r.cells);
    const dup = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, dup);
    const ref = `bank-marketing:${hash}:${dup}`;
    const base = stableBase(tenant.id, ref);
    const customerId = `cus_${base}`;
    const leadId = `lead_${base}`;
    const entryId = `ent_${base}`;
    const lastAt = dayStart(year, monthIndex + 1, day) + CONTACT_HOUR * 3_600_000;
    const firstAttemptAt = lastAt - (attempts - 1) * DAY_MS;
    const endAt = lastAt + duration * 1000;
    const won = y === 'yes';
    firstAt = firstAt === null ? firstAttemptAt : Math.min(firstAt, firstAttemptAt);
    report.span(firstAttemptAt);
    report.span(lastAt);

    const attributes = {
      age,
      job: r.values.job,
      marital: r.values.marital,
      education: r.values.education,
      default: r.values.default,
      balance,
      housing: r.values.housing,
      loan: r.values.loan,
      contact: r.values.contact,
      pdays,
      previous,
      poutcome: r.values.poutcome,
      subscribed: won,
      source: 'bank-marketing',
      sourceLine: r.line,
    };
    out.add('customers', {
      id: customerId,
      tenant_id: tenant.id,
      name: null,
      phone: null,
      phone_hash: null,
      phone_masked: null,
      province: null,
      city: null,
      carrier: null,
      attributes: JSON.stringify(attributes),
      external_ref: ref,
      created_at: firstAttemptAt,
      updated_at: endAt,
    });
    out.add('leads', {
      id: leadId,
      tenant_id: tenant.id,
      customer_id: customerId,
      campaign_id: campaignId,
      pool: 'public',
      owner_user_id: null,
      source: SOURCE,
      status: won ? 'won' : 'lost',
      intent_level: null,
      created_at: firstAttemptAt,
      updated_at: endAt,
    });
    out.add('campaign_entries', {
      id: entryId,
      tenant_id: tenant.id,
      campaign_id: campaignId,
      lead_id: leadId,
      customer_id: customerId,
      planned_at: firstAttemptAt,
      state: 'reached',
      final: 1,
      final_at: endAt,
      attempts,
      last_result: won ? 'subscribed' : 'declined',
      next_attempt_at: null,
    });
    let lastCallId = '';
    for (let k = 1; k <= attempts; k += 1) {
      const last = k === attempts;
      const at = lastAt - (attempts - k) * DAY_MS;
      const callRef = `${ref}:call:${k}`;
      const id = `call_${base}_${k}`;
      if (last) lastCallId = id;
      out.add(
        'call_records',
        callRow({
          id,
          tenant_id: tenant.id,
          direction: 'outbound',
          customer_id: customerId,
          campaign_id: campaignId,
          entry_id: entryId,
          created_at: at,
          answer_at: last ? at : null,
          agent_answer_at: last ? at : null,
          end_at: last ? endAt : null,
          disposition: last ? (won ? 'subscribed' : 'declined') : 'outcome_unknown',
          source: SOURCE,
          external_ref: callRef,
        }),
      );
    }
    if (won) {
      out.add('deals', {
        id: `deal_${base}`,
        tenant_id: tenant.id,
        customer_id: customerId,
        lead_id: leadId,
        call_id: lastCallId,
        amount: 0,
        currency: 'EUR',
        stage: 'closed_won',
        closed_won_at: endAt,
        external_ref: `${ref}:deal`,
        created_at: endAt,
      });
    }
  }

  function finish(): void {
    const lastYear = BANK_FIRST_YEAR + yearWraps;
    out.add('campaigns', {
      id: campaignId,
      tenant_id: tenant.id,
      name: 'UCI Bank Marketing — term deposit (Portugal, 2008–2010)',
      dial_mode: 'import',
      status: 'completed',
      settings: JSON.stringify({
        source: 'bank-marketing',
        attemptOutcomesKnown: false,
        attemptOutcomesNote:
          'The source records only the last contact of each client; earlier attempts have no ' +
          "outcome (disposition 'outcome_unknown'), so connection_rate is no data.",
        dataset: 'UCI Bank Marketing (Moro, Cortez, Rita), CC BY 4.0, doi:10.24432/C5K306',
        years: `${BANK_FIRST_YEAR}–${lastYear} (inferred from month order)`,
      }),
      external_ref: BANK_CAMPAIGN_REF,
      created_at: firstAt ?? env.ctx.clock.now(),
    });
  }

  return { row, finish };
}

type CallInput = Pick<
  CallRecordTable,
  'id' | 'tenant_id' | 'direction' | 'created_at' | 'source' | 'external_ref'
> &
  Partial<CallRecordTable>;

/**
 * A complete call record: columns the data does not know are null. Built as one literal of a
 * fixed shape (spreading a template into ~45 keys per row was the importer's hottest line).
 */
export function callRow(c: CallInput): CallRecordTable {
  return {
    id: c.id,
    tenant_id: c.tenant_id,
    direction: c.direction,
    caller: c.caller ?? null,
    callee: c.callee ?? null,
    callee_province: c.callee_province ?? null,
    callee_city: c.callee_city ?? null,
    callee_carrier: c.callee_carrier ?? null,
    customer_id: c.customer_id ?? null,
    trunk_id: c.trunk_id ?? null,
    caller_id_used: c.caller_id_used ?? null,
    campaign_id: c.campaign_id ?? null,
    entry_id: c.entry_id ?? null,
    queue_id: c.queue_id ?? null,
    agent_id: c.agent_id ?? null,
    team_id: c.team_id ?? null,
    created_at: c.created_at,
    ring_at: c.ring_at ?? null,
    answer_at: c.answer_at ?? null,
    agent_answer_at: c.agent_answer_at ?? null,
    end_at: c.end_at ?? null,
    ivr_entry_at: c.ivr_entry_at ?? null,
    ivr_exit_at: c.ivr_exit_at ?? null,
    queue_entry_at: c.queue_entry_at ?? null,
    queue_exit_at: c.queue_exit_at ?? null,
    status: c.status ?? 'completed',
    disposition: c.disposition ?? null,
    hangup_cause: c.hangup_cause ?? null,
    sip_status: c.sip_status ?? null,
    core_info_delivered: c.core_info_delivered ?? 0,
    acw_seconds: c.acw_seconds ?? null,
    billed_seconds: c.billed_seconds ?? null,
    billed_cost: c.billed_cost ?? null,
    loss_pct: c.loss_pct ?? null,
    jitter_ms: c.jitter_ms ?? null,
    rtt_ms: c.rtt_ms ?? null,
    mos: c.mos ?? null,
    video_offered: c.video_offered ?? 0,
    video_established: c.video_established ?? 0,
    recording_path: c.recording_path ?? null,
    source: c.source,
    external_ref: c.external_ref,
  };
}
