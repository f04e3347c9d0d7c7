import type { HistoryPlan } from './wfm.service.ts';
import type { PlanResult, QueueMetrics } from './wfm.types.ts';

// `--format table`: plain aligned text with Chinese and English headers.

const fixed = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits);
const pct = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;

// East Asian characters take two columns in a terminal.
const width = (s: string): number => {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
};

export function renderTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells.map((c, i) => ' '.repeat((widths[i] ?? 0) - width(c)) + c).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const METRIC_HEADER = [
  '等待概率 P(wait)',
  '放弃率 P(abandon)',
  '平均等待 Mean wait (s)',
  '服务水平 Service level',
  '占用率 Occupancy',
];
const metricCells = (m: QueueMetrics): string[] => [
  pct(m.pWait),
  pct(m.pAbandon),
  fixed(m.meanWait, 1),
  pct(m.serviceLevel),
  pct(m.occupancy),
];

export function formatPlanTable(plan: PlanResult): string {
  const r = plan.recommended;
  const rows = renderTable(
    ['坐席 Agents', ...METRIC_HEADER],
    plan.rows.map((m) => [
      String(m.agents) + (m.agents === r.agents ? ' *' : ''),
      ...metricCells(m),
    ]),
  );
  return [
    `模型 Model: ${plan.model}   负荷 Load: ${r.load.toFixed(2)} Erlangs`,
    rows,
    `建议 Recommended: ${r.agents} 坐席 agents; 排班 scheduled ${r.scheduled} (缩减率 shrinkage ${pct(r.shrinkage)})`,
  ].join('\n');
}

export function formatHistoryTable(plan: HistoryPlan): string {
  const h = plan.history;
  const busy = plan.intervals.filter((i) => i.calls > 0);
  const table = renderTable(
    [
      '星期 Weekday',
      '时段 Interval',
      '来电 Calls',
      '处理时长 AHT (s)',
      '负荷 Load (Erl)',
      '坐席 Agents',
      '排班 Scheduled',
      ...METRIC_HEADER,
    ],
    busy.map((i) => [
      i.weekdays,
      `${i.start}–${i.end}`,
      fixed(i.calls, 1),
      fixed(i.aht, 1),
      fixed(i.load, 2),
      String(i.agents),
      String(i.scheduled),
      ...metricCells(i),
    ]),
  );
  const p = plan.peak;
  const seen = p.atObservedStaffing;
  return [
    `租户 Tenant: ${h.tenantId}   时区 Time zone: ${h.timeZone}   历史 History: ${h.from} … ${h.to}   模型 Model: ${plan.model}`,
    table,
    `高峰 Peak: ${p.weekdays} ${p.start}–${p.end}: ${fixed(p.calls, 1)} calls, AHT ${fixed(p.aht, 1)} s, ` +
      `patience ${fixed(p.patience, 0)} s → ${p.agents} agents (scheduled ${p.scheduled})`,
    `实际 Observed: mean wait ${fixed(p.observed.meanWait, 1)} s, P(abandon) ${pct(p.observed.pAbandon)}, ` +
      `busy ${fixed(p.observed.busyAgents, 2)}, present ≈ ${fixed(p.observed.activeAgents, 2)} agents` +
      (seen
        ? `; model at ${seen.agents} agents: mean wait ${fixed(seen.meanWait, 1)} s, P(abandon) ${pct(seen.pAbandon)}`
        : ''),
  ].join('\n');
}
