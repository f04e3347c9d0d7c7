import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { createTestDb } from '../../src/db/index.ts';
import { runImport } from '../../src/modules/imports/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  parsePlanInput,
  planFromHistory,
  planFromParameters,
  type HistoryPlan,
} from '../../src/modules/wfm/index.ts';
import {
  createFieldCipher,
  EventBus,
  ManualClock,
  silentLogger,
} from '../../src/platform/index.ts';

// The Anonymous Bank's August 1999 (examples/callcenter, README figures computed independently
// in python): the Sun–Thu 10:00–11:00 peak has 144.4 requests an hour, AHT 204.4 s (8.20
// Erlangs), P(abandon) 0.217, E[W | served] 94.5 s, patience ≈ 426 s, 6.42 agents busy.
// The import is the slow part (tens of seconds on a loaded 2-core box), so this suite runs on
// SQLite only; the planning code itself is covered on both dialects by plan-history.test.ts.
const FILE = path.resolve(
  import.meta.dirname,
  '../../../examples/callcenter/anonymous-bank-1999-08.csv',
);

describe('planning from the real Anonymous Bank history', () => {
  let ctx: AppContext;
  let plan: HistoryPlan;

  beforeAll(async () => {
    ctx = {
      config: {} as AppContext['config'],
      db: await createTestDb('sqlite'),
      cipher: createFieldCipher(Buffer.alloc(32, 7)),
      clock: new ManualClock(Date.UTC(2026, 0, 1)),
      logger: silentLogger,
      bus: new EventBus(),
    };
    await ensureTenant(
      ctx.db,
      { id: 'bank', name: 'Anonymous Bank', timeZone: 'Asia/Shanghai' },
      0,
    );
    const report = await runImport(ctx, {
      tenantId: 'bank',
      kind: 'anonymous-bank',
      filePath: FILE,
    });
    expect(report.status).toBe('completed');
    plan = await planFromHistory(
      ctx,
      'bank',
      parsePlanInput({ fromHistory: true, weekday: 'sun-thu', intervalMinutes: 60 }),
    );
  }, 180_000);
  afterAll(async () => {
    await ctx.db.close();
  });

  it('forecasts the Sun–Thu 10:00 peak as the README computes it', () => {
    expect(plan.history).toMatchObject({
      from: '1999-08-01',
      to: '1999-08-31',
      weekdays: 'sun,mon,tue,wed,thu',
    });
    const p = plan.peak;
    expect(p).toMatchObject({ start: '10:00', end: '11:00' });
    expect(p.observed.days).toBe(23);
    expect(p.calls).toBeCloseTo(144.4, 1);
    expect(p.aht).toBeCloseTo(204.4, 1);
    expect(p.load).toBeCloseTo(8.2, 2);
    expect(p.patience).toBeCloseTo(425.8, 1);
    expect(p.observed.pAbandon).toBeCloseTo(0.217, 3);
    expect(p.observed.meanWait).toBeCloseTo(94.5, 1);
    expect(p.observed.busyAgents).toBeCloseTo(6.42, 2);
  });

  it('needs 10 agents under Erlang A for a 30 s mean wait (9 give 30.03 s)', () => {
    expect(plan.model).toBe('erlang-a');
    expect(plan.recommended.agents).toBe(10);
    expect(plan.recommended.meanWait).toBeCloseTo(16.95, 2);
    const nine = plan.rows.find((r) => r.agents === 9);
    expect(nine?.meanWait).toBeCloseTo(30.03, 2);
    expect(plan.recommended.scheduled).toBe(15);
  });

  it('predicts 12.5 % abandonment at the ≈ 8 agents present, against 21.7 % observed', () => {
    const p = plan.peak;
    // Agents present, from each agent's first-to-last service span inside the hour.
    expect(p.observed.activeAgents).toBeCloseTo(8.22, 2);
    expect(p.atObservedStaffing?.agents).toBe(8);
    expect(p.atObservedStaffing?.pAbandon).toBeCloseTo(0.1246, 4);
    expect(p.atObservedStaffing?.meanWait).toBeCloseTo(51.1, 1);
    // The staffing that reproduces the observed abandonment is lower: 7 agents give 19.5 %.
    const seven = planFromParameters(
      parsePlanInput({
        calls: p.calls,
        intervalMinutes: 60,
        aht: p.aht,
        patience: p.patience ?? 0,
        agents: '7..7',
      }),
    ).rows[0];
    expect(seven?.pAbandon).toBeCloseTo(0.1953, 4);
  });
});
