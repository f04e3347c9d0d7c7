import { Alert, Button, Card, Col, Empty, Row, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Customer, Lead, Page } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';
import { CustomerCard, CustomerHistory } from '../crm/CustomerDetailPage.tsx';
import { phoneOf } from '../crm/CustomersPage.tsx';
import { DispositionForm } from './DispositionForm.tsx';
import { SoftphonePanel } from './SoftphonePanel.tsx';

type AgentState = 'ready' | 'not_ready' | 'wrap_up';
const REASONS: DictKey[] = ['reasonBreak', 'reasonMeeting', 'reasonTraining', 'reasonLunch'];

function StateControl() {
  const { t } = useI18n();
  const [state, setState] = useState<AgentState>('not_ready');
  const [reason, setReason] = useState<DictKey>('reasonBreak');
  // AGENT STATE: the live ACD service takes these changes in a later session; until then the
  // choice stays in this page (and says so) rather than pretending to route calls.
  return (
    <Card size="small" title={t('agentState')} data-testid="state-control">
      <Space wrap>
        <Button
          type={state === 'ready' ? 'primary' : 'default'}
          onClick={() => setState('ready')}
          data-testid="state-ready"
        >
          {t('stateReady')}
        </Button>
        <Button
          type={state === 'not_ready' ? 'primary' : 'default'}
          danger={state === 'not_ready'}
          onClick={() => setState('not_ready')}
          data-testid="state-not-ready"
        >
          {t('stateNotReady')}
        </Button>
        <Select<DictKey>
          value={reason}
          onChange={setReason}
          disabled={state !== 'not_ready'}
          style={{ width: 110 }}
          options={REASONS.map((r) => ({ value: r, label: t(r) }))}
          aria-label={t('notReadyReason')}
        />
        <Button
          type={state === 'wrap_up' ? 'primary' : 'default'}
          onClick={() => setState('wrap_up')}
          data-testid="state-wrap-up"
        >
          {t('stateWrapUp')}
        </Button>
        <Tag color={state === 'ready' ? 'green' : state === 'wrap_up' ? 'gold' : 'red'}>
          {state === 'ready'
            ? t('stateReady')
            : state === 'wrap_up'
              ? t('stateWrapUp')
              : `${t('stateNotReady')} · ${t(reason)}`}
        </Tag>
      </Space>
      <Alert type="info" showIcon title={t('stateLocalOnly')} style={{ marginTop: 12 }} />
    </Card>
  );
}

export function WorkspacePage() {
  const { t } = useI18n();
  const [leadId, setLeadId] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const leads = useApi<Page<Lead>>('/api/leads', { pool: 'private', owner: 'me', pageSize: 100 });
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [customerError, setCustomerError] = useState<unknown>(null);

  useEffect(() => {
    if (!customerId) return;
    let alive = true;
    setCustomerError(null);
    api
      .get<Customer | { customer: Customer }>(`/api/customers/${encodeURIComponent(customerId)}`)
      .then((b) => alive && setCustomer('customer' in b ? b.customer : b))
      .catch((e: unknown) => {
        if (!alive) return;
        setCustomer(null);
        setCustomerError(e);
      });
    return () => {
      alive = false;
    };
  }, [customerId]);

  return (
    <div data-testid="workspace-page">
      <PageTitle>{t('menuWorkspace')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <StateControl />
            <SoftphonePanel />
          </Space>
        </Col>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={t('customerCard')}
              extra={
                <Select
                  showSearch
                  allowClear
                  optionFilterProp="label"
                  placeholder={t('pickCustomer')}
                  style={{ width: 260 }}
                  value={leadId ?? undefined}
                  loading={leads.loading}
                  onChange={(id?: string) => {
                    const lead = leads.data?.items.find((l) => l.id === id);
                    setLeadId(lead?.id ?? null);
                    setCustomerId(lead?.customerId ?? null);
                    if (!lead) setCustomer(null);
                  }}
                  options={(leads.data?.items ?? []).map((l) => ({
                    value: l.id,
                    label: `${l.customer?.name ?? l.customerId} ${l.customer ? phoneOf(l.customer) : ''}`,
                  }))}
                  data-testid="workspace-customer-picker"
                />
              }
            >
              <ApiErrorAlert error={leads.error} what="/api/leads" />
              <ApiErrorAlert error={customerError} what="/api/customers/:id" />
              {customer ? (
                <CustomerCard customer={customer} />
              ) : (
                <Empty description={t('pickCustomer')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              )}
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <DispositionForm
                  customerId={customer?.id ?? null}
                  leadId={leadId}
                  onSaved={() => setHistoryKey((k) => k + 1)}
                />
              </Col>
              <Col xs={24} xl={12}>
                {customer ? (
                  <CustomerHistory key={historyKey} customerId={customer.id} />
                ) : (
                  <Card size="small" title={t('history')}>
                    <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  </Card>
                )}
              </Col>
            </Row>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
