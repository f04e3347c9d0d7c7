import { CATALOGUE } from './catalogue.ts';
import type { Dimension, Scenario, Thresholds } from './evaluation.types.ts';

// Evaluation settings live in tenants.settings JSON under "evaluation"; everything missing falls
// back to the METRICS.md defaults below.

export interface CostSettings {
  /** Seat fee per seat per 30-day month. */
  seatFeePerMonth?: number;
  seats?: number;
  cloudFeePerMonth?: number;
  /** Traditional call center cost per call, for comparison in unit_call_cost. */
  traditionalCostPerCall?: number;
  opsStaffCostPerMonth?: number;
  incidentCostPerHour?: number;
}

export interface ScenarioWeights {
  dimensions: Record<Dimension, number>;
  metrics: Record<string, number>;
}

export interface EvaluationSettings {
  thresholds: Record<string, Thresholds>;
  effectiveTalkSeconds: number;
  serviceLevelSeconds: number;
  attributionDays: number;
  followUpDays: number;
  stabilityMinAttempts: number;
  /** Lead sources that count as "obtained through the call center". */
  callCenterLeadSources: string[];
  cost: CostSettings;
  weights: Record<Scenario, ScenarioWeights>;
}

export interface EvaluationSettingsInput {
  thresholds?: Record<string, Partial<Thresholds>>;
  effectiveTalkSeconds?: number;
  serviceLevelSeconds?: number;
  attributionDays?: number;
  followUpDays?: number;
  stabilityMinAttempts?: number;
  callCenterLeadSources?: string[];
  cost?: CostSettings;
  weights?: Partial<Record<Scenario, Partial<ScenarioWeights>>>;
}

// In-dimension weights: the metric METRICS.md names first for a scenario weighs most; the rest
// follow their relevance to that kind of operation (docs/evaluation.md explains each choice).
const BASE_METRIC_WEIGHTS: Record<string, number> = {
  connection_rate: 15,
  connection_rate_stability: 5,
  effective_connection_rate: 15,
  intent_rate: 15,
  deal_conversion_rate: 15,
  resolution_rate: 15,
  lead_followup_rate: 10,
  roi: 10,
  repeat_conversion_rate: 5,
  effective_talk_time_per_agent: 15,
  handled_calls_per_agent: 15,
  average_handle_time: 15,
  outbound_task_completion_rate: 15,
  inbound_queue_wait: 15,
  unit_call_cost: 15,
  ops_cost: 0,
  csat: 20,
  nps: 15,
  complaint_rate: 20,
  harassment_rate: 15,
  video_connection_rate: 10,
  voice_clarity: 20,
  availability: 25,
  mttr: 15,
  dial_latency: 15,
  ivr_response_time: 15,
  encryption_compliance: 15,
  access_control_effectiveness: 15,
};

export const SCENARIO_PRESETS: Record<Scenario, ScenarioWeights> = {
  telemarketing: {
    dimensions: { business: 40, efficiency: 30, experience: 15, system: 15 },
    metrics: {
      ...BASE_METRIC_WEIGHTS,
      deal_conversion_rate: 35,
      connection_rate: 15,
      effective_connection_rate: 15,
      intent_rate: 15,
      resolution_rate: 0,
      effective_talk_time_per_agent: 35,
      handled_calls_per_agent: 20,
      outbound_task_completion_rate: 15,
      inbound_queue_wait: 5,
      harassment_rate: 25,
      complaint_rate: 25,
      ivr_response_time: 5,
      dial_latency: 25,
    },
  },
  'after-sales': {
    dimensions: { experience: 35, business: 30, efficiency: 20, system: 15 },
    metrics: {
      ...BASE_METRIC_WEIGHTS,
      resolution_rate: 40,
      connection_rate: 5,
      connection_rate_stability: 0,
      intent_rate: 5,
      deal_conversion_rate: 5,
      repeat_conversion_rate: 10,
      csat: 35,
      nps: 15,
      harassment_rate: 5,
      inbound_queue_wait: 25,
      outbound_task_completion_rate: 5,
      effective_talk_time_per_agent: 5,
    },
  },
  government: {
    dimensions: { experience: 35, efficiency: 30, system: 25, business: 10 },
    metrics: {
      ...BASE_METRIC_WEIGHTS,
      resolution_rate: 50,
      connection_rate: 5,
      connection_rate_stability: 0,
      intent_rate: 0,
      deal_conversion_rate: 0,
      roi: 0,
      repeat_conversion_rate: 0,
      lead_followup_rate: 10,
      effective_connection_rate: 15,
      inbound_queue_wait: 40,
      average_handle_time: 15,
      handled_calls_per_agent: 15,
      effective_talk_time_per_agent: 5,
      outbound_task_completion_rate: 5,
      csat: 30,
      complaint_rate: 25,
      harassment_rate: 5,
      availability: 30,
      ivr_response_time: 20,
    },
  },
};

export function resolveEvaluationSettings(tenantSettings: unknown): EvaluationSettings {
  const raw =
    tenantSettings && typeof tenantSettings === 'object' && 'evaluation' in tenantSettings
      ? ((tenantSettings as { evaluation?: EvaluationSettingsInput }).evaluation ?? {})
      : {};
  const thresholds: Record<string, Thresholds> = {};
  for (const def of CATALOGUE) {
    const o = raw.thresholds?.[def.id] ?? {};
    thresholds[def.id] = {
      target: num(o.target) ?? def.target,
      redLine: o.redLine === null ? null : (num(o.redLine) ?? def.redLine),
      floor: num(o.floor) ?? def.floor,
    };
  }
  const weights = {} as Record<Scenario, ScenarioWeights>;
  for (const scenario of Object.keys(SCENARIO_PRESETS) as Scenario[]) {
    const preset = SCENARIO_PRESETS[scenario];
    const custom = raw.weights?.[scenario];
    weights[scenario] = {
      dimensions: { ...preset.dimensions, ...(custom?.dimensions ?? {}) },
      metrics: { ...preset.metrics, ...(custom?.metrics ?? {}) },
    };
  }
  return {
    thresholds,
    effectiveTalkSeconds: num(raw.effectiveTalkSeconds) ?? 30,
    serviceLevelSeconds: num(raw.serviceLevelSeconds) ?? 20,
    attributionDays: num(raw.attributionDays) ?? 90,
    followUpDays: num(raw.followUpDays) ?? 7,
    stabilityMinAttempts: num(raw.stabilityMinAttempts) ?? 30,
    callCenterLeadSources: raw.callCenterLeadSources ?? [
      'call',
      'inbound',
      'outbound',
      'campaign',
      'ivr',
      'callback',
    ],
    cost: raw.cost ?? {},
    weights,
  };
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
