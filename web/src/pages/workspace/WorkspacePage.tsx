import { Alert, Button, Card, Col, Empty, Row, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Customer, Lead, Page } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DialButton } from '../../components/DialButton.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useEvents } from '../../lib/events.ts';
import { Softphone, type SoftphoneSnapshot } from '../../lib/softphone.ts';
import { useApi } from '../../lib/use-api.ts';
import { CustomerCard, CustomerHistory } from '../crm/CustomerDetailPage.tsx';
import { phoneOf } from '../crm/CustomersPage.tsx';
import { DispositionForm } from './DispositionForm.tsx';
import { SoftphonePanel } from './SoftphonePanel.tsx';
import { TodayPanel } from './TodayPanel.tsx';

type DeskStatus = 'logged-out' | 'ready' | 'not-ready' | 'ringing' | 'on-call' | 'wrap-up';
interface DeskState {
  status: DeskStatus;
  reason: string | null;
  since: number;
}
interface Desk {
  seat: { id: string; name: string; extension: string | null } | null;
  state: DeskState | null;
}
const REASONS: DictKey[] = ['reasonBreak', 'reasonMeeting', 'reasonTraining', 'reasonLunch'];
const STATUS_LABEL: Record<DeskStatus, DictKey> = {
  'logged-out': 'stateLoggedOut',
  ready: 'stateReady',
  'not-ready': 'stateNotReady',
  ringing: 'callRinging',
  'on-call': 'callActive',
  'wrap-up': 'stateWrapUp',
};
const STATUS_COLOR: Record<DeskStatus, string> = {
  'logged-out': 'default',
  ready: 'green',
  'not-ready': 'red',
  ringing: 'blue',
  'on-call': 'blue',
  'wrap-up': 'gold',
};

/** The agent's ACD state, changed through /api/agent/state and refreshed by the events feed. */
function StateControl({ refreshKey }: { refreshKey: number }) {
  const { t } = useI18n();
  const [desk, setDesk] = useState<Desk | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState<DictKey>('reasonBreak');
  useEffect(() => {
    let alive = true;
    api
      .get<Desk>('/api/agent/me')
      .then((d) => alive && setDesk(d))
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [refreshKey]);
  const change = (state: string, body: Record<string, string> = {}) => {
    setError(null);
    api
      .post<Desk>('/api/agent/state', { state, ...body })
      .then(setDesk)
      .catch(setError);
  };
  const status = desk?.state?.status ?? null;
  return (
    <Card size="small" title={t('agentState')} data-testid="state-control">
      <ApiErrorAlert error={error} what="/api/agent/state" />
      {desk && !desk.seat && <Alert type="warning" showIcon title={t('noSeat')} />}
      <Space wrap>
        <Button
          type={status === 'ready' ? 'primary' : 'default'}
          disabled={!desk?.seat}
          onClick={() => change('ready')}
          data-testid="state-ready"
        >
          {t('stateReady')}
        </Button>
        <Button
          type={status === 'not-ready' ? 'primary' : 'default'}
          danger={status === 'not-ready'}
          disabled={!desk?.seat}
          onClick={() => change('not-ready', { reason: t(reason) })}
          data-testid="state-not-ready"
        >
          {t('stateNotReady')}
        </Button>
        <Select<DictKey>
          value={reason}
          onChange={setReason}
          style={{ width: 110 }}
          options={REASONS.map((r) => ({ value: r, label: t(r) }))}
          aria-label={t('notReadyReason')}
        />
        <Button
          disabled={status !== 'wrap-up'}
          onClick={() => change('wrap-up-done')}
          data-testid="state-wrap-up-done"
        >
          {t('wrapUpDone')}
        </Button>
        <Tag color={status ? STATUS_COLOR[status] : 'default'} data-testid="state-tag">
          {status ? t(STATUS_LABEL[status]) : '—'}
          {status === 'not-ready' && desk?.state?.reason ? ` · ${desk.state.reason}` : ''}
        </Tag>
      </Space>
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
  const [deskKey, setDeskKey] = useState(0);
  const [todayKey, setTodayKey] = useState(0);
  // The softphone lives as long as the page; its call drives the screen-pop.
  const phone = useMemo(() => new Softphone(), []);
  const [snap, setSnap] = useState<SoftphoneSnapshot>(phone.state);
  const [callId, setCallId] = useState<string | null>(null);
  useEffect(() => {
    const off = phone.subscribe(setSnap);
    return () => {
      off();
      phone.close();
    };
  }, [phone]);
  const recordId = snap.call?.callRecordId ?? null;
  const live = snap.call?.state === 'active' || snap.call?.state === 'held';
  const idle = !snap.call || snap.call.state === 'ended';
  const dialTarget = leadId ? { leadId } : customer ? { customerId: customer.id } : null;
  useEffect(() => setDeskKey((k) => k + 1), [snap.call?.state]);
  useEffect(() => {
    if (!recordId || !live) return;
    let alive = true;
    api
      .get<{ id: string; customerId: string | null }>(`/api/calls/${encodeURIComponent(recordId)}`)
      .then((view) => {
        if (!alive) return;
        setCallId(view.id);
        setLeadId(null);
        setCustomerId(view.customerId);
      })
      .catch((e: unknown) => alive && setCustomerError(e));
    return () => {
      alive = false;
    };
  }, [recordId, live]);
  useEvents((e) => {
    if (e.event === 'agent.state') setDeskKey((k) => k + 1);
    if (e.event === 'call.record') setTodayKey((k) => k + 1);
  });

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
            <StateControl refreshKey={deskKey} />
            <TodayPanel refreshKey={`${deskKey}.${todayKey}`} />
            <SoftphonePanel phone={phone} snap={snap} />
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
              {customer && (
                <div style={{ marginBottom: 12 }}>
                  <DialButton target={dialTarget} canDial={snap.link === 'online' && idle} />
                </div>
              )}
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
                  callId={callId}
                  onSaved={() => {
                    setHistoryKey((k) => k + 1);
                    setTodayKey((k) => k + 1);
                    setCallId(null);
                  }}
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
