import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  InputNumber,
  Row,
  Select,
  Table,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, type Query } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Chart } from '../../components/Chart.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtNumber } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

/** One planning interval as the chart needs it, whatever the exact field names of the API. */
export interface PlanInterval {
  label: string;
  load: number | null;
  agents: number | null;
  scheduled: number | null;
}

type Row_ = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads the per-interval forecast out of GET /api/wfm/plan. */
export function planIntervals(body: unknown): PlanInterval[] {
  if (!body || typeof body !== 'object') return [];
  const o = body as Row_;
  const list = [o.intervals, o.forecast, o.hours, o.plan].find(Array.isArray) as Row_[] | undefined;
  if (!list) return [];
  return list.map((r, i) => {
    const rec = (r.recommended ?? {}) as Row_;
    return {
      label: [r.weekdays, r.start ?? r.label ?? r.interval ?? r.hour ?? r.period ?? i]
        .filter((x) => x !== undefined && x !== null && x !== '' && x !== 'all')
        .map(String)
        .join(' '),
      load: num(r.load) ?? num(r.offeredLoad) ?? num(rec.load),
      agents: num(r.agents) ?? num(r.requiredAgents) ?? num(r.required) ?? num(rec.agents),
      scheduled: num(r.scheduled) ?? num(rec.scheduled),
    };
  });
}

export function PlannerPage() {
  const { t } = useI18n();
  // History mode: the forecast per interval comes from the tenant's own inbound calls.
  const [params, setParams] = useState<Query>({ fromHistory: true });
  const plan = useApi<Row_>('/api/wfm/plan', params);
  const intervals = useMemo(() => planIntervals(plan.data), [plan.data]);
  const recommended = (plan.data?.recommended ?? null) as Row_ | null;
  const history = (plan.data?.history ?? null) as Row_ | null;

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('forecastLoad'), t('requiredAgents')] },
      grid: { left: 48, right: 48, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: intervals.map((i) => i.label) },
      yAxis: [
        { type: 'value', name: 'Erlang' },
        { type: 'value', name: t('agents') },
      ],
      series: [
        {
          name: t('forecastLoad'),
          type: 'bar',
          data: intervals.map((i) => i.load),
          itemStyle: { color: '#91caff' },
        },
        {
          name: t('requiredAgents'),
          type: 'line',
          yAxisIndex: 1,
          step: 'middle',
          data: intervals.map((i) => i.scheduled ?? i.agents),
          itemStyle: { color: '#d4380d' },
        },
      ],
    }),
    [intervals, t],
  );

  return (
    <div data-testid="planner-page">
      <PageTitle>{t('menuPlanning')}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={(v: Record<string, number | null>) =>
            setParams(
              Object.fromEntries(
                Object.entries(v).filter(([, x]) => x !== null && x !== undefined),
              ),
            )
          }
        >
          <Form.Item name="intervalMinutes" label={t('interval')}>
            <Select
              style={{ width: 100 }}
              placeholder="60"
              options={[15, 30, 60].map((m) => ({ value: m, label: `${m} min` }))}
            />
          </Form.Item>
          <Form.Item name="weeks" label={t('weeks')}>
            <InputNumber min={1} max={520} placeholder="8" />
          </Form.Item>
          <Form.Item name="slSeconds" label={t('slSeconds')}>
            <InputNumber min={1} placeholder="20" />
          </Form.Item>
          <Form.Item name="slGoal" label={t('slGoal')}>
            <InputNumber min={0} max={1} step={0.05} placeholder="0.8" />
          </Form.Item>
          <Form.Item name="targetWait" label={t('targetWait')}>
            <InputNumber min={1} placeholder="30" />
          </Form.Item>
          <Form.Item name="shrinkage" label={t('shrinkage')}>
            <InputNumber min={0} max={0.9} step={0.05} placeholder="0.3" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('refresh')}
          </Button>
        </Form>
      </Card>
      {plan.error instanceof ApiError && plan.error.code === 'wfm.no_history' ? (
        <Alert type="info" showIcon title={t('noHistory')} style={{ marginBottom: 16 }} />
      ) : (
        <ApiErrorAlert error={plan.error} what="/api/wfm/plan" />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={`${t('forecastLoad')} / ${t('requiredAgents')}`}>
            {intervals.length > 0 ? (
              <Chart option={option} height={320} testId="plan-chart" />
            ) : (
              <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('requiredAgents')}>
            {recommended ? (
              <Descriptions size="small" column={1} bordered>
                {history && (
                  <Descriptions.Item label={t('dateRange')}>
                    {String(history.from)} — {String(history.to)}
                  </Descriptions.Item>
                )}
                {Object.entries(recommended)
                  .filter(([, v]) => typeof v !== 'object' || v === null)
                  .map(([k, v]) => (
                    <Descriptions.Item key={k} label={k}>
                      {typeof v === 'number' ? fmtNumber(v, 3) : String(v)}
                    </Descriptions.Item>
                  ))}
              </Descriptions>
            ) : (
              <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        {intervals.length > 0 && (
          <Col span={24}>
            <Table<PlanInterval>
              size="small"
              rowKey="label"
              dataSource={intervals}
              pagination={{ pageSize: 24, size: 'small' }}
              columns={[
                { key: 'label', title: t('interval'), dataIndex: 'label' },
                { key: 'load', title: t('forecastLoad'), render: (_, r) => fmtNumber(r.load) },
                {
                  key: 'agents',
                  title: t('requiredAgents'),
                  render: (_, r) => fmtNumber(r.agents),
                },
                {
                  key: 'scheduled',
                  title: t('scheduled'),
                  render: (_, r) => fmtNumber(r.scheduled),
                },
              ]}
            />
          </Col>
        )}
      </Row>
    </div>
  );
}
