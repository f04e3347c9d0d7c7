import { Card, Descriptions, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import type { Customer, Page } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtDuration, fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import type { PageProps } from '../../routes.tsx';
import type { HistoryItem } from './crm.types.ts';
import { phoneOf } from './CustomersPage.tsx';

function historyItems(body: unknown): HistoryItem[] {
  if (Array.isArray(body)) return body as HistoryItem[];
  if (body && typeof body === 'object') {
    const o = body as Partial<Page<HistoryItem>> & { history?: HistoryItem[] };
    return o.items ?? o.history ?? [];
  }
  return [];
}

export function CustomerCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="customer-card">
      <Descriptions.Item label={t('name')}>{customer.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('phone')}>
        <span data-testid="customer-card-phone">{phoneOf(customer)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('province')}>{customer.province ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('city')}>{customer.city ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('carrier')}>{customer.carrier ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('createdAt')}>{fmtTime(customer.createdAt)}</Descriptions.Item>
      {Object.entries(customer.attributes ?? {})
        .slice(0, 12)
        .map(([k, v]) => (
          <Descriptions.Item label={k} key={k}>
            {v === null || v === undefined
              ? '—'
              : typeof v === 'object'
                ? JSON.stringify(v)
                : String(v)}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

export function CustomerHistory({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const history = useApi<unknown>(`/api/customers/${encodeURIComponent(customerId)}/history`);
  const items = historyItems(history.data);
  return (
    <Card size="small" title={t('history')} data-testid="customer-history">
      <ApiErrorAlert error={history.error} what="history" />
      {history.loading ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={items.slice(0, 100).map((h, i) => ({
            key: h.id ?? String(i),
            children: (
              <div>
                <Typography.Text type="secondary">{fmtTime(h.at)}</Typography.Text>{' '}
                <Tag>{h.kind ?? h.type ?? '—'}</Tag>
                {h.direction && <Tag color="blue">{h.direction}</Tag>}
                {h.disposition && <span>{h.disposition} </span>}
                {h.talkSeconds != null && <span>{fmtDuration(h.talkSeconds)} </span>}
                {h.summary && <span>{h.summary} </span>}
                {h.note && <div>{h.note}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

export function CustomerDetailPage({ params }: PageProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const customer = useApi<Customer | { customer: Customer }>(
    `/api/customers/${encodeURIComponent(id)}`,
  );
  const c = customer.data && 'customer' in customer.data ? customer.data.customer : customer.data;
  return (
    <div data-testid="customer-detail-page">
      <PageTitle>{t('customerDetail')}</PageTitle>
      <ApiErrorAlert error={customer.error} what={`/api/customers/${id}`} />
      {customer.loading && <Spin />}
      {c && (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <CustomerCard customer={c} />
          </Card>
          <CustomerHistory customerId={c.id} />
        </>
      )}
    </div>
  );
}
