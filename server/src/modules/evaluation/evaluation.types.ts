// Shapes of the evaluation engine: the catalogue, a computed metric, the report.

export type Dimension = 'business' | 'efficiency' | 'experience' | 'system';
export type Direction = 'higher' | 'lower';
export type Scenario = 'telemarketing' | 'after-sales' | 'government';
export type Unit = 'ratio' | 'seconds' | 'ms' | 'calls' | 'points' | 'currency' | 'count';

/** Breakdown dimensions; hour = hour of day and day = date, both in the tenant's time zone. */
export type BreakdownKey =
  'agent' | 'team' | 'campaign' | 'queue' | 'province' | 'carrier' | 'hour' | 'day';

export const BREAKDOWN_KEYS: readonly BreakdownKey[] = [
  'agent',
  'team',
  'campaign',
  'queue',
  'province',
  'carrier',
  'hour',
  'day',
];

export const SCENARIOS: readonly Scenario[] = ['telemarketing', 'after-sales', 'government'];

export interface MetricDefinition {
  id: string;
  zh: string;
  en: string;
  dimension: Dimension;
  unit: Unit;
  direction: Direction;
  /** Default target; the tenant may override it (settings.evaluation.thresholds[id].target). */
  target: number | null;
  /** Default red line (alert when crossed); null = no alert. */
  redLine: number | null;
  /** Score 0 point when the red line equals the target or is absent (a documented floor). */
  floor: number | null;
  formula: string;
  formulaZh: string;
}

export interface Thresholds {
  target: number | null;
  redLine: number | null;
  floor: number | null;
}

export type Status = 'good' | 'warning' | 'breach' | 'no_data' | 'not_scored';

export interface MetricValue {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The figure the score is based on when it differs from value (e.g. peak-hour wait). */
  scoreValue?: number | null;
  details?: Record<string, unknown>;
}

export interface MetricResult extends MetricValue {
  zh: string;
  en: string;
  dimension: Dimension;
  unit: Unit;
  direction: Direction;
  target: number | null;
  redLine: number | null;
  score: number | null;
  status: Status;
}

export interface DimensionScore {
  id: Dimension;
  zh: string;
  en: string;
  weight: number;
  score: number | null;
  /** Metrics that had no data and dropped out (weights renormalised over the rest). */
  dropped: string[];
  metrics: { id: string; weight: number; score: number | null }[];
}

export interface BreakdownRow {
  key: string;
  label: string;
  metrics: Record<
    string,
    { value: number | null; numerator: number | null; denominator: number | null }
  >;
}

export interface Alert {
  metric: string;
  zh: string;
  en: string;
  value: number;
  redLine: number;
  worst: { by: BreakdownKey; key: string; label: string; value: number } | null;
  message: { zh: string; en: string };
  action: { zh: string; en: string; link?: string; plan?: Record<string, unknown> };
}

export interface TrendPoint {
  period: string;
  from: number;
  to: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  change: number | null;
}

export interface EvaluationReport {
  tenant: { id: string; name: string; timeZone: string };
  range: { from: number | null; to: number | null; fromIso: string | null; toIso: string | null };
  scenario: Scenario;
  source: 'rollups' | 'raw';
  overall: { score: number | null; weights: Record<Dimension, number>; note: string | null };
  dimensions: DimensionScore[];
  metrics: MetricResult[];
  breakdowns: Partial<Record<BreakdownKey, BreakdownRow[]>>;
  alerts: Alert[];
  trends: { day: Record<string, TrendPoint[]>; week: Record<string, TrendPoint[]> };
  generatedAt: number;
}
