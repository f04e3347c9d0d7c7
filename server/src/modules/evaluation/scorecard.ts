import { CATALOGUE, definitionOf, DIMENSIONS } from './catalogue.ts';
import type {
  Dimension,
  DimensionScore,
  MetricResult,
  MetricValue,
  Status,
  Thresholds,
} from './evaluation.types.ts';
import type { ScenarioWeights } from './settings.ts';

// Scorecard: each metric 0–100 (100 at/beyond target, 0 at/beyond the red line — or the floor when
// the red line equals the target or is absent — linear between); dimension = weighted mean of its
// scored metrics; overall = weighted mean of the scored dimensions. No-data metrics drop out.

export function scoreOf(
  value: number | null,
  direction: 'higher' | 'lower',
  t: Thresholds,
): number | null {
  if (value === null || t.target === null) return null;
  const zero = t.redLine !== null && t.redLine !== t.target ? t.redLine : t.floor;
  if (zero === null) return null;
  const span = direction === 'higher' ? t.target - zero : zero - t.target;
  if (span <= 0) return null;
  const distance = direction === 'higher' ? value - zero : zero - value;
  const score = (distance / span) * 100;
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}

export function breached(
  value: number | null,
  direction: 'higher' | 'lower',
  redLine: number | null,
): boolean {
  if (value === null || redLine === null) return false;
  return direction === 'higher' ? value < redLine : value > redLine;
}

export function toResult(v: MetricValue, t: Thresholds): MetricResult {
  const def = definitionOf(v.id);
  const basis = v.scoreValue !== undefined ? v.scoreValue : v.value;
  const score = scoreOf(basis, def.direction, t);
  let status: Status;
  if (v.value === null) status = 'no_data';
  else if (breached(basis, def.direction, t.redLine)) status = 'breach';
  else if (score === null) status = 'not_scored';
  else status = score >= 100 ? 'good' : 'warning';
  const { details, ...rest } = v;
  return {
    ...rest,
    zh: def.zh,
    en: def.en,
    dimension: def.dimension,
    unit: def.unit,
    direction: def.direction,
    target: t.target,
    redLine: t.redLine,
    score,
    status,
    ...(details ? { details } : {}),
  };
}

export interface Scorecard {
  overall: number | null;
  dimensions: DimensionScore[];
  note: string | null;
}

const weightedMean = (items: { weight: number; score: number | null }[]): number | null => {
  const scored = items.filter((i) => i.score !== null && i.weight > 0);
  const total = scored.reduce((a, i) => a + i.weight, 0);
  if (total <= 0) return null;
  const value = scored.reduce((a, i) => a + i.weight * (i.score ?? 0), 0) / total;
  return Math.round(value * 10) / 10;
};

export function buildScorecard(metrics: MetricResult[], weights: ScenarioWeights): Scorecard {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const dimensions: DimensionScore[] = DIMENSIONS.map((d) => {
    const items = CATALOGUE.filter((c) => c.dimension === d.id).map((c) => ({
      id: c.id,
      weight: weights.metrics[c.id] ?? 0,
      score: byId.get(c.id)?.score ?? null,
    }));
    return {
      id: d.id,
      zh: d.zh,
      en: d.en,
      weight: weights.dimensions[d.id],
      score: weightedMean(items),
      dropped: items.filter((i) => i.weight > 0 && i.score === null).map((i) => i.id),
      metrics: items,
    };
  });
  const overall = weightedMean(dimensions);
  const dropped = dimensions.flatMap((d) => d.dropped);
  const emptyDims = dimensions.filter((d) => d.score === null && d.weight > 0).map((d) => d.id);
  const notes: string[] = [];
  if (dropped.length > 0) {
    notes.push(
      `${dropped.length} weighted metric(s) had no data and dropped out, weights renormalised: ${dropped.join(', ')}`,
    );
  }
  if (emptyDims.length > 0) {
    notes.push(
      `dimension(s) without any scored metric left out of the overall score: ${emptyDims.join(', ')}`,
    );
  }
  return { overall, dimensions, note: notes.length > 0 ? notes.join('; ') : null };
}

export const dimensionWeights = (w: ScenarioWeights): Record<Dimension, number> => ({
  ...w.dimensions,
});
