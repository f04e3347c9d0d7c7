// Runs the active stored flow of a tenant on a call.
import type { Db } from '../../db/index.ts';
import { notFound } from '../../platform/index.ts';
import { getActiveIvrFlow } from './flows.repo.ts';
import type { IvrCall, IvrRunOptions, IvrRunResult } from './ivr.types.ts';
import { runIvr } from './runner.ts';

export async function runStoredFlow(
  db: Db,
  tenantId: string,
  flowId: string,
  call: IvrCall,
  options: IvrRunOptions = {},
): Promise<IvrRunResult> {
  const stored = await getActiveIvrFlow(db, tenantId, flowId);
  if (!stored) throw notFound('ivr_flow_not_found', `tenant has no active IVR flow ${flowId}`);
  return runIvr(call, stored.flow, { ...options, version: stored.version });
}
