import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/index.ts';
import { notFound } from '../../platform/index.ts';
import { writeAudit } from '../audit/index.ts';
import type { Actor } from './crm.types.ts';

type TenantTable = Exclude<keyof Database, 'tenants' | 'incidents' | 'audit_log' | 'kv'>;

/**
 * The object was not found in the actor's tenant (or lies outside the actor's role scope):
 * answer 404 without data, and when it exists elsewhere record the denied attempt, which
 * access_control_effectiveness counts.
 */
export async function outOfScope(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  actor: Actor,
  table: TenantTable,
  id: string,
  action: string,
  reason?: string,
): Promise<never> {
  const row = await ctx.db.kysely
    .selectFrom(table)
    .select(['tenant_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row) {
    const crossTenant = row.tenant_id !== actor.tenantId;
    await writeAudit(ctx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      action,
      outcome: 'denied',
      objectType: table,
      objectId: id,
      inScope: false,
      detail: crossTenant ? 'object of another tenant' : (reason ?? 'outside the role scope'),
    });
  }
  throw notFound(`${table}.not_found`, `No such ${table.replace(/s$/, '').replace('_', ' ')}`);
}
