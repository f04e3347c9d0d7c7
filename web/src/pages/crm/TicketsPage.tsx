import { Switch, Tag } from 'antd';
import { FormItem } from '../../components/FormItem.tsx';
import { CustomerLink } from '../../components/CustomerLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import type { Ticket } from './crm.types.ts';

export function TicketsPage() {
  const { t } = useI18n();
  const yn = (v: boolean | number) => (v ? t('yes') : t('no'));
  const columns: Col<Ticket>[] = [
    { key: 'subject', title: t('subject') },
    {
      key: 'customer',
      title: t('customer'),
      value: (r) => r.customerName ?? r.customerId,
      render: (r) => <CustomerLink id={r.customerId} label={r.customerName} />,
    },
    {
      key: 'resolved',
      title: t('resolved'),
      render: (r) => <Tag color={r.resolved ? 'success' : 'default'}>{yn(r.resolved)}</Tag>,
      value: (r) => yn(r.resolved),
    },
    { key: 'fcr', title: t('fcr'), value: (r) => yn(r.firstContactResolution) },
    { key: 'createdAt', title: t('createdAt'), value: (r) => fmtTime(r.createdAt) },
    { key: 'resolvedAt', title: t('resolved'), value: (r) => fmtTime(r.resolvedAt) },
  ];
  return (
    <div data-testid="tickets-page">
      <PageTitle>{t('menuTickets')}</PageTitle>
      <ResourceTable<Ticket>
        path="/api/tickets"
        columns={columns}
        exportName="tickets"
        create={{
          title: t('menuTickets'),
          fields: () => (
            <>
              <FormItem name="subject" label={t('subject')} required />
              <FormItem name="customerId" label={`${t('customer')} ID`} />
              <FormItem name="resolved" label={t('resolved')} valuePropName="checked">
                <Switch />
              </FormItem>
            </>
          ),
        }}
      />
    </div>
  );
}
