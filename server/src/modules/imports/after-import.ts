import type { AppContext } from '../../context.ts';

/**
 * After a completed import: tell subscribers which calls were written. The evaluation
 * roll-ups are refreshed here once modules/evaluation exports refreshRollups (hook below).
 */
export async function afterImport(
  ctx: AppContext,
  tenantId: string,
  callIds: string[],
  range: { from: number; to: number } | null,
): Promise<void> {
  if (callIds.length > 0) ctx.bus.emit('calls.written', { tenantId, callIds });
  await refreshEvaluationRollups(ctx, tenantId, range);
}

/** HOOK: refreshRollups(ctx, tenantId, range) from modules/evaluation, when it exists. */
function refreshEvaluationRollups(
  _ctx: AppContext,
  _tenantId: string,
  _range: { from: number; to: number } | null,
): Promise<void> {
  return Promise.resolve();
}
