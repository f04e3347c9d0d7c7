import type { Db } from '../../db/index.ts';
import type { Clock } from '../../platform/index.ts';
import { factThresholdsOf, settingsOf } from './evaluate.service.ts';
import { rebuildRollups } from './rollups.repo.ts';

// Public surface of the evaluation engine.
export { CATALOGUE, DIMENSIONS, METRIC_IDS, definitionOf } from './catalogue.ts';
export { evaluate, tzOffsetMs, type EvaluateOptions } from './evaluate.service.ts';
export {
  SCENARIO_PRESETS,
  resolveEvaluationSettings,
  type EvaluationSettings,
} from './settings.ts';
export {
  evaluationSettingsSchema,
  loadEvaluationSettings,
  saveEvaluationSettings,
  type EvaluationSettingsView,
} from './settings-store.ts';
export { scoreOf } from './scorecard.ts';
export { estimateMos } from './e-model.ts';
export { MONITOR_SINCE_KEY } from './system-metrics.ts';
export { renderHtmlReport } from './report-html.ts';
export { parseBy, parseDate, parseRange, parseScenario } from './params.ts';
export { renderTable } from './report-table.ts';
export type { FactFilter, FactSource } from './rollups.repo.ts';
export * from './evaluation.types.ts';

/**
 * Keeps the roll-ups current after calls were written: recomputes every hour that [from, to)
 * touches (all history without a range). Importers call it once at the end of an import; live
 * call writers call it per call with the call's created_at.
 */
export async function refreshRollups(
  ctx: { db: Db; clock: Clock },
  tenantId: string,
  range: { from?: number | null; to?: number | null } = {},
): Promise<{ hours: number | null; rebuilt: boolean }> {
  const tenant = await ctx.db.kysely
    .selectFrom('tenants')
    .selectAll()
    .where('id', '=', tenantId)
    .executeTakeFirst();
  const thresholds = factThresholdsOf(
    settingsOf(tenant ?? ({ settings: '{}' } as Parameters<typeof settingsOf>[0])),
  );
  return rebuildRollups(ctx.db, tenantId, range, thresholds, ctx.clock.now());
}
