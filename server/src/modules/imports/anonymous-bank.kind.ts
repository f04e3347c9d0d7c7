import { callRow } from './bank-marketing.kind.ts';
import { enumField, intField } from './fields.ts';
import type { KindEnv, KindHandler, KindSession } from './kind.types.ts';
import type { SourceRow } from './imports.types.ts';
import { stableId } from './stable-id.ts';
import { wallClockToEpoch } from './wall-clock.ts';

// "Anonymous Bank" (Technion SEE Center) inbound call log, one row per call: VRU, queue and
// agent service times as clock times of the call's date. Mapping in docs/imports.md.

const COLUMNS = [
  'vru+line',
  'call_id',
  'customer_id',
  'priority',
  'type',
  'date',
  'vru_entry',
  'vru_exit',
  'vru_time',
  'q_start',
  'q_exit',
  'q_time',
  'outcome',
  'ser_start',
  'ser_exit',
  'ser_time',
  'server',
] as const;

const OUTCOMES = ['agent', 'hang', 'phantom'] as const;
const SOURCE = 'import:anonymous-bank';
const NO_TIME = '0:00:00';
const DAY_S = 86_400;

const clockSeconds = (text: string): number | null => {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
};

export const anonymousBank: KindHandler = {
  kind: 'anonymous-bank',
  label: 'anonymous-bank',
  delimiters: [','],
  requiredColumns: COLUMNS,
  strictFieldCount: true,
  start: async (env) => startSession(env, await env.lookup.agentIdsByRef()),
};

function startSession(env: KindEnv, agentIds: Map<string, string>): KindSession {
  const { tenant, out, report } = env;
  const tz = tenant.time_zone;
  const customers = new Set<string>();
  const midnights = new Map<string, number>();

  report.note(
    `anonymous-bank: clock times are read as wall-clock time in the tenant's zone (${tz}) on the ` +
      "row's date; times earlier than the VRU entry by more than 12 h belong to the next day.",
  );
  report.note(
    'anonymous-bank: service starts at the queue exit (or the VRU exit when the call did not ' +
      "queue) and lasts ser_time, so wait = q_time and service = ser_time exactly; the file's " +
      'ser_start is often 1–2 s before q_exit (separate clocks).',
  );
  report.note(
    'anonymous-bank: no phone numbers, no outbound calls, no costs or voice quality in the data; ' +
      'the call type is the queue (queue_id = PS, PE, IN, NE, NW, TT), priority is a customer attribute.',
  );

  function clock(r: SourceRow, column: string): number | null {
    const value = clockSeconds(r.values[column] ?? '');
    if (value === null)
      report.error(r.line, `"${r.values[column] ?? ''}" is not a time H:MM:SS`, column);
    return value;
  }

  function row(r: SourceRow): void {
    const outcome = enumField(r, 'outcome', OUTCOMES, report);
    if (outcome === 'phantom') {
      report.skip('phantom');
      return;
    }
    const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.values.date ?? '');
    const [year, month, day] = dateMatch ? dateMatch.slice(1).map(Number) : [];
    const validDate =
      year !== undefined &&
      month !== undefined &&
      day !== undefined &&
      new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
    if (!validDate)
      report.error(r.line, `"${r.values.date ?? ''}" is not a date YYYY-MM-DD`, 'date');
    const priority = intField(r, 'priority', report, { min: 0, max: 2 });
    const serTime = intField(r, 'ser_time', report, { min: 0 });
    const qTime = intField(r, 'q_time', report, { min: 0 });
    const callId = r.values.call_id ?? '';
    if (callId === '') report.error(r.line, 'call id is empty', 'call_id');
    const customer = r.values.customer_id ?? '';
    if (!/^\d+$/.test(customer))
      report.error(r.line, `"${customer}" is not a customer id`, 'customer_id');
    const type = r.values.type ?? '';
    if (type === '') report.error(r.line, 'call type is empty', 'type');
    const line = r.values['vru+line'] ?? '';
    if (line === '') report.error(r.line, 'VRU line is empty', 'vru+line');
    const entry = clock(r, 'vru_entry');
    const exit = clock(r, 'vru_exit');
    const qStart = clock(r, 'q_start');
    const qExit = clock(r, 'q_exit');
    if (
      outcome === null ||
      !validDate ||
      year === undefined ||
      month === undefined ||
      day === undefined ||
      priority === null ||
      serTime === null ||
      qTime === null ||
      entry === null ||
      exit === null ||
      qStart === null ||
      qExit === null ||
      report.failed
    ) {
      return;
    }

    const dateKey = r.values.date ?? '';
    let midnight = midnights.get(dateKey);
    if (midnight === undefined) {
      midnight = wallClockToEpoch(tz, year, month, day);
      midnights.set(dateKey, midnight);
    }
    const dayStart = midnight;
    // Times of day after midnight belong to the next day. Adding seconds to local midnight is
    // exact unless the zone changes its offset that day (not in Asia/Shanghai since 1991).
    const at = (seconds: number): number => {
      const s = seconds < entry - DAY_S / 2 ? seconds + DAY_S : seconds;
      return dayStart + s * 1000;
    };
    const vruExit = at(exit);
    let vruEntry = at(entry);
    if (vruEntry > vruExit) {
      // 19 rows enter the VRU after they leave it (and queue at the VRU exit): the entry stamp is
      // the wrong one, so the VRU stay is taken as zero at the exit time.
      vruEntry = vruExit;
      report.adjust('vru_entry_after_exit');
    }
    const queued = (r.values.q_start ?? NO_TIME) !== NO_TIME;
    const queueEntry = queued ? at(qStart) : null;
    const queueExit = queued && queueEntry !== null ? queueEntry + qTime * 1000 : null;
    const served = outcome === 'agent';
    const agentAnswer = served ? (queueExit ?? vruExit) : null;
    const endAt = agentAnswer !== null ? agentAnswer + serTime * 1000 : (queueExit ?? vruExit);
    if (outcome === 'hang' && (r.values.server ?? 'NO_SERVER') !== 'NO_SERVER') {
      report.adjust('hang_with_server_treated_as_abandoned');
    }

    let agentId: string | null = null;
    const server = r.values.server ?? '';
    if (served && server !== '' && server !== 'NO_SERVER') {
      agentId = agentIds.get(server) ?? null;
      if (!agentId) {
        agentId = stableId('agt', tenant.id, `agent:${server}`);
        agentIds.set(server, agentId);
        out.add('agents', {
          id: agentId,
          tenant_id: tenant.id,
          user_id: null,
          name: server,
          extension: null,
          team_id: null,
          skills: '[]',
          sip_password: null,
          external_ref: server,
          created_at: vruEntry,
        });
      }
    } else if (served) {
      report.adjust('served_without_agent_name');
    }

    let customerId: string | null = null;
    if (customer !== '0') {
      const ref = `anonymous-bank:customer:${customer}`;
      customerId = stableId('cus', tenant.id, ref);
      if (!customers.has(customer)) {
        customers.add(customer);
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
          attributes: JSON.stringify({
            source: 'anonymous-bank',
            sourceCustomerId: customer,
            priority,
          }),
          external_ref: ref,
          created_at: vruEntry,
          updated_at: vruEntry,
        });
      }
    }

    const ref = `anonymous-bank:${r.values.date}:${line}:${callId}`;
    report.span(vruEntry);
    out.add(
      'call_records',
      callRow({
        id: stableId('call', tenant.id, ref),
        tenant_id: tenant.id,
        direction: 'inbound',
        customer_id: customerId,
        queue_id: type,
        agent_id: agentId,
        created_at: vruEntry,
        // The VRU answers every inbound call; the agent answers at agent_answer_at.
        answer_at: vruEntry,
        agent_answer_at: agentAnswer,
        end_at: endAt,
        ivr_entry_at: vruEntry,
        ivr_exit_at: vruExit,
        queue_entry_at: queueEntry,
        queue_exit_at: queueExit,
        disposition: served ? 'served' : queued ? 'abandoned' : 'ivr_hangup',
        source: SOURCE,
        external_ref: ref,
      }),
    );
  }

  return { row, finish: () => undefined };
}
