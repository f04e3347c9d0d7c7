import { ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Row, Segmented, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { withQuery } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { AlertsPanel } from './AlertsPanel.tsx';
import { BreakdownPanel } from './BreakdownPanel.tsx';
import {
  catalogueList,
  type EvaluationReport,
  type MetricResult,
  type Scenario,
} from './evaluation.types.ts';
import { MetricsTable } from './MetricsTable.tsx';
import { ScoreCards } from './ScoreCards.tsx';
import { TrendChart } from './TrendChart.tsx';

export function EvaluationPage() {
  const { t, pick } = useI18n();
  const [scenario, setScenario] = useState<Scenario>('telemarketing');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  // Dates go out as calendar days (YYYY-MM-DD) in the tenant's zone, like the CLI's --from/--to.
  // The first query must stay equal to the one main.tsx preloads.
  const query = useMemo(
    () => ({
      scenario,
      from: range?.[0]?.format('YYYY-MM-DD'),
      // The API's `to` is exclusive; the picker's end day is inclusive.
      to: range?.[1]?.add(1, 'day').format('YYYY-MM-DD'),
    }),
    [scenario, range],
  );
  const report = useApi<EvaluationReport>('/api/evaluation', query);
  const catalogue = useApi<unknown>('/api/evaluation/catalogue');
  const catMap = useMemo(
    () => new Map(catalogueList(catalogue.data).map((c) => [c.id, c])),
    [catalogue.data],
  );
  const metrics = report.data?.metrics ?? [];
  const metricMap = useMemo(() => new Map(metrics.map((m) => [m.id, m])), [metrics]);
  const nameOf = (m: MetricResult) =>
    pick(m.zh ?? catMap.get(m.id)?.zh, m.en ?? catMap.get(m.id)?.en) || m.id;
  const current =
    (selected ? metricMap.get(selected) : undefined) ?? metrics.find((m) => m.value !== null);

  return (
    <div data-testid="evaluation-page">
      <PageTitle
        extra={
          <Space wrap>
            <Segmented<Scenario>
              value={scenario}
              onChange={setScenario}
              options={[
                { label: t('scenarioTelemarketing'), value: 'telemarketing' },
                { label: t('scenarioAfterSales'), value: 'after-sales' },
                { label: t('scenarioGovernment'), value: 'government' },
              ]}
              data-testid="scenario-picker"
            />
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v)}
              allowEmpty={[true, true]}
              placeholder={[t('allHistory'), t('allHistory')]}
            />
            <Button icon={<ReloadOutlined />} onClick={report.reload}>
              {t('refresh')}
            </Button>
            <Button
              icon={<ExportOutlined />}
              href={withQuery('/api/evaluation/report.html', query)}
              target="_blank"
              data-testid="export-report"
            >
              {t('exportReport')}
            </Button>
          </Space>
        }
      >
        {t('menuEvaluation')}
      </PageTitle>
      <ApiErrorAlert error={report.error} what="/api/evaluation" />
      <ApiErrorAlert error={catalogue.error} what="/api/evaluation/catalogue" />
      {report.loading && !report.data && (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      )}
      {report.data && (
        <Spin spinning={report.loading}>
          <ScoreCards report={report.data} />
          {report.data.range && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('dateRange')}:{' '}
              {report.data.range.from === null
                ? t('allHistory')
                : `${fmtTime(report.data.range.from)} — ${fmtTime(report.data.range.to)}`}
            </Typography.Paragraph>
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <AlertsPanel alerts={report.data.alerts} metrics={metricMap} />
            </Col>
            <Col xs={24} xl={14}>
              <TrendChart
                report={report.data}
                metric={current}
                title={current ? nameOf(current) : ''}
              />
            </Col>
            <Col span={24}>
              <MetricsTable
                metrics={metrics}
                catalogue={catMap}
                selected={current?.id ?? null}
                onSelect={setSelected}
              />
            </Col>
            <Col span={24}>
              <BreakdownPanel
                query={query}
                report={report.data}
                metrics={metrics}
                metricId={current?.id ?? null}
                onMetric={setSelected}
                nameOf={nameOf}
              />
            </Col>
          </Row>
        </Spin>
      )}
    </div>
  );
}
