import { Card, Empty, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { Chart } from '../../components/Chart.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtMetric } from '../../lib/format.ts';
import type { EvaluationReport, MetricResult } from './evaluation.types.ts';

type Period = 'day' | 'week';

export function TrendChart({
  report,
  metric,
  title,
}: {
  report: EvaluationReport;
  metric: MetricResult | undefined;
  title: string;
}) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>('day');
  const points = metric ? (report.trends?.[period]?.[metric.id] ?? []) : [];
  const hasData = points.some((p) => p.value !== null);
  const unit = metric?.unit;
  const scale = unit === 'ratio' ? 100 : 1;

  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) =>
          typeof v === 'number' ? fmtMetric(v / scale, unit) : t('noData'),
      },
      grid: { left: 56, right: 48, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: points.map((p) => p.period) },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: unit === 'ratio' ? '{value}%' : '{value}' },
      },
      dataZoom: points.length > 40 ? [{ type: 'slider', height: 18, bottom: 8 }] : [],
      series: [
        {
          type: 'line',
          name: title,
          showSymbol: points.length < 60,
          connectNulls: false,
          data: points.map((p) => (p.value === null ? null : p.value * scale)),
          markLine:
            metric?.target !== null && metric?.target !== undefined
              ? {
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#52c41a' },
                  label: { formatter: t('target') },
                  data: [{ yAxis: metric.target * scale }],
                }
              : undefined,
        },
      ],
    }),
    [points, scale, unit, title, metric, t],
  );

  return (
    <Card
      size="small"
      title={`${t('trend')} · ${title}`}
      extra={
        <Segmented<Period>
          size="small"
          value={period}
          onChange={setPeriod}
          options={[
            { label: t('byDayTrend'), value: 'day' },
            { label: t('byWeek'), value: 'week' },
          ]}
        />
      }
      data-testid="trend-card"
    >
      {hasData ? (
        <Chart option={option} height={260} testId="trend-chart" />
      ) : (
        <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
