// Versioned flow storage on every test dialect: save → new active version, list, rollback,
// validation before storage, tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DIALECTS, type Db } from '../../db/index.ts';
import {
  activateIvrFlowVersion,
  demoIvrFlow,
  getActiveIvrFlow,
  getIvrFlowVersion,
  listIvrFlows,
  listIvrFlowVersions,
  saveIvrFlow,
} from './index.ts';

const flow = demoIvrFlow({ salesQueueId: 'q-sales', serviceQueueId: 'q-service' });

describe.each(TEST_DIALECTS)('IVR flow storage on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db.close();
  });

  it('each save is a new active version; older versions stay and can be re-activated', async () => {
    const v1 = await saveIvrFlow(db, 't1', flow, { createdBy: 'admin-1', now: 1000 });
    expect(v1).toMatchObject({ flowId: 'demo-4000', version: 1, active: true, createdAt: 1000 });
    const changed = { ...flow, name: '新版本' };
    const v2 = await saveIvrFlow(db, 't1', changed, { now: 2000 });
    expect(v2.version).toBe(2);
    const active = await getActiveIvrFlow(db, 't1', 'demo-4000');
    expect(active?.version).toBe(2);
    expect(active?.flow.name).toBe('新版本');
    expect(active?.flow.nodes.menu).toMatchObject({
      verb: 'menu',
      retries: 2,
      invalidPrompt: 'invalid',
    });
    const versions = await listIvrFlowVersions(db, 't1', 'demo-4000');
    expect(versions.map((v) => [v.version, v.active, v.createdBy])).toEqual([
      [2, true, null],
      [1, false, 'admin-1'],
    ]);
    const back = await activateIvrFlowVersion(db, 't1', 'demo-4000', 1);
    expect(back.flow.name).toBe('演示热线 4000');
    expect((await getActiveIvrFlow(db, 't1', 'demo-4000'))?.version).toBe(1);
    expect((await getIvrFlowVersion(db, 't1', 'demo-4000', 2))?.active).toBe(false);
    await expect(activateIvrFlowVersion(db, 't1', 'demo-4000', 9)).rejects.toThrow(/no version 9/);
  });

  it('an invalid flow is refused before storage; tenants do not see each other', async () => {
    const bad = { ...flow, start: 'nope' };
    await expect(saveIvrFlow(db, 't2', bad)).rejects.toThrow(/start: unknown node "nope"/);
    expect(await listIvrFlows(db, 't2')).toEqual([]);
    await saveIvrFlow(db, 't2', { ...flow, id: 'other' });
    expect((await listIvrFlows(db, 't2')).map((f) => f.flowId)).toEqual(['other']);
    expect(await getActiveIvrFlow(db, 't2', 'demo-4000')).toBeNull();
  });
});
