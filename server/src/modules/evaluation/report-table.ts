import type { EvaluationReport, MetricResult } from './evaluation.types.ts';

// Plain-text report for the terminal: Chinese labels with the English metric ids, dates in the
// tenant's time zone.

const SCENARIO_ZH = { telemarketing: '电销', 'after-sales': '售后', government: '政务' } as const;
const STATUS_ZH = {
  good: '达标',
  warning: '未达标',
  breach: '越红线',
  no_data: '无数据',
  not_scored: '不评分',
} as const;

export function formatValue(m: Pick<MetricResult, 'unit'>, v: number | null): string {
  if (v === null) return '—';
  switch (m.unit) {
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'seconds':
      return `${v.toFixed(1)} 秒`;
    case 'ms':
      return `${v.toFixed(0)} 毫秒`;
    case 'calls':
      return v.toFixed(2);
    case 'points':
      return v.toFixed(1);
    case 'currency':
      return `¥${v.toFixed(2)}`;
    case 'count':
      return String(v);
  }
}

const width = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
};
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

export function formatDate(ms: number | null, timeZone: string): string {
  if (ms === null) return '—';
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

export function renderTable(r: EvaluationReport): string {
  const tz = r.tenant.timeZone;
  const lines: string[] = [];
  lines.push(`云呼 Yunhu 评估报告 — ${r.tenant.name} (${r.tenant.id})`);
  lines.push(
    `区间: ${r.range.from === null ? '全部历史' : formatDate(r.range.from, tz)} → ${r.range.to === null ? '至今' : formatDate(r.range.to, tz)} (${tz})  场景: ${SCENARIO_ZH[r.scenario]} ${r.scenario}  数据源: ${r.source}`,
  );
  lines.push(`综合得分 overall: ${r.overall.score === null ? '—' : r.overall.score.toFixed(1)}`);
  if (r.overall.note) lines.push(`说明: ${r.overall.note}`);
  lines.push('');
  for (const d of r.dimensions) {
    lines.push(
      `${padEnd(`${d.zh} ${d.id}`, 26)} 权重 ${String(d.weight).padStart(3)}  得分 ${d.score === null ? '—' : d.score.toFixed(1)}`,
    );
  }
  lines.push('');
  const header = [
    padEnd('指标 id', 34),
    padEnd('名称', 28),
    padEnd('值', 14),
    padEnd('分子/分母', 26),
    padEnd('目标', 12),
    padEnd('得分', 7),
    '状态',
  ].join(' ');
  lines.push(header);
  lines.push('-'.repeat(width(header)));
  for (const m of r.metrics) {
    const nd =
      m.numerator === null && m.denominator === null
        ? '—'
        : `${m.numerator ?? '—'}/${m.denominator ?? '—'}`;
    lines.push(
      [
        padEnd(m.id, 34),
        padEnd(m.zh, 28),
        padEnd(formatValue(m, m.value), 14),
        padEnd(nd, 26),
        padEnd(formatValue(m, m.target), 12),
        padEnd(m.score === null ? '—' : m.score.toFixed(1), 7),
        STATUS_ZH[m.status],
      ].join(' '),
    );
  }
  const wait = r.metrics.find((m) => m.id === 'inbound_queue_wait');
  const peak = wait?.details?.peak as
    { hour: number; meanWaitSeconds: number | null } | null | undefined;
  if (peak) {
    lines.push('');
    lines.push(
      `高峰时段 peak hour: ${String(peak.hour).padStart(2, '0')}:00  平均等待 ${peak.meanWaitSeconds ?? '—'} 秒`,
    );
  }
  lines.push('');
  lines.push(r.alerts.length === 0 ? '红线告警: 无' : `红线告警 (${r.alerts.length}):`);
  for (const a of r.alerts) {
    lines.push(`  ⚠ ${a.metric}: ${a.message.zh}`);
    lines.push(`    建议: ${a.action.zh}${a.action.link ? ` ${a.action.link}` : ''}`);
  }
  for (const [by, rows] of Object.entries(r.breakdowns)) {
    if (!rows || rows.length === 0) continue;
    lines.push('');
    lines.push(
      `按 ${by} 分解 (calls / connection_rate / effective_connection_rate / inbound_queue_wait):`,
    );
    for (const row of rows.slice(0, 40)) {
      const cell = (id: string): number | null => row.metrics[id]?.value ?? null;
      lines.push(
        `  ${padEnd(row.label, 24)} ${String(cell('calls') ?? 0).padStart(8)}  ${formatValue({ unit: 'ratio' }, cell('connection_rate')).padStart(8)}  ${formatValue({ unit: 'ratio' }, cell('effective_connection_rate')).padStart(8)}  ${formatValue({ unit: 'seconds' }, cell('inbound_queue_wait')).padStart(10)}`,
      );
    }
    if (rows.length > 40) lines.push(`  … 另有 ${rows.length - 40} 行`);
  }
  return `${lines.join('\n')}\n`;
}
