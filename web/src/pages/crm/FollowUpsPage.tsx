import { DatePicker, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormItem } from '../../components/FormItem.tsx';
import { CustomerLink } from '../../components/CustomerLink.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import type { FollowUp } from './crm.types.ts';

export const CHANNELS = ['call', 'sms', 'wechat', 'email', 'visit'];

export function FollowUpsPage() {
  const { t } = useI18n();
  const columns: Col<FollowUp>[] = [
    { key: 'at', title: t('time'), value: (f) => fmtTime(f.at) },
    {
      key: 'customer',
      title: t('customer'),
      value: (f) => f.customerName ?? f.customerId,
      render: (f) => <CustomerLink id={f.customerId} label={f.customerName} />,
    },
    { key: 'channel', title: t('channel') },
    { key: 'note', title: t('note') },
    { key: 'user', title: t('owner'), value: (f) => f.userName ?? f.userId ?? null },
    { key: 'nextAt', title: t('nextFollowUp'), value: (f) => fmtTime(f.nextAt) },
  ];
  return (
    <div data-testid="follow-ups-page">
      <PageTitle>{t('menuFollowUps')}</PageTitle>
      <ResourceTable<FollowUp>
        path="/api/follow-ups"
        columns={columns}
        exportName="follow-ups"
        create={{
          title: t('menuFollowUps'),
          fields: () => (
            <>
              <FormItem name="customerId" label={`${t('customer')} ID`} required />
              <FormItem name="channel" label={t('channel')} required>
                <Select options={CHANNELS.map((c) => ({ value: c, label: c }))} />
              </FormItem>
              <FormItem name="note" label={t('note')}>
                <Input.TextArea rows={3} />
              </FormItem>
              <FormItem name="nextAt" label={t('nextFollowUp')}>
                <DatePicker showTime />
              </FormItem>
            </>
          ),
          toBody: (v) => ({ ...v, nextAt: (v.nextAt as Dayjs | undefined)?.valueOf() ?? null }),
        }}
      />
    </div>
  );
}
