import { Descriptions, Table, Tag, Typography } from 'antd';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { fmtMetric, fmtNumber } from '../../lib/format.ts';
import type { CatalogueEntry, MetricResult, Status } from './evaluation.types.ts';
import { DIMENSION_LABEL } from './ScoreCards.tsx';

const STATUS: Record<Status, { color: string; label: DictKey }> = {
  good: { color: 'success', label: 'statusOk' },
  warning: { color: 'warning', label: 'statusWarn' },
  breach: { color: 'error', label: 'statusBreach' },
  no_data: { color: 'default', label: 'statusNoData' },
  not_scored: { color: 'processing', label: 'statusOk' },
};

export function StatusTag({ status }: { status: Status }) {
  const { t } = useI18n();
  const s = STATUS[status] ?? STATUS.no_data;
  const label = status === 'not_scored' ? '—' : t(s.label);
  return <Tag color={s.color}>{label}</Tag>;
}

function DetailValue({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <>—</>;
  if (typeof v === 'number') return <>{fmtNumber(v, 4)}</>;
  if (typeof v === 'string' || typeof v === 'boolean') return <>{String(v)}</>;
  return (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
      {JSON.stringify(v)}
    </Typography.Text>
  );
}

export function MetricsTable({
  metrics,
  catalogue,
  selected,
  onSelect,
}: {
  metrics: MetricResult[];
  catalogue: Map<string, CatalogueEntry>;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, pick } = useI18n();
  const nameOf = (m: MetricResult) => {
    const c = catalogue.get(m.id);
    return pick(m.zh ?? c?.zh, m.en ?? c?.en) || m.id;
  };
  return (
    <Table<MetricResult>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={metrics}
      scroll={{ x: 'max-content' }}
      data-testid="metrics-table"
      onRow={(m) => ({
        onClick: () => onSelect(m.id),
        style: { cursor: 'pointer', background: m.id === selected ? '#e6f4ff' : undefined },
        'data-metric': m.id,
        'data-status': m.status,
      })}
      expandable={{
        expandedRowRender: (m) => {
          const c = catalogue.get(m.id);
          const formula = pick(c?.formulaZh, c?.formula);
          return (
            <Descriptions size="small" column={1} bordered>
              {formula && <Descriptions.Item label={t('formula')}>{formula}</Descriptions.Item>}
              {Object.entries(m.details ?? {}).map(([k, v]) => (
                <Descriptions.Item label={k} key={k}>
                  <DetailValue v={v} />
                </Descriptions.Item>
              ))}
            </Descriptions>
          );
        },
      }}
      columns={[
        {
          key: 'name',
          title: t('metric'),
          width: 260,
          render: (_, m) => (
            <div>
              <div>{nameOf(m)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.id}
              </Typography.Text>
            </div>
          ),
        },
        {
          key: 'dimension',
          title: t('dimension'),
          width: 110,
          render: (_, m) => {
            const d = m.dimension ?? catalogue.get(m.id)?.dimension;
            return <span style={{ whiteSpace: 'nowrap' }}>{d ? t(DIMENSION_LABEL[d]) : '—'}</span>;
          },
        },
        {
          key: 'value',
          title: t('value'),
          align: 'right',
          render: (_, m) =>
            m.value === null ? (
              <Typography.Text type="secondary" data-testid="metric-no-data">
                {t('noData')}
              </Typography.Text>
            ) : (
              <strong data-testid="metric-value">{fmtMetric(m.value, m.unit)}</strong>
            ),
        },
        {
          key: 'numden',
          title: t('numDen'),
          align: 'right',
          render: (_, m) =>
            m.numerator === null && m.denominator === null
              ? '—'
              : `${fmtNumber(m.numerator)} / ${fmtNumber(m.denominator)}`,
        },
        {
          key: 'target',
          title: t('target'),
          align: 'right',
          render: (_, m) => fmtMetric(m.target, m.unit),
        },
        {
          key: 'redLine',
          title: t('redLine'),
          align: 'right',
          render: (_, m) => fmtMetric(m.redLine, m.unit),
        },
        {
          key: 'score',
          title: t('score'),
          align: 'right',
          render: (_, m) => (m.score === null ? '—' : m.score.toFixed(1)),
        },
        {
          key: 'status',
          title: t('status'),
          render: (_, m) => <StatusTag status={m.status} />,
        },
      ]}
    />
  );
}
