import { describe, expect, it } from 'vitest';
import { buildAlerts, worstRow } from './alerts.ts';
import { CATALOGUE } from './catalogue.ts';
import type { MetricResult, MetricValue } from './evaluation.types.ts';
import { buildScorecard, scoreOf, toResult } from './scorecard.ts';
import { resolveEvaluationSettings, SCENARIO_PRESETS } from './settings.ts';

const settings = resolveEvaluationSettings({});
const result = (v: MetricValue): MetricResult => toResult(v, settings.thresholds[v.id]!);
const value = (id: string, x: number | null, extra: Partial<MetricValue> = {}): MetricValue => ({
  id,
  value: x,
  numerator: x,
  denominator: 1,
  ...extra,
});

describe('scoreOf', () => {
  it('scores 100 at the target, 0 at the red line, linear between (lower is better)', () => {
    const t = { target: 0.001, redLine: 0.005, floor: null };
    expect(scoreOf(0.001, 'lower', t)).toBe(100);
    expect(scoreOf(0.0005, 'lower', t)).toBe(100);
    expect(scoreOf(0.003, 'lower', t)).toBe(50);
    expect(scoreOf(0.005, 'lower', t)).toBe(0);
    expect(scoreOf(0.02, 'lower', t)).toBe(0);
  });

  it('uses the floor when the red line equals the target (higher is better)', () => {
    const t = { target: 0.999, redLine: 0.999, floor: 0.99 };
    expect(scoreOf(0.9945, 'higher', t)).toBe(50);
    expect(scoreOf(0.98, 'higher', t)).toBe(0);
    expect(scoreOf(1, 'higher', t)).toBe(100);
  });

  it('gives no score without a value or a target', () => {
    expect(scoreOf(null, 'higher', { target: 1, redLine: null, floor: 0 })).toBeNull();
    expect(scoreOf(5, 'lower', { target: null, redLine: null, floor: null })).toBeNull();
  });
});

describe('buildScorecard', () => {
  it('renormalises over metrics with data and says which dropped out', () => {
    const metrics = CATALOGUE.map((c) => result(value(c.id, null)));
    const set = (id: string, x: number, extra: Partial<MetricValue> = {}) => {
      const i = metrics.findIndex((m) => m.id === id);
      metrics[i] = result(value(id, x, extra));
    };
    // efficiency: inbound_queue_wait (weight 40) scored on the peak 75 s → (120−75)/(120−30) = 50;
    // average_handle_time (weight 15) 300 s → 100. (40·50 + 15·100) / 55 = 63.6
    set('inbound_queue_wait', 20, { scoreValue: 75 });
    set('average_handle_time', 300);
    // experience: csat 0.75 → 50 (weight 30) only
    set('csat', 0.75);
    const card = buildScorecard(metrics, SCENARIO_PRESETS.government);
    const dim = (id: string) => card.dimensions.find((d) => d.id === id)!;
    expect(dim('efficiency').score).toBe(63.6);
    expect(dim('experience').score).toBe(50);
    expect(dim('business').score).toBeNull();
    expect(dim('system').score).toBeNull();
    // overall over efficiency (30) and experience (35): (30·63.6 + 35·50) / 65 = 56.3
    expect(card.overall).toBe(56.3);
    expect(dim('efficiency').dropped).toContain('handled_calls_per_agent');
    expect(card.note).toMatch(/dropped out, weights renormalised/);
    expect(card.note).toMatch(/business, system/);
  });

  it('telemarketing weighs deal conversion and effective talk time most in their dimensions', () => {
    const w = SCENARIO_PRESETS.telemarketing;
    const top = (dim: string) =>
      CATALOGUE.filter((c) => c.dimension === dim).sort(
        (a, b) => (w.metrics[b.id] ?? 0) - (w.metrics[a.id] ?? 0),
      )[0]!.id;
    expect(top('business')).toBe('deal_conversion_rate');
    expect(top('efficiency')).toBe('effective_talk_time_per_agent');
    expect(w.dimensions).toEqual({ business: 40, efficiency: 30, experience: 15, system: 15 });
    expect(SCENARIO_PRESETS['after-sales'].dimensions.experience).toBe(35);
  });

  it('takes custom tenant weights and thresholds over the presets', () => {
    const s = resolveEvaluationSettings({
      evaluation: {
        thresholds: { complaint_rate: { redLine: 0.01 } },
        weights: { government: { dimensions: { system: 0 } } },
      },
    });
    expect(s.thresholds.complaint_rate).toEqual({ target: 0.001, redLine: 0.01, floor: null });
    expect(s.weights.government.dimensions).toEqual({
      experience: 35,
      efficiency: 30,
      system: 0,
      business: 10,
    });
  });
});

describe('alerts', () => {
  const breakdowns = {
    province: [
      {
        key: '广东',
        label: '广东',
        metrics: { complaint_rate: { value: 0.01, numerator: 1, denominator: 100 } },
      },
      {
        key: '北京',
        label: '北京',
        metrics: { complaint_rate: { value: 0.03, numerator: 3, denominator: 100 } },
      },
      {
        key: '上海',
        label: '上海',
        metrics: { complaint_rate: { value: 0.5, numerator: 1, denominator: 2 } },
      },
    ],
  };

  it('names the worst breakdown row with enough cases', () => {
    const m = result(value('complaint_rate', 0.02));
    expect(worstRow(m, breakdowns)).toEqual({
      by: 'province',
      key: '北京',
      label: '北京',
      value: 0.03,
    });
  });

  it('alerts only on red-line breaches, with the peak hour and the staffing link for waits', () => {
    const metrics = [
      result(value('complaint_rate', 0.02)),
      result(value('csat', 0.5)),
      result(value('harassment_rate', 0.001)),
      result(
        value('inbound_queue_wait', 40, {
          scoreValue: 95,
          details: { peak: { hour: 10, meanWaitSeconds: 95 } },
        }),
      ),
    ];
    const alerts = buildAlerts(metrics, { breakdowns, staffingLink: '/api/wfm/plan?x=1' });
    expect(alerts.map((a) => a.metric)).toEqual(['complaint_rate', 'inbound_queue_wait']);
    const wait = alerts[1]!;
    expect(wait.value).toBe(95);
    expect(wait.worst).toMatchObject({ by: 'hour', key: '10' });
    expect(wait.action.link).toBe('/api/wfm/plan?x=1');
    expect(wait.message.zh).toContain('高峰');
    expect(alerts[0]!.message.en).toContain('北京');
    // The Chinese message names the breakdown in Chinese ("最差 hour" was shown on the page).
    expect(wait.message.zh).toContain('最差时段 10:00–11:00');
    expect(alerts[0]!.message.zh).toContain('最差省份 北京');
    for (const a of alerts) expect(a.message.zh).not.toMatch(/最差 ?[a-z]/);
  });
});
