import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/index.ts';
import { callsDb, setSipPassword } from '../calls/index.ts';
import { DEMO_IVR_FLOW_ID, demoIvrFlow, getActiveIvrFlow, saveIvrFlow } from '../ivr/index.ts';
import { saveQueue } from './queues.ts';

// The inbound demo a newcomer can call at once: service number 4000 → the demo IVR (1 sales,
// 2 service), a queue per choice, and agent extensions 1001–1005 (both skills) with one SIP
// digest password. Safe to run again: what exists is left as it is.

export const DEMO_SERVICE_NUMBER = '4000';
export const DEMO_EXTENSIONS = ['1001', '1002', '1003', '1004', '1005'] as const;

export interface DemoInbound {
  serviceNumber: string;
  salesQueueId: string;
  serviceQueueId: string;
  /** Extensions created now (empty when they existed). */
  extensions: string[];
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'cipher' | 'logger'>;

export async function provisionDemoInbound(
  ctx: Ctx,
  tenantId: string,
  sipPassword: string,
  options: { serviceNumber?: string; extensions?: readonly string[] } = {},
): Promise<DemoInbound> {
  const now = ctx.clock.now();
  const db = callsDb(ctx.db);
  const serviceNumber = options.serviceNumber ?? DEMO_SERVICE_NUMBER;
  const salesQueueId = `${tenantId}-sales`;
  const serviceQueueId = `${tenantId}-service`;
  const existing = await db
    .selectFrom('queues')
    .select('id')
    .where('id', 'in', [salesQueueId, serviceQueueId])
    .execute();
  const have = new Set(existing.map((q) => q.id));
  if (!have.has(salesQueueId))
    await saveQueue(ctx, { id: salesQueueId, tenantId, name: '销售', skill: 'sales' });
  if (!have.has(serviceQueueId))
    await saveQueue(ctx, { id: serviceQueueId, tenantId, name: '售后服务', skill: 'service' });
  if (!(await getActiveIvrFlow(ctx.db, tenantId, DEMO_IVR_FLOW_ID)))
    await saveIvrFlow(ctx.db, tenantId, demoIvrFlow({ salesQueueId, serviceQueueId }), { now });
  const number = await db
    .selectFrom('service_numbers')
    .select('tenant_id')
    .where('number', '=', serviceNumber)
    .executeTakeFirst();
  if (!number) {
    await db
      .insertInto('service_numbers')
      .values({
        tenant_id: tenantId,
        number: serviceNumber,
        flow: JSON.stringify({ flowId: DEMO_IVR_FLOW_ID }),
        created_at: now,
      })
      .execute();
  } else if (number.tenant_id !== tenantId) {
    ctx.logger.warn({ serviceNumber }, 'demo: service number belongs to another tenant');
  }
  const created: string[] = [];
  for (const extension of options.extensions ?? DEMO_EXTENSIONS) {
    const taken = await ctx.db.kysely
      .selectFrom('agents')
      .select('id')
      .where('extension', '=', extension)
      .executeTakeFirst();
    if (taken) continue;
    const id = newId('agent_');
    await ctx.db.kysely
      .insertInto('agents')
      .values({
        id,
        tenant_id: tenantId,
        user_id: null,
        name: `演示坐席 ${extension}`,
        extension,
        team_id: null,
        skills: JSON.stringify([
          { skill: 'sales', level: 1 },
          { skill: 'service', level: 1 },
        ]),
        sip_password: null,
        external_ref: null,
        created_at: now,
      })
      .execute();
    await setSipPassword(ctx, tenantId, id, sipPassword);
    created.push(extension);
  }
  return { serviceNumber, salesQueueId, serviceQueueId, extensions: created };
}
