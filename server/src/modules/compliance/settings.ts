import type { Db } from '../../db/index.ts';
import type { ComplianceSettings } from './compliance.types.ts';

// Defaults. Windows follow common Chinese practice for marketing calls (no calls at lunch or in
// the evening); frequency caps are deliberately modest — 3 a day, 5 in 7 days, 10 in 30 days per
// number across all campaigns — because "called too often" is the first cause of harassment
// complaints (harassment_rate) and of carriers marking a caller ID as spam.
export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = {
  windows: [
    { from: '09:00', to: '12:00' },
    { from: '14:00', to: '20:00' },
  ],
  windowsByProvince: {},
  timeZoneByProvince: {},
  timeZone: 'Asia/Shanghai',
  holidays: [],
  frequency: { perDay: 3, perWeek: 5, per30Days: 10 },
  abandonLockoutHours: 72,
  callerId: { maxPerHour: 50, maxShortRatio: 0.3, maxUnansweredRatio: 0.85, minAttempts: 50 },
};

const KEY = 'compliance.settings';

/** The tenant's settings (kv 'compliance.settings') over the defaults, one level deep. */
export async function loadComplianceSettings(
  db: Db,
  tenantId: string,
): Promise<ComplianceSettings> {
  const row = await db.kysely
    .selectFrom('kv')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_COMPLIANCE_SETTINGS;
  try {
    return mergeSettings(
      DEFAULT_COMPLIANCE_SETTINGS,
      JSON.parse(row.value) as Partial<ComplianceSettings>,
    );
  } catch {
    return DEFAULT_COMPLIANCE_SETTINGS;
  }
}

export function mergeSettings(
  base: ComplianceSettings,
  patch: Partial<ComplianceSettings>,
): ComplianceSettings {
  return {
    ...base,
    ...patch,
    frequency: { ...base.frequency, ...patch.frequency },
    callerId: { ...base.callerId, ...patch.callerId },
    windowsByProvince: { ...base.windowsByProvince, ...patch.windowsByProvince },
    timeZoneByProvince: { ...base.timeZoneByProvince, ...patch.timeZoneByProvince },
  };
}

export async function saveComplianceSettings(
  db: Db,
  tenantId: string,
  patch: Partial<ComplianceSettings>,
  now: number,
): Promise<ComplianceSettings> {
  const merged = mergeSettings(await loadComplianceSettings(db, tenantId), patch);
  const value = JSON.stringify(merged);
  await db.kysely
    .insertInto('kv')
    .values({ tenant_id: tenantId, key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ value, updated_at: now }))
    .execute();
  return merged;
}
