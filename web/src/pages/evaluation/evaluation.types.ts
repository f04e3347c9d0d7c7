// The JSON of GET /api/evaluation (same as `yunhu evaluate --format json`), as the page reads it.

export type Dimension = 'business' | 'efficiency' | 'experience' | 'system';
export type Scenario = 'telemarketing' | 'after-sales' | 'government';
export type Status = 'good' | 'warning' | 'breach' | 'no_data' | 'not_scored';
export type BreakdownKey =
  'agent' | 'team' | 'campaign' | 'queue' | 'province' | 'carrier' | 'hour' | 'day';

export interface MetricResult {
  id: string;
  zh?: string;
  en?: string;
  dimension?: Dimension;
  unit?: string;
  direction?: 'higher' | 'lower';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  scoreValue?: number | null;
  target: number | null;
  redLine: number | null;
  score: number | null;
  status: Status;
  details?: Record<string, unknown>;
}

export interface DimensionScore {
  id: Dimension;
  zh?: string;
  en?: string;
  weight: number;
  score: number | null;
  dropped?: string[];
}

export interface BreakdownRow {
  key: string;
  label: string;
  metrics: Record<
    string,
    { value: number | null; numerator: number | null; denominator: number | null }
  >;
}

export interface EvalAlert {
  metric: string;
  zh?: string;
  en?: string;
  value: number;
  redLine: number;
  worst: { by: BreakdownKey; key: string; label: string; value: number } | null;
  message?: { zh: string; en: string };
  action?: { zh: string; en: string; link?: string };
}

export interface TrendPoint {
  period: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  change?: number | null;
}

export interface EvaluationReport {
  tenant?: { id: string; name: string; timeZone: string };
  range?: {
    from: number | null;
    to: number | null;
    fromIso?: string | null;
    toIso?: string | null;
  };
  scenario: Scenario;
  overall: {
    score: number | null;
    weights?: Partial<Record<Dimension, number>>;
    note?: string | null;
  };
  dimensions: DimensionScore[];
  metrics: MetricResult[];
  breakdowns?: Partial<Record<BreakdownKey, BreakdownRow[]>>;
  alerts: EvalAlert[];
  trends?: { day?: Record<string, TrendPoint[]>; week?: Record<string, TrendPoint[]> };
  generatedAt?: number;
}

export interface CatalogueEntry {
  id: string;
  zh: string;
  en: string;
  dimension: Dimension;
  unit: string;
  direction: 'higher' | 'lower';
  target: number | null;
  redLine: number | null;
  formula?: string;
  formulaZh?: string;
}

/** The catalogue endpoint may answer a bare array or { metrics: [...] }. */
export function catalogueList(body: unknown): CatalogueEntry[] {
  if (Array.isArray(body)) return body as CatalogueEntry[];
  if (body && typeof body === 'object') {
    const o = body as { metrics?: unknown; items?: unknown };
    if (Array.isArray(o.metrics)) return o.metrics as CatalogueEntry[];
    if (Array.isArray(o.items)) return o.items as CatalogueEntry[];
  }
  return [];
}
