import type { CallRecordTable, Db, TenantTable } from '../../src/db/index.ts';

// A small, hand-checkable data set for the metric tests. Every expected value in
// metrics.test.ts is derived in comments from the rows below.

export const H = 3_600_000;
export const D = 86_400_000;
/** 2026-01-05 10:00 Asia/Shanghai (a Monday), hour-aligned. */
export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

export function tenantRow(id: string, settings: object = {}): TenantTable {
  return {
    id,
    name: id,
    time_zone: 'Asia/Shanghai',
    settings: JSON.stringify(settings),
    is_demo: 0,
    created_at: T0 - 100 * D,
  };
}

let seq = 0;
export function call(tenantId: string, over: Partial<CallRecordTable>): CallRecordTable {
  seq += 1;
  return {
    id: `call${seq}`,
    tenant_id: tenantId,
    direction: 'outbound',
    caller: null,
    callee: null,
    callee_province: null,
    callee_city: null,
    callee_carrier: null,
    customer_id: null,
    trunk_id: null,
    caller_id_used: null,
    campaign_id: null,
    entry_id: null,
    queue_id: null,
    agent_id: null,
    team_id: null,
    created_at: T0,
    ring_at: null,
    answer_at: null,
    agent_answer_at: null,
    end_at: null,
    ivr_entry_at: null,
    ivr_exit_at: null,
    queue_entry_at: null,
    queue_exit_at: null,
    status: 'completed',
    disposition: null,
    hangup_cause: null,
    sip_status: null,
    core_info_delivered: 0,
    acw_seconds: null,
    billed_seconds: null,
    billed_cost: null,
    loss_pct: null,
    jitter_ms: null,
    rtt_ms: null,
    mos: null,
    video_offered: 0,
    video_established: 0,
    recording_path: null,
    source: 'test',
    external_ref: null,
    ...over,
  };
}

const s = 1000;

/** Outbound answered call: talk from T0 + offset for `talk` seconds. */
const out = (tenant: string, talk: number | null, over: Partial<CallRecordTable>) =>
  call(tenant, {
    direction: 'outbound',
    answer_at: talk === null ? null : T0 + 10 * s,
    end_at: talk === null ? T0 + 30 * s : T0 + 10 * s + talk * s,
    ...over,
  });

export async function seedFixture(db: Db, tenantId: string): Promise<void> {
  const k = db.kysely;
  const cost = {
    cost: { opsStaffCostPerMonth: 3000, incidentCostPerHour: 600 },
  };
  await k
    .insertInto('tenants')
    .values(tenantRow(tenantId, { evaluation: cost }))
    .execute();
  await k
    .insertInto('campaigns')
    .values([
      {
        id: 'c1',
        tenant_id: tenantId,
        name: '春季活动',
        dial_mode: 'progressive',
        status: 'running',
        settings: '{}',
        external_ref: null,
        created_at: T0,
      },
      {
        id: 'c2',
        tenant_id: tenantId,
        name: 'imported',
        dial_mode: 'import',
        status: 'completed',
        settings: JSON.stringify({ attemptOutcomesKnown: false }),
        external_ref: null,
        created_at: T0,
      },
    ])
    .execute();
  const agent = (id: string) => ({
    id,
    tenant_id: tenantId,
    user_id: null,
    name: `坐席${id}`,
    extension: null,
    team_id: 't1',
    skills: '[]',
    sip_password: null,
    external_ref: null,
    created_at: T0,
  });
  await k
    .insertInto('agents')
    .values([agent('a1'), agent('a2')])
    .execute();
  const gd = { callee_province: '广东', callee_carrier: '中国移动' };
  const bj = { callee_province: '北京', callee_carrier: '中国联通' };
  const calls = [
    // o1: c1/a1, talk 60 s, effective, stored MOS 4.2, video established, billed 0.10
    out(tenantId, 60, {
      ...gd,
      campaign_id: 'c1',
      agent_id: 'a1',
      team_id: 't1',
      customer_id: 'cu1',
      mos: 4.2,
      video_offered: 1,
      video_established: 1,
      billed_cost: 0.1,
      caller: 'enc:v1:AAAA',
      callee: 'enc:v1:BBBB',
    }),
    // o2: c1/a1, talk 20 s but core information delivered; loss 0 → R 93.2 (clear); video offered only
    out(tenantId, 20, {
      ...gd,
      campaign_id: 'c1',
      agent_id: 'a1',
      team_id: 't1',
      core_info_delivered: 1,
      loss_pct: 0,
      jitter_ms: 0,
      rtt_ms: 0,
      video_offered: 1,
      billed_cost: 0.05,
      caller: '+8613800000000',
    }),
    // o3: c1/a2, talk 10 s, not effective; loss 10 % → R 66.13 (not clear)
    out(tenantId, 10, {
      ...bj,
      campaign_id: 'c1',
      agent_id: 'a2',
      team_id: 't1',
      customer_id: 'cu2',
      loss_pct: 10,
    }),
    // o4: c1/a2, not answered
    out(tenantId, null, { ...bj, campaign_id: 'c1', agent_id: 'a2', team_id: 't1' }),
    // o5: c2 (outcomes unknown campaign), no agent, talk 40 s
    out(tenantId, 40, { campaign_id: 'c2', customer_id: 'cu3' }),
    // o6: c1, outcome unknown
    out(tenantId, null, { campaign_id: 'c1', disposition: 'outcome_unknown' }),
    // i1: queued 5 s → agent at 25 s (wait 20 s), service 100 s, agent a1
    call(tenantId, {
      direction: 'inbound',
      queue_id: 'q1',
      agent_id: 'a1',
      team_id: 't1',
      answer_at: T0,
      queue_entry_at: T0 + 5 * s,
      queue_exit_at: T0 + 25 * s,
      agent_answer_at: T0 + 25 * s,
      end_at: T0 + 125 * s,
      acw_seconds: 30,
    }),
    // i2: served without queueing (wait 0), service 60 s, agent a2
    call(tenantId, {
      direction: 'inbound',
      queue_id: 'q1',
      agent_id: 'a2',
      team_id: 't1',
      answer_at: T0,
      agent_answer_at: T0 + 3 * s,
      end_at: T0 + 63 * s,
      acw_seconds: 10,
    }),
    // i3: queued 5 s, abandoned at 65 s (60 s in queue)
    call(tenantId, {
      direction: 'inbound',
      queue_id: 'q1',
      answer_at: T0,
      queue_entry_at: T0 + 5 * s,
      queue_exit_at: T0 + 65 * s,
      end_at: T0 + 65 * s,
    }),
    // i4: one hour later, queued at once, agent after 50 s, service 40 s, agent a2
    call(tenantId, {
      direction: 'inbound',
      queue_id: 'q1',
      agent_id: 'a2',
      team_id: 't1',
      created_at: T0 + H,
      answer_at: T0 + H,
      queue_entry_at: T0 + H,
      queue_exit_at: T0 + H + 50 * s,
      agent_answer_at: T0 + H + 50 * s,
      end_at: T0 + H + 90 * s,
    }),
  ];
  const ids = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'i1', 'i2', 'i3', 'i4'];
  await k
    .insertInto('call_records')
    .values(calls.map((c, i) => ({ ...c, id: ids[i] ?? c.id })))
    .execute();

  const customer = (id: string, phone: string | null) => ({
    id,
    tenant_id: tenantId,
    name: null,
    phone,
    phone_hash: null,
    phone_masked: null,
    province: null,
    city: null,
    carrier: null,
    attributes: '{}',
    external_ref: null,
    created_at: T0,
    updated_at: T0,
  });
  await k
    .insertInto('customers')
    .values([
      customer('cu1', 'enc:v1:CCCC'),
      customer('cu2', '+8613900000000'),
      customer('cu3', null),
    ])
    .execute();
  const tag = (id: string, customerId: string, level: 'high' | 'medium' | 'low') => ({
    id,
    tenant_id: tenantId,
    customer_id: customerId,
    lead_id: null,
    call_id: null,
    kind: 'intent' as const,
    name: '意向',
    level,
    created_at: T0 + 5 * 60 * s,
  });
  await k
    .insertInto('tags')
    .values([tag('g1', 'cu1', 'high'), tag('g2', 'cu2', 'low'), tag('g3', 'cu1', 'medium')])
    .execute();
  const deal = (
    id: string,
    customerId: string,
    at: number,
    callId: string | null,
    amount: number,
  ) => ({
    id,
    tenant_id: tenantId,
    customer_id: customerId,
    lead_id: null,
    call_id: callId,
    amount,
    currency: 'CNY',
    stage: 'closed_won',
    closed_won_at: at,
    external_ref: null,
    created_at: at,
  });
  await k
    .insertInto('deals')
    .values([
      deal('d1', 'cu1', T0 + 10 * D, 'o1', 1000),
      deal('d2', 'cu3', T0 - 30 * D, null, 500),
      deal('d3', 'cu3', T0 + D, 'o5', 200),
    ])
    .execute();
  const ticket = (id: string, resolved: 0 | 1, fcr: 0 | 1) => ({
    id,
    tenant_id: tenantId,
    customer_id: null,
    call_id: null,
    subject: '问题',
    resolved,
    first_contact_resolution: fcr,
    created_at: T0,
    resolved_at: null,
  });
  await k
    .insertInto('tickets')
    .values([ticket('k1', 1, 1), ticket('k2', 1, 1), ticket('k3', 1, 0), ticket('k4', 0, 0)])
    .execute();
  const lead = (id: string, customerId: string, source: string, at: number) => ({
    id,
    tenant_id: tenantId,
    customer_id: customerId,
    campaign_id: null,
    pool: 'public' as const,
    owner_user_id: null,
    source,
    status: 'new',
    intent_level: null,
    created_at: at,
    updated_at: at,
  });
  await k
    .insertInto('leads')
    .values([
      lead('l1', 'cu1', 'call', T0 + 20 * s),
      lead('l2', 'cu2', 'inbound', T0),
      lead('l3', 'cu2', 'import', T0),
      lead('l4', 'cu3', 'campaign', T0 - s),
    ])
    .execute();
  await k
    .insertInto('follow_ups')
    .values({
      id: 'f1',
      tenant_id: tenantId,
      customer_id: 'cu1',
      lead_id: 'l1',
      user_id: null,
      call_id: null,
      channel: 'phone',
      note: null,
      at: T0 + 2 * D,
      next_at: null,
    })
    .execute();
  const entry = (id: string, final: 0 | 1) => ({
    id,
    tenant_id: tenantId,
    campaign_id: 'c1',
    lead_id: null,
    customer_id: 'cu1',
    planned_at: T0,
    state: final ? 'reached' : 'pending',
    final,
    final_at: null,
    attempts: 1,
    last_result: null,
    next_attempt_at: null,
  });
  await k
    .insertInto('campaign_entries')
    .values([entry('e1', 1), entry('e2', 1), entry('e3', 1), entry('e4', 0)])
    .execute();
  const survey = (id: string, csat: number | null, nps: number | null) => ({
    id,
    tenant_id: tenantId,
    call_id: null,
    customer_id: null,
    channel: 'ivr' as const,
    csat,
    nps,
    created_at: T0,
  });
  await k
    .insertInto('survey_responses')
    .values([survey('s1', 5, 10), survey('s2', 4, 9), survey('s3', 2, 6), survey('s4', null, 7)])
    .execute();
  const complaint = (id: string, type: 'service' | 'harassment') => ({
    id,
    tenant_id: tenantId,
    customer_id: null,
    call_id: null,
    type,
    call_center: 1 as const,
    note: null,
    created_at: T0,
  });
  await k
    .insertInto('complaints')
    .values([complaint('p1', 'service'), complaint('p2', 'harassment')])
    .execute();
  await k
    .insertInto('incidents')
    .values([
      {
        id: 'n1',
        tenant_id: tenantId,
        component: 'sip',
        started_at: T0 - 2 * H,
        recovered_at: T0 - 2 * H + 600 * s,
        note: null,
      },
      {
        id: 'n2',
        tenant_id: null,
        component: 'db',
        started_at: T0 - H,
        recovered_at: T0 - H + 1200 * s,
        note: null,
      },
    ])
    .execute();
  await k
    .insertInto('kv')
    .values({
      tenant_id: tenantId,
      key: 'health.monitor_since',
      value: String(T0 - 10 * H),
      updated_at: T0,
    })
    .execute();
  const samples = [
    ...Array.from({ length: 20 }, (_, i) => ({ kind: 'dial' as const, value_ms: (i + 1) * 100 })),
    { kind: 'dial_platform' as const, value_ms: 20 },
    { kind: 'ivr' as const, value_ms: 500 },
    { kind: 'ivr' as const, value_ms: 2500 },
  ];
  await k
    .insertInto('latency_samples')
    .values(
      samples.map((x, i) => ({ id: `ls${i}`, tenant_id: tenantId, call_id: null, at: T0, ...x })),
    )
    .execute();
  const audit = (id: string, outcome: 'allowed' | 'denied', personal: 0 | 1, inScope: 0 | 1) => ({
    id,
    tenant_id: tenantId,
    user_id: 'u1',
    action: 'GET /api/customers/:id',
    object_type: 'customer',
    object_id: 'cu1',
    outcome,
    personal_data: personal,
    in_scope: inScope,
    detail: null,
    at: T0,
  });
  await k
    .insertInto('audit_log')
    .values([
      audit('au1', 'denied', 1, 0),
      audit('au2', 'allowed', 1, 0),
      audit('au3', 'allowed', 1, 1),
    ])
    .execute();
}
