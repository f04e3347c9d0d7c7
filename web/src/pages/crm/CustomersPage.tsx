import { Input, Tag } from 'antd';
import { useState } from 'react';
import type { Customer } from '../../api/types.ts';
import { useAuth } from '../../auth.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { FormItem } from '../../components/FormItem.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';

/** Agents and auditors get masked numbers from the API; the page shows whichever it receives. */
export const phoneOf = (c: { phone?: string | null; phoneMasked?: string | null }): string =>
  c.phone ?? c.phoneMasked ?? '—';

export function CustomersPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [province, setProvince] = useState('');
  const isAgent = user?.role === 'agent';
  const columns: Col<Customer>[] = [
    {
      key: 'name',
      title: t('name'),
      render: (c) => (
        <a
          href={`/crm/customers/${encodeURIComponent(c.id)}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/crm/customers/${encodeURIComponent(c.id)}`);
          }}
        >
          {c.name ?? c.id}
        </a>
      ),
      value: (c) => c.name ?? c.id,
    },
    {
      key: 'phone',
      title: t('phone'),
      render: (c) => <span data-testid="customer-phone">{phoneOf(c)}</span>,
      value: (c) => phoneOf(c),
    },
    { key: 'province', title: t('province') },
    { key: 'city', title: t('city') },
    {
      key: 'carrier',
      title: t('carrier'),
      render: (c) => (c.carrier ? <Tag>{c.carrier}</Tag> : '—'),
      value: (c) => c.carrier,
    },
    {
      key: 'createdAt',
      title: t('createdAt'),
      render: (c) => fmtTime(c.createdAt),
      value: (c) => fmtTime(c.createdAt),
    },
  ];
  return (
    <div data-testid="customers-page">
      <PageTitle>{t(isAgent ? 'menuMyCustomers' : 'menuCustomers')}</PageTitle>
      <ResourceTable<Customer>
        path="/api/customers"
        columns={columns}
        query={{ province: province || undefined }}
        exportName="customers"
        testId="customers-table"
        toolbar={
          <Input.Search
            allowClear
            placeholder={t('province')}
            onSearch={(v) => setProvince(v.trim())}
            style={{ width: 140 }}
          />
        }
        create={
          isAgent
            ? undefined
            : {
                title: t('create'),
                fields: () => (
                  <>
                    <FormItem name="name" label={t('name')} />
                    <FormItem name="phone" label={t('phone')} required />
                  </>
                ),
              }
        }
      />
    </div>
  );
}
