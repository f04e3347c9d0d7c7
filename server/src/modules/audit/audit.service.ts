import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';

// The audit log feeds access_control_effectiveness (METRICS.md): denied attempts are counted,
// and a read of personal data outside the actor's scope that succeeded must never appear.
export interface AuditEntry {
  tenantId: string | null;
  userId: string | null;
  /** "METHOD /route/pattern" or a named action such as "auth.login". */
  action: string;
  outcome: 'allowed' | 'denied';
  objectType?: string;
  objectId?: string;
  /** The object holds personal data (an unmasked phone number) or a recording. */
  personalData?: boolean;
  /** The object lay inside the actor's tenant and role scope; false for cross-tenant attempts. */
  inScope?: boolean;
  detail?: string;
}

export interface AuditView {
  id: string;
  tenantId: string | null;
  userId: string | null;
  action: string;
  outcome: 'allowed' | 'denied';
  objectType: string | null;
  objectId: string | null;
  personalData: boolean;
  inScope: boolean;
  detail: string | null;
  at: number;
}

type AuditCtx = Pick<AppContext, 'db' | 'clock'>;

export async function writeAudit(ctx: AuditCtx, entry: AuditEntry): Promise<void> {
  await ctx.db.kysely
    .insertInto('audit_log')
    .values({
      id: newId('al'),
      tenant_id: entry.tenantId,
      user_id: entry.userId,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      outcome: entry.outcome,
      personal_data: entry.personalData ? 1 : 0,
      in_scope: entry.inScope === false ? 0 : 1,
      detail: entry.detail ?? null,
      at: ctx.clock.now(),
    })
    .execute();
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  outcome?: 'allowed' | 'denied' | undefined;
  personalData?: boolean | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** One tenant's audit entries, newest first. */
export async function listAudit(
  ctx: AuditCtx,
  tenantId: string,
  query: AuditQuery,
): Promise<{ items: AuditView[]; total: number }> {
  let base = ctx.db.kysely.selectFrom('audit_log').where('tenant_id', '=', tenantId);
  if (query.outcome) base = base.where('outcome', '=', query.outcome);
  if (query.personalData !== undefined) {
    base = base.where('personal_data', '=', query.personalData ? 1 : 0);
  }
  if (query.from !== undefined) base = base.where('at', '>=', query.from);
  if (query.to !== undefined) base = base.where('at', '<', query.to);
  const count = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      userId: r.user_id,
      action: r.action,
      outcome: r.outcome,
      objectType: r.object_type,
      objectId: r.object_id,
      personalData: r.personal_data === 1,
      inScope: r.in_scope === 1,
      detail: r.detail,
      at: r.at,
    })),
  };
}
