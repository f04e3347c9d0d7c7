import { Card, Empty, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Chart } from '../../components/Chart.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtMetric, fmtNumber } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { BY_LABEL } from './AlertsPanel.tsx';
import type {
  BreakdownKey,
  BreakdownRow,
  EvaluationReport,
  MetricResult,
} from './evaluation.types.ts';

const KEYS: BreakdownKey[] = ['agent', 'team', 'campaign', 'queue', 'province', 'carrier', 'hour'];
const TOP = 30;

export function BreakdownPanel({
  query,
  report,
  metrics,
  metricId,
  onMetric,
  nameOf,
}: {
  query: Record<string, string | undefined>;
  report: EvaluationReport;
  metrics: MetricResult[];
  metricId: string | null;
  onMetric: (id: string) => void;
  nameOf: (m: MetricResult) => string;
}) {
  const { t } = useI18n();
  const [by, setBy] = useState<BreakdownKey>('agent');
  // The main report usually carries every breakdown; ask the API only for one it left out.
  const inReport = report.breakdowns?.[by];
  const fetched = useApi<EvaluationReport>(inReport ? null : '/api/evaluation', { ...query, by });
  const data = inReport ? report : fetched.data;
  const { error, loading } = fetched;
  const metric = metrics.find((m) => m.id === metricId);
  const unit = metric?.unit;
  const scale = unit === 'ratio' ? 100 : 1;

  const rows: BreakdownRow[] = useMemo(() => {
    const all = data?.breakdowns?.[by] ?? [];
    if (!metricId) return all;
    const v = (r: BreakdownRow) => r.metrics[metricId]?.value ?? null;
    // The hour breakdown reads best in clock order; the others ranked, rows without data last.
    if (by === 'hour') return all;
    return [...all].sort((a, b) => (v(b) ?? -Infinity) - (v(a) ?? -Infinity));
  }, [data, by, metricId]);

  const chartRows = rows
    .filter((r) => metricId && r.metrics[metricId]?.value != null)
    .slice(0, TOP);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 16, top: 16, bottom: 72 },
      xAxis: {
        type: 'category',
        data: chartRows.map((r) => r.label),
        axisLabel: { rotate: chartRows.length > 8 ? 40 : 0, interval: 0 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: unit === 'ratio' ? '{value}%' : '{value}' } },
      series: [
        {
          type: 'bar',
          data: chartRows.map((r) => {
            const v = metricId ? r.metrics[metricId]?.value : null;
            return v === null || v === undefined ? null : Number((v * scale).toFixed(3));
          }),
          itemStyle: { color: '#1668dc' },
        },
      ],
    }),
    [chartRows, metricId, scale, unit],
  );

  return (
    <Card
      size="small"
      title={t('breakdown')}
      data-testid="breakdown-card"
      extra={
        <Space wrap>
          <Select<BreakdownKey>
            size="small"
            value={by}
            onChange={setBy}
            style={{ width: 120 }}
            options={KEYS.map((k) => ({ value: k, label: t(BY_LABEL[k]) }))}
            data-testid="breakdown-by"
          />
          <Select<string>
            size="small"
            value={metricId ?? undefined}
            onChange={onMetric}
            style={{ width: 220 }}
            showSearch
            optionFilterProp="label"
            options={metrics.map((m) => ({ value: m.id, label: nameOf(m) }))}
          />
        </Space>
      }
    >
      <ApiErrorAlert error={error} what="/api/evaluation?by" />
      {chartRows.length > 0 ? (
        <Chart option={option} height={240} testId="breakdown-chart" />
      ) : (
        !loading && <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      <Table<BreakdownRow>
        rowKey="key"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 10, size: 'small' }}
        locale={{ emptyText: t('noData') }}
        columns={[
          { key: 'label', title: t(BY_LABEL[by]), render: (_, r) => r.label },
          {
            key: 'value',
            title: t('value'),
            align: 'right',
            render: (_, r) => {
              const v = metricId ? r.metrics[metricId] : undefined;
              return v?.value == null ? t('noData') : fmtMetric(v.value, unit);
            },
          },
          {
            key: 'nd',
            title: t('numDen'),
            align: 'right',
            render: (_, r) => {
              const v = metricId ? r.metrics[metricId] : undefined;
              return v ? `${fmtNumber(v.numerator)} / ${fmtNumber(v.denominator)}` : '—';
            },
          },
        ]}
      />
    </Card>
  );
}
