import { Input, Select, Switch, Tag } from 'antd';
import { FormItem } from '../../components/FormItem.tsx';
import { CustomerLink } from '../../components/CustomerLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import type { Complaint } from './crm.types.ts';

const TYPE_LABEL: Record<Complaint['type'], DictKey> = {
  service: 'typeService',
  harassment: 'typeHarassment',
  other: 'typeOther',
};

export function ComplaintsPage() {
  const { t } = useI18n();
  const columns: Col<Complaint>[] = [
    { key: 'createdAt', title: t('createdAt'), value: (c) => fmtTime(c.createdAt) },
    {
      key: 'type',
      title: t('complaintType'),
      render: (c) => (
        <Tag color={c.type === 'harassment' ? 'red' : 'blue'}>
          {t(TYPE_LABEL[c.type] ?? 'typeOther')}
        </Tag>
      ),
      value: (c) => c.type,
    },
    {
      key: 'customer',
      title: t('customer'),
      value: (c) => c.customerName ?? c.customerId,
      render: (c) => <CustomerLink id={c.customerId} label={c.customerName} />,
    },
    {
      key: 'callCenter',
      title: t('callCenterCaused'),
      value: (c) => (c.callCenter ? t('yes') : t('no')),
    },
    { key: 'note', title: t('note') },
  ];
  return (
    <div data-testid="complaints-page">
      <PageTitle>{t('menuComplaints')}</PageTitle>
      <ResourceTable<Complaint>
        path="/api/complaints"
        columns={columns}
        exportName="complaints"
        create={{
          title: t('menuComplaints'),
          fields: () => (
            <>
              <FormItem name="type" label={t('complaintType')} required>
                <Select
                  options={(['service', 'harassment', 'other'] as const).map((v) => ({
                    value: v,
                    label: t(TYPE_LABEL[v]),
                  }))}
                />
              </FormItem>
              <FormItem name="customerId" label={`${t('customer')} ID`} />
              <FormItem name="callCenter" label={t('callCenterCaused')} valuePropName="checked">
                <Switch defaultChecked />
              </FormItem>
              <FormItem name="note" label={t('note')}>
                <Input.TextArea rows={3} />
              </FormItem>
            </>
          ),
        }}
      />
    </div>
  );
}
