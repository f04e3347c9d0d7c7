import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EvaluationReport } from './evaluation.types.ts';
import { formatDate, formatValue } from './report-table.ts';

// A self-contained HTML report a manager can open offline: ECharts is inlined from
// node_modules/echarts/dist/echarts.min.js, the report JSON is embedded, nothing is fetched.

let echartsSource: string | undefined;
function echarts(): string {
  echartsSource ??= readFileSync(
    createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
    'utf8',
  );
  return echartsSource;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown): string =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function renderHtmlReport(r: EvaluationReport): string {
  const tz = r.tenant.timeZone;
  const rows = r.metrics
    .map(
      (
        m,
      ) => `<tr class="${m.status}"><td><code>${esc(m.id)}</code></td><td>${esc(m.zh)}<br><small>${esc(m.en)}</small></td>
<td>${esc(formatValue(m, m.value))}</td><td>${m.numerator ?? '—'} / ${m.denominator ?? '—'}</td>
<td>${esc(formatValue(m, m.target))}</td><td>${esc(formatValue(m, m.redLine))}</td>
<td>${m.score === null ? '—' : m.score.toFixed(1)}</td><td>${esc(m.status)}</td></tr>`,
    )
    .join('\n');
  const alerts =
    r.alerts.length === 0
      ? '<p>无红线告警 No red-line alerts.</p>'
      : `<ul>${r.alerts
          .map(
            (a) =>
              `<li><b>${esc(a.metric)}</b>: ${esc(a.message.zh)}<br>${esc(a.message.en)}<br><i>${esc(a.action.zh)} / ${esc(a.action.en)}</i>${a.action.link ? ` <code>${esc(a.action.link)}</code>` : ''}</li>`,
          )
          .join('')}</ul>`;
  const breakdownCharts = Object.keys(r.breakdowns)
    .map((by) => `<h3>按 ${esc(by)} 分解</h3><div class="chart" id="bd-${esc(by)}"></div>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>云呼评估报告 Yunhu evaluation — ${esc(r.tenant.name)}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left}
tr.breach td{background:#fde2e2}tr.warning td{background:#fff6e0}tr.good td{background:#e6f6e6}tr.no_data td{color:#999}
.chart{width:100%;height:360px}.score{font-size:40px;font-weight:bold}
</style></head><body>
<h1>云呼评估报告 <small>Yunhu evaluation report</small></h1>
<p>${esc(r.tenant.name)} · ${esc(r.scenario)} · ${r.range.from === null ? '全部历史 all history' : esc(formatDate(r.range.from, tz))} → ${r.range.to === null ? '至今' : esc(formatDate(r.range.to, tz))} (${esc(tz)}) · 生成 ${esc(formatDate(r.generatedAt, tz))}</p>
<p>综合得分 Overall: <span class="score">${r.overall.score === null ? '—' : r.overall.score.toFixed(1)}</span></p>
${r.overall.note ? `<p><small>${esc(r.overall.note)}</small></p>` : ''}
<div class="chart" id="scores"></div>
<h2>红线告警 Alerts</h2>${alerts}
<h2>指标 Metrics</h2>
<table><tr><th>id</th><th>名称</th><th>值</th><th>分子/分母</th><th>目标</th><th>红线</th><th>得分</th><th>状态</th></tr>
${rows}</table>
<h2>趋势 Trends</h2><div class="chart" id="trend-day"></div><div class="chart" id="trend-week"></div>
<h2>分解 Breakdowns</h2>${breakdownCharts}
<script>${echarts()}</script>
<script>
const report = ${scriptJson(r)};
const scored = report.metrics.filter((m) => m.score !== null);
echarts.init(document.getElementById('scores')).setOption({
  title: { text: '维度与指标得分 Scores' }, tooltip: {}, grid: { left: 220 },
  xAxis: { type: 'value', max: 100 },
  yAxis: { type: 'category', data: [...report.dimensions.map((d) => d.zh + ' ' + d.id), ...scored.map((m) => m.id)] },
  series: [{ type: 'bar', data: [...report.dimensions.map((d) => d.score), ...scored.map((m) => m.score)] }],
});
for (const kind of ['day', 'week']) {
  const series = Object.entries(report.trends[kind]).filter(([, pts]) => pts.some((p) => p.value !== null));
  const periods = [...new Set(series.flatMap(([, pts]) => pts.map((p) => p.period)))].sort();
  const ratioIds = new Set(report.metrics.filter((m) => m.unit === 'ratio').map((m) => m.id));
  echarts.init(document.getElementById('trend-' + kind)).setOption({
    title: { text: (kind === 'day' ? '按日趋势 Daily' : '按周趋势 Weekly') + ' (ratios)' },
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 24 }, grid: { top: 70 },
    xAxis: { type: 'category', data: periods }, yAxis: { type: 'value' },
    series: series.filter(([id]) => ratioIds.has(id)).map(([id, pts]) => ({
      name: id, type: 'line', connectNulls: false,
      data: periods.map((p) => pts.find((x) => x.period === p)?.value ?? null),
    })),
  });
}
for (const [by, rows] of Object.entries(report.breakdowns)) {
  const el = document.getElementById('bd-' + by);
  if (!el || rows.length === 0) continue;
  const pick = rows.slice(0, 60);
  echarts.init(el).setOption({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 40, bottom: 80 },
    xAxis: { type: 'category', data: pick.map((r) => r.label), axisLabel: { rotate: 45 } },
    yAxis: [{ type: 'value', name: 'calls' }, { type: 'value', name: 'rate', max: 1 }],
    series: [
      { name: 'calls', type: 'bar', data: pick.map((r) => r.metrics.calls?.value ?? 0) },
      { name: 'connection_rate', type: 'line', yAxisIndex: 1, data: pick.map((r) => r.metrics.connection_rate?.value) },
      { name: 'effective_connection_rate', type: 'line', yAxisIndex: 1, data: pick.map((r) => r.metrics.effective_connection_rate?.value) },
      { name: 'abandonment_rate', type: 'line', yAxisIndex: 1, data: pick.map((r) => r.metrics.abandonment_rate?.value) },
    ],
  });
}
</script></body></html>
`;
}
