import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { SEALED_PREFIX } from '../../platform/index.ts';
import { ratio, round } from './call-metrics.ts';
import type { MetricValue } from './evaluation.types.ts';
import type { Range } from './crm-metrics.ts';

// System-performance metrics: incidents, latency samples, a storage scan, the audit log.

/** kv key (tenant '*' or the tenant) holding the epoch ms since which the health monitor runs. */
export const MONITOR_SINCE_KEY = 'health.monitor_since';

interface Incident {
  started_at: number;
  recovered_at: number | null;
  component: string;
}

async function incidents(db: Db, r: Range, until: number): Promise<Incident[]> {
  let q = db.kysely
    .selectFrom('incidents')
    .select(['started_at', 'recovered_at', 'component'])
    .where((eb) => eb.or([eb('tenant_id', '=', r.tenantId), eb('tenant_id', 'is', null)]))
    .where('started_at', '<', r.to ?? until);
  if (r.from !== null) {
    const from = r.from;
    q = q.where((eb) => eb.or([eb('recovered_at', 'is', null), eb('recovered_at', '>', from)]));
  }
  return q.orderBy('started_at').execute();
}

export async function availability(db: Db, r: Range, now: number): Promise<MetricValue> {
  const list = await incidents(db, r, now);
  const kv = await db.kysely
    .selectFrom('kv')
    .select('value')
    .where('key', '=', MONITOR_SINCE_KEY)
    .where('tenant_id', 'in', [r.tenantId, '*'])
    .execute();
  const since = kv.length > 0 ? Math.min(...kv.map((k) => Number(k.value))) : null;
  const firstIncident = list[0]?.started_at ?? null;
  const observedFrom = Math.max(r.from ?? -Infinity, since ?? firstIncident ?? Infinity);
  const observedTo = Math.min(r.to ?? now, now);
  if (!Number.isFinite(observedFrom) || observedTo <= observedFrom) {
    return {
      id: 'availability',
      value: null,
      numerator: null,
      denominator: null,
      details: { note: 'the health monitor has not observed this range' },
    };
  }
  // Union of incident intervals clipped to the observed window (overlaps counted once).
  let down = 0;
  let cursor = observedFrom;
  for (const i of list) {
    const start = Math.max(i.started_at, cursor);
    const end = Math.min(i.recovered_at ?? observedTo, observedTo);
    if (end > start) {
      down += end - start;
      cursor = end;
    }
  }
  const total = observedTo - observedFrom;
  return {
    ...ratio('availability', (total - down) / 1000, total / 1000),
    details: { downSeconds: round(down / 1000, 3), incidents: list.length },
  };
}

export async function mttr(db: Db, r: Range, now: number): Promise<MetricValue> {
  const list = (await incidents(db, r, now)).filter(
    (i) => r.from === null || i.started_at >= r.from,
  );
  const recovered = list.filter((i) => i.recovered_at !== null);
  const sum = recovered.reduce((a, i) => a + ((i.recovered_at ?? 0) - i.started_at), 0) / 1000;
  const v = ratio('mttr', sum, recovered.length);
  return {
    ...v,
    value: v.value === null ? null : round(v.value, 3),
    details: { open: list.length - recovered.length },
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

async function samples(
  db: Db,
  r: Range,
  kind: 'dial' | 'dial_platform' | 'ivr',
): Promise<number[]> {
  let q = db.kysely
    .selectFrom('latency_samples')
    .select('value_ms')
    .where('tenant_id', '=', r.tenantId)
    .where('kind', '=', kind);
  if (r.from !== null) q = q.where('at', '>=', r.from);
  if (r.to !== null) q = q.where('at', '<', r.to);
  const rows = await q.execute();
  return rows.map((x) => Number(x.value_ms)).sort((a, b) => a - b);
}

export async function latencyMetric(
  db: Db,
  r: Range,
  id: 'dial_latency' | 'ivr_response_time',
  targetMs: number | null,
): Promise<MetricValue> {
  const values = await samples(db, r, id === 'dial_latency' ? 'dial' : 'ivr');
  const p95 = percentile(values, 95);
  const within = targetMs === null ? values.length : values.filter((v) => v <= targetMs).length;
  const details: Record<string, unknown> = {
    samples: values.length,
    p50: percentile(values, 50),
    p95,
    p99: percentile(values, 99),
    numeratorIs: 'samples within the target',
  };
  if (id === 'dial_latency') {
    const platform = await samples(db, r, 'dial_platform');
    details.platform = {
      samples: platform.length,
      p50: percentile(platform, 50),
      p95: percentile(platform, 95),
      p99: percentile(platform, 99),
    };
  }
  return { id, value: p95, numerator: within, denominator: values.length, details };
}

const SCAN_TTL_MS = 10 * 60_000;
const scans = new WeakMap<Db, Map<string, { at: number; value: MetricValue }>>();

/**
 * The storage scan below reads every call record, so dashboards reuse its result for 10 minutes
 * (per database and tenant) instead of rescanning on every request.
 */
export async function encryptionComplianceCached(
  db: Db,
  tenantId: string,
  now: number,
): Promise<MetricValue> {
  let byTenant = scans.get(db);
  if (!byTenant) {
    byTenant = new Map();
    scans.set(db, byTenant);
  }
  const hit = byTenant.get(tenantId);
  if (hit && now - hit.at >= 0 && now - hit.at < SCAN_TTL_MS) return hit.value;
  const value = await encryptionCompliance(db, tenantId);
  byTenant.set(tenantId, { at: now, value });
  return value;
}

/** Scans stored personal fields: sealed values ÷ all non-empty values. Not range-bound. */
export async function encryptionCompliance(db: Db, tenantId: string): Promise<MetricValue> {
  const like = `${SEALED_PREFIX}%`;
  const count = (col: string) =>
    sql`SUM(CASE WHEN ${sql.ref(col)} IS NOT NULL AND ${sql.ref(col)} <> '' THEN 1 ELSE 0 END)`;
  const sealed = (col: string) =>
    sql`SUM(CASE WHEN ${sql.ref(col)} LIKE ${like} THEN 1 ELSE 0 END)`;
  const { rows: c } = await sql<Record<string, unknown>>`
    SELECT ${count('phone')} AS pn, ${sealed('phone')} AS ps, ${count('name')} AS nn, ${sealed('name')} AS ns
    FROM customers WHERE tenant_id = ${tenantId}`.execute(db.kysely);
  const { rows: k } = await sql<Record<string, unknown>>`
    SELECT ${count('caller')} AS cn, ${sealed('caller')} AS cs, ${count('callee')} AS en, ${sealed('callee')} AS es
    FROM call_records WHERE tenant_id = ${tenantId}`.execute(db.kysely);
  const { rows: a } = await sql<Record<string, unknown>>`
    SELECT ${count('sip_password')} AS an, ${sealed('sip_password')} AS as_
    FROM agents WHERE tenant_id = ${tenantId}`.execute(db.kysely);
  // Trunk passwords live in JSON text (campaigns.settings, kv calls.outbound): one per row.
  const pw = '%"password":"_%';
  const pwSealed = `%"password":"${SEALED_PREFIX}%`;
  const { rows: tp } = await sql<Record<string, unknown>>`
    SELECT SUM(CASE WHEN settings LIKE ${pw} THEN 1 ELSE 0 END) AS tn,
      SUM(CASE WHEN settings LIKE ${pwSealed} THEN 1 ELSE 0 END) AS ts
    FROM campaigns WHERE tenant_id = ${tenantId}`.execute(db.kysely);
  const { rows: kp } = await sql<Record<string, unknown>>`
    SELECT SUM(CASE WHEN value LIKE ${pw} THEN 1 ELSE 0 END) AS tn,
      SUM(CASE WHEN value LIKE ${pwSealed} THEN 1 ELSE 0 END) AS ts
    FROM kv WHERE tenant_id = ${tenantId} AND key = 'calls.outbound'`.execute(db.kysely);
  const n = (row: Record<string, unknown> | undefined, key: string): number =>
    Number(row?.[key] ?? 0);
  const parts = {
    customerPhones: [n(c[0], 'ps'), n(c[0], 'pn')],
    customerNames: [n(c[0], 'ns'), n(c[0], 'nn')],
    callCallers: [n(k[0], 'cs'), n(k[0], 'cn')],
    callCallees: [n(k[0], 'es'), n(k[0], 'en')],
    agentSipPasswords: [n(a[0], 'as_'), n(a[0], 'an')],
    trunkPasswords: [n(tp[0], 'ts') + n(kp[0], 'ts'), n(tp[0], 'tn') + n(kp[0], 'tn')],
  };
  const num = Object.values(parts).reduce((s, [x]) => s + (x ?? 0), 0);
  const den = Object.values(parts).reduce((s, [, y]) => s + (y ?? 0), 0);
  return {
    ...ratio('encryption_compliance', num, den),
    details: {
      ...Object.fromEntries(
        Object.entries(parts).map(([k2, [x, y]]) => [k2, { sealed: x, total: y }]),
      ),
      note: 'recording files are not scanned yet',
    },
  };
}

export async function accessControl(db: Db, r: Range, now: number): Promise<MetricValue> {
  const rangeParts = [
    sql`tenant_id = ${r.tenantId}`,
    ...(r.from !== null ? [sql`at >= ${r.from}`] : []),
    ...(r.to !== null ? [sql`at < ${r.to}`] : []),
  ];
  const { rows } = await sql<Record<string, unknown>>`
    SELECT COUNT(*) AS n,
      SUM(CASE WHEN outcome = 'denied' THEN 1 ELSE 0 END) AS denied,
      SUM(CASE WHEN personal_data = 1 THEN 1 ELSE 0 END) AS personal,
      SUM(CASE WHEN outcome = 'allowed' AND personal_data = 1 AND in_scope = 0 THEN 1 ELSE 0 END) AS breaches
    FROM audit_log WHERE ${sql.join(rangeParts, sql` AND `)}`.execute(db.kysely);
  const row = rows[0] ?? {};
  const n = Number(row.n ?? 0);
  const leaks = (await incidents(db, r, now)).filter((i) => i.component === 'data_leak').length;
  if (n === 0 && leaks === 0) {
    return {
      id: 'access_control_effectiveness',
      value: null,
      numerator: null,
      denominator: null,
      details: { note: 'no audit log entries in the range' },
    };
  }
  const breaches = Number(row.breaches ?? 0);
  return {
    id: 'access_control_effectiveness',
    value: breaches + leaks,
    numerator: breaches + leaks,
    denominator: Number(row.personal ?? 0),
    details: {
      auditedRequests: n,
      deniedAttempts: Number(row.denied ?? 0),
      outOfScopeSuccesses: breaches,
      dataLeakIncidents: leaks,
      denominatorIs: 'audited accesses to personal data or recordings',
    },
  };
}

export async function opsCost(
  db: Db,
  r: Range,
  now: number,
  cost: { opsStaffCostPerMonth?: number; incidentCostPerHour?: number },
  spanMs: number | null,
): Promise<MetricValue> {
  const staff =
    cost.opsStaffCostPerMonth !== undefined && spanMs !== null
      ? (cost.opsStaffCostPerMonth * spanMs) / (30 * 86_400_000)
      : null;
  let incidentCost: number | null = null;
  if (cost.incidentCostPerHour !== undefined) {
    const list = await incidents(db, r, now);
    const hours =
      list.reduce((a, i) => {
        const start = Math.max(i.started_at, r.from ?? i.started_at);
        const end = Math.min(i.recovered_at ?? now, r.to ?? now);
        return a + Math.max(0, end - start);
      }, 0) / 3_600_000;
    incidentCost = hours * cost.incidentCostPerHour;
  }
  if (staff === null && incidentCost === null) {
    return {
      id: 'ops_cost',
      value: null,
      numerator: null,
      denominator: null,
      details: { note: 'no operations cost settings' },
    };
  }
  const total = round((staff ?? 0) + (incidentCost ?? 0), 4);
  return {
    id: 'ops_cost',
    value: total,
    numerator: total,
    denominator: 1,
    details: {
      staff: staff === null ? null : round(staff, 4),
      incidents: incidentCost === null ? null : round(incidentCost, 4),
    },
  };
}
