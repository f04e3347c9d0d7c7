import type { Db, TenantTable } from '../../db/index.ts';
import { notFound } from '../../platform/index.ts';

// The operator's own tenant and the demo tenant have fixed ids so that CLI commands and the
// first start agree on them without a lookup table.
export const DEFAULT_TENANT_ID = 'default';
export const DEMO_TENANT_ID = 'demo';

export async function ensureTenant(
  db: Db,
  tenant: { id: string; name: string; timeZone: string; isDemo?: boolean },
  now: number,
): Promise<TenantTable> {
  const existing = await findTenant(db, tenant.id);
  if (existing) return existing;
  const row: TenantTable = {
    id: tenant.id,
    name: tenant.name,
    time_zone: tenant.timeZone,
    settings: '{}',
    is_demo: tenant.isDemo ? 1 : 0,
    created_at: now,
  };
  await db.kysely.insertInto('tenants').values(row).execute();
  return row;
}

export async function findTenant(db: Db, idOrName: string): Promise<TenantTable | undefined> {
  return db.kysely
    .selectFrom('tenants')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
}

/** The tenant a CLI command acts on: --tenant when given, else the operator's default tenant. */
export async function resolveTenant(
  db: Db,
  idOrName: string | undefined,
  now: number,
): Promise<TenantTable> {
  if (idOrName === undefined || idOrName === DEFAULT_TENANT_ID) {
    return ensureTenant(
      db,
      { id: DEFAULT_TENANT_ID, name: '默认租户', timeZone: 'Asia/Shanghai' },
      now,
    );
  }
  const tenant = await findTenant(db, idOrName);
  if (!tenant) throw notFound('tenant.not_found', `No tenant named "${idOrName}"`);
  return tenant;
}

export function tenantSettings<T extends object>(tenant: TenantTable): Partial<T> {
  try {
    return JSON.parse(tenant.settings) as Partial<T>;
  } catch {
    return {};
  }
}
