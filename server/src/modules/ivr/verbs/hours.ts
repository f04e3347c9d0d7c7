// hours: business hours + holiday calendar in the node's or the tenant's time zone
// (default Asia/Shanghai), at the runner's clock.
import { businessHoursState, DEFAULT_TIME_ZONE } from '../business-hours.ts';
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export function hours(node: NodeOf<'hours'>, ctx: VerbContext): Promise<VerbResult> {
  const state = businessHoursState(node, ctx.now(), ctx.options.timeZone ?? DEFAULT_TIME_ZONE);
  ctx.vars.hours = state;
  if (state === 'open') return Promise.resolve({ next: node.open });
  if (state === 'holiday' && node.holiday) return Promise.resolve({ next: node.holiday });
  return Promise.resolve({ next: node.closed });
}
