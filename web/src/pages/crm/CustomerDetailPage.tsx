import { Card, Descriptions, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import type { Customer } from '../../api/types.ts';
import { useAuth } from '../../auth.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DialButton, useDialDevice } from '../../components/DialButton.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { fmtDuration, fmtNumber, fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import type { PageProps } from '../../routes.tsx';
import type { CustomerHistory } from './crm.types.ts';
import { phoneOf } from './CustomersPage.tsx';

interface Entry {
  key: string;
  at: number;
  kind: DictKey;
  color: string;
  text: string;
}

/** GET /api/customers/:id/history answers one list per kind; the timeline merges them. */
function historyEntries(
  h: Partial<CustomerHistory> | undefined,
  t: (k: DictKey) => string,
): Entry[] {
  if (!h) return [];
  const out: Entry[] = [];
  for (const c of h.calls ?? []) {
    const talk = c.answerAt && c.endAt ? fmtDuration((c.endAt - c.answerAt) / 1000) : null;
    out.push({
      key: `call:${c.id}`,
      at: c.createdAt,
      kind: 'historyCall',
      color: 'blue',
      text: [
        c.direction === 'inbound' ? t('inbound') : t('outbound'),
        c.answerAt ? `${t('answered')} ${talk ?? ''}` : t('notAnswered'),
        c.disposition,
        c.coreInfoDelivered ? t('coreInfoDelivered') : null,
      ]
        .filter(Boolean)
        .join(' · '),
    });
  }
  for (const f of h.followUps ?? []) {
    out.push({
      key: `fu:${f.id}`,
      at: f.at,
      kind: 'menuFollowUps',
      color: 'green',
      text: [f.channel, f.note, f.nextAt ? `${t('nextFollowUp')} ${fmtTime(f.nextAt)}` : null]
        .filter(Boolean)
        .join(' · '),
    });
  }
  for (const tag of h.tags ?? []) {
    out.push({
      key: `tag:${tag.id}`,
      at: tag.createdAt,
      kind: tag.kind === 'intent' ? 'intent' : 'tag',
      color: 'orange',
      text: [tag.name, tag.level].filter(Boolean).join(' · '),
    });
  }
  for (const d of h.deals ?? []) {
    out.push({
      key: `deal:${d.id}`,
      at: d.closedWonAt ?? d.createdAt,
      kind: 'menuDeals',
      color: 'gold',
      text: `${d.stage} · ${fmtNumber(d.amount)} ${d.currency}`,
    });
  }
  for (const tk of h.tickets ?? []) {
    out.push({
      key: `tk:${tk.id}`,
      at: tk.createdAt,
      kind: 'menuTickets',
      color: 'cyan',
      text: `${tk.subject}${tk.resolved ? ` · ${t('resolved')}` : ''}`,
    });
  }
  for (const cp of h.complaints ?? []) {
    out.push({
      key: `cp:${cp.id}`,
      at: cp.createdAt,
      kind: 'menuComplaints',
      color: 'red',
      text: [cp.type, cp.note].filter(Boolean).join(' · '),
    });
  }
  return out.sort((a, b) => b.at - a.at);
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
              : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                ? String(v)
                : JSON.stringify(v)}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}

export function CustomerHistory({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const history = useApi<Partial<CustomerHistory>>(
    `/api/customers/${encodeURIComponent(customerId)}/history`,
  );
  const items = historyEntries(history.data, t);
  return (
    <Card size="small" title={t('history')} data-testid="customer-history">
      <ApiErrorAlert error={history.error} what="history" />
      {history.loading ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t('noData')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={items.slice(0, 200).map((h) => ({
            key: h.key,
            color: h.color,
            children: (
              <div>
                <Typography.Text type="secondary">{fmtTime(h.at)}</Typography.Text>{' '}
                <Tag color={h.color}>{t(h.kind)}</Tag> {h.text}
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
  const { user } = useAuth();
  const mayDial = user?.role !== 'auditor';
  const canDial = useDialDevice(mayDial);
  return (
    <div data-testid="customer-detail-page">
      <PageTitle>{t('customerDetail')}</PageTitle>
      <ApiErrorAlert error={customer.error} what={`/api/customers/${id}`} />
      {customer.loading && <Spin />}
      {c && (
        <>
          <Card
            size="small"
            style={{ marginBottom: 16 }}
            extra={mayDial && <DialButton target={{ customerId: c.id }} canDial={canDial} />}
          >
            <CustomerCard customer={c} />
          </Card>
          <CustomerHistory customerId={c.id} />
        </>
      )}
    </div>
  );
}
