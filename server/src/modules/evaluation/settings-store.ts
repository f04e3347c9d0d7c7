import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { invalidInput, notFound } from '../../platform/index.ts';
import { CATALOGUE, DIMENSIONS } from './catalogue.ts';
import type { Dimension, MetricDefinition, Scenario, Thresholds } from './evaluation.types.ts';
import {
  resolveEvaluationSettings,
  SCENARIO_PRESETS,
  type EvaluationSettingsInput,
  type ScenarioWeights,
} from './settings.ts';

// Reading and writing a tenant's evaluation thresholds and scenario weights
// (tenants.settings.evaluation). Only the values that differ from the defaults are stored, so a
// later change of a default still reaches tenants that never touched that value.

const METRIC_IDS = CATALOGUE.map((d) => d.id) as [string, ...string[]];
const DIMENSION_IDS = DIMENSIONS.map((d) => d.id) as [Dimension, ...Dimension[]];
const SCENARIO_IDS = Object.keys(SCENARIO_PRESETS) as [Scenario, ...Scenario[]];
const BY_ID = new Map(CATALOGUE.map((d) => [d.id, d]));

/** The value range a threshold of this metric may take, in the metric's own unit. */
export function thresholdRange(def: MetricDefinition): [number, number] {
  if (def.id === 'nps') return [-100, 100];
  if (def.id === 'roi') return [-1, 1000];
  if (def.id === 'connection_rate_stability') return [0, 10];
  if (def.unit === 'ratio') return [0, 1];
  return [0, 1e9];
}

const weight = z.number().min(0, 'must be ≥ 0').max(1000, 'must be ≤ 1000');
const threshold = z.number().nullable().optional();

export const evaluationSettingsSchema = z
  .strictObject({
    thresholds: z
      .partialRecord(
        z.enum(METRIC_IDS),
        z.strictObject({ target: threshold, redLine: threshold, floor: threshold }),
      )
      .default({}),
    weights: z
      .partialRecord(
        z.enum(SCENARIO_IDS),
        z.strictObject({
          dimensions: z.partialRecord(z.enum(DIMENSION_IDS), weight).optional(),
          metrics: z.partialRecord(z.enum(METRIC_IDS), weight).optional(),
        }),
      )
      .default({}),
  })
  .superRefine((input, ctx) => {
    for (const [id, t] of Object.entries(input.thresholds)) {
      const def = BY_ID.get(id);
      if (!def || !t) continue;
      const [lo, hi] = thresholdRange(def);
      for (const key of ['target', 'redLine', 'floor'] as const) {
        const v = t[key];
        if (typeof v === 'number' && (v < lo || v > hi)) {
          ctx.addIssue({
            code: 'custom',
            path: ['thresholds', id, key],
            message: `must be between ${lo} and ${hi}`,
          });
        }
      }
      for (const key of ['target', 'floor'] as const) {
        // resolveEvaluationSettings reads a null target or floor as "the default".
        if (t[key] === null && def[key] !== null) {
          ctx.addIssue({
            code: 'custom',
            path: ['thresholds', id, key],
            message: 'must be a number (only the red line can be cleared)',
          });
        }
      }
      const merged = mergeThresholds(def, t);
      const worse = def.direction === 'higher' ? -1 : 1;
      const { target, redLine, floor } = merged;
      if (target !== null && redLine !== null && (redLine - target) * worse < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', id, 'redLine'],
          message: `must not be ${worse < 0 ? 'above' : 'below'} the target ${target}`,
        });
      }
      if (target !== null && floor !== null && (floor - target) * worse <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', id, 'floor'],
          message: `must be ${worse < 0 ? 'below' : 'above'} the target ${target}`,
        });
      }
    }
    for (const [scenario, w] of Object.entries(input.weights)) {
      const dims = { ...SCENARIO_PRESETS[scenario as Scenario].dimensions, ...w?.dimensions };
      if (Object.values(dims).every((v) => v === 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights', scenario, 'dimensions'],
          message: 'at least one dimension weight must be above 0',
        });
      }
    }
  });
export type EvaluationSettingsBody = z.input<typeof evaluationSettingsSchema>;

function mergeThresholds(def: MetricDefinition, o: Partial<Thresholds>): Thresholds {
  return {
    target: o.target === undefined ? def.target : o.target,
    redLine: o.redLine === undefined ? def.redLine : o.redLine,
    floor: o.floor === undefined ? def.floor : o.floor,
  };
}

export interface EvaluationSettingsView {
  thresholds: Record<string, Thresholds>;
  weights: Record<Scenario, ScenarioWeights>;
  defaults: { thresholds: Record<string, Thresholds>; weights: Record<Scenario, ScenarioWeights> };
}

async function tenantSettingsJson(db: Db, tenantId: string): Promise<Record<string, unknown>> {
  const row = await db.kysely
    .selectFrom('tenants')
    .select('settings')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('tenant.not_found', 'Tenant not found');
  try {
    const parsed = JSON.parse(row.settings) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function loadEvaluationSettings(
  db: Db,
  tenantId: string,
): Promise<EvaluationSettingsView> {
  const current = resolveEvaluationSettings(await tenantSettingsJson(db, tenantId));
  const defaults = resolveEvaluationSettings({});
  return {
    thresholds: current.thresholds,
    weights: current.weights,
    defaults: { thresholds: defaults.thresholds, weights: defaults.weights },
  };
}

/**
 * Replaces the tenant's thresholds and weights with `input` (values not given take the
 * defaults; `{}` resets both). Other evaluation settings (cost, talk seconds…) are kept.
 */
export async function saveEvaluationSettings(
  db: Db,
  tenantId: string,
  input: unknown,
): Promise<EvaluationSettingsView> {
  const parsed = evaluationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw invalidInput('evaluation.settings_invalid', `${where}: ${issue?.message ?? 'invalid'}`, {
      where,
    });
  }
  const all = await tenantSettingsJson(db, tenantId);
  const evaluation = { ...((all.evaluation as EvaluationSettingsInput | undefined) ?? {}) };
  const thresholds: Record<string, Partial<Thresholds>> = {};
  for (const [id, t] of Object.entries(parsed.data.thresholds)) {
    const def = BY_ID.get(id);
    if (!def || !t) continue;
    const changed: Partial<Thresholds> = {};
    for (const key of ['target', 'redLine', 'floor'] as const) {
      if (t[key] !== undefined && t[key] !== def[key]) changed[key] = t[key];
    }
    if (Object.keys(changed).length > 0) thresholds[id] = changed;
  }
  const weights: NonNullable<EvaluationSettingsInput['weights']> = {};
  for (const [scenario, w] of Object.entries(parsed.data.weights)) {
    const preset = SCENARIO_PRESETS[scenario as Scenario];
    const dimensions = diff(w?.dimensions, preset.dimensions);
    const metrics = diff(w?.metrics, preset.metrics);
    if (dimensions || metrics) {
      weights[scenario as Scenario] = {
        ...(dimensions ? { dimensions: dimensions } : {}),
        ...(metrics ? { metrics } : {}),
      };
    }
  }
  evaluation.thresholds = thresholds;
  evaluation.weights = weights;
  await db.kysely
    .updateTable('tenants')
    .set({ settings: JSON.stringify({ ...all, evaluation }) })
    .where('id', '=', tenantId)
    .execute();
  return loadEvaluationSettings(db, tenantId);
}

function diff(
  given: Partial<Record<string, number>> | undefined,
  preset: Record<string, number>,
): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(given ?? {})) {
    if (v !== undefined && v !== preset[k]) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}
