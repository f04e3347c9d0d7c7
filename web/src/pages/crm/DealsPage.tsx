import { Card, Col, InputNumber, Row, Select, Statistic } from 'antd';
import { useState } from 'react';
import { FormItem } from '../../components/FormItem.tsx';
import { CustomerLink } from '../../components/CustomerLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col as Column } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtNumber, fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import type { Page } from '../../api/types.ts';
import type { Deal } from './crm.types.ts';

export const STAGES = [
  'prospecting',
  'qualified',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
];

function StageCount({
  stage,
  active,
  onClick,
}: {
  stage: string;
  active: boolean;
  onClick: () => void;
}) {
  const { data } = useApi<Page<Deal>>('/api/deals', { stage, page: 1, pageSize: 1 });
  return (
    <Card
      size="small"
      hoverable
      onClick={onClick}
      style={{ borderColor: active ? '#1668dc' : undefined }}
      data-testid={`stage-${stage}`}
    >
      <Statistic title={stage} value={data ? data.total : '—'} />
    </Card>
  );
}

export function DealsPage() {
  const { t } = useI18n();
  const [stage, setStage] = useState<string | undefined>();
  const columns: Column<Deal>[] = [
    {
      key: 'customer',
      title: t('customer'),
      value: (d) => d.customerName ?? d.customerId,
      render: (d) => <CustomerLink id={d.customerId} label={d.customerName} />,
    },
    { key: 'stage', title: t('stage') },
    {
      key: 'amount',
      title: t('amount'),
      value: (d) => d.amount,
      render: (d) => `${fmtNumber(d.amount)} ${d.currency ?? ''}`,
    },
    { key: 'closedWonAt', title: t('closedWonAt'), value: (d) => fmtTime(d.closedWonAt) },
    { key: 'createdAt', title: t('createdAt'), value: (d) => fmtTime(d.createdAt) },
  ];
  return (
    <div data-testid="deals-page">
      <PageTitle>{t('menuDeals')}</PageTitle>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {STAGES.map((s) => (
          <Col key={s} xs={12} md={6}>
            <StageCount
              stage={s}
              active={stage === s}
              onClick={() => setStage(stage === s ? undefined : s)}
            />
          </Col>
        ))}
      </Row>
      <ResourceTable<Deal>
        path="/api/deals"
        columns={columns}
        query={{ stage }}
        exportName="deals"
        create={{
          title: t('menuDeals'),
          fields: () => (
            <>
              <FormItem name="customerId" label={`${t('customer')} ID`} required />
              <FormItem name="amount" label={t('amount')} required>
                <InputNumber min={0} style={{ width: '100%' }} />
              </FormItem>
              <FormItem name="stage" label={t('stage')} required>
                <Select options={STAGES.map((s) => ({ value: s, label: s }))} />
              </FormItem>
            </>
          ),
        }}
      />
    </div>
  );
}
