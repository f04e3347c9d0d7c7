import type { AppContext } from '../../context.ts';
import { refreshRollups } from '../evaluation/index.ts';

/**
 * After a completed import: tell subscribers which calls were written, then bring the
 * evaluation roll-ups up to date for the imported time span (once, not per call).
 */
export async function afterImport(
  ctx: AppContext,
  tenantId: string,
  callIds: string[],
  range: { from: number; to: number } | null,
): Promise<void> {
  if (callIds.length === 0 || range === null) return;
  ctx.bus.emit('calls.written', { tenantId, callIds });
  // refreshRollups takes a half-open range; range.to is the last call's created_at.
  await refreshRollups(ctx, tenantId, { from: range.from, to: range.to + 1 });
}
