import { Select, Tag } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';

interface AuditRow {
  id: string;
  at: number;
  userId: string | null;
  username?: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'allowed' | 'denied';
  personalData?: boolean;
  detail: string | null;
}

export function AuditPage() {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'allowed' | 'denied' | undefined>();
  const columns: Col<AuditRow>[] = [
    { key: 'at', title: t('time'), value: (r) => fmtTime(r.at, true) },
    { key: 'user', title: t('user'), value: (r) => r.username ?? r.userId },
    { key: 'action', title: t('action') },
    {
      key: 'object',
      title: t('object'),
      value: (r) => (r.objectType ? `${r.objectType}:${r.objectId ?? ''}` : null),
    },
    {
      key: 'outcome',
      title: t('outcome'),
      render: (r) => <Tag color={r.outcome === 'denied' ? 'red' : 'green'}>{r.outcome}</Tag>,
      value: (r) => r.outcome,
    },
    { key: 'detail', title: t('details') },
  ];
  return (
    <div data-testid="audit-page">
      <PageTitle>{t('menuAudit')}</PageTitle>
      <ResourceTable<AuditRow>
        path="/api/audit"
        columns={columns}
        query={{ outcome }}
        exportName="audit-log"
        searchable={false}
        toolbar={
          <Select
            allowClear
            placeholder={t('outcome')}
            style={{ width: 130 }}
            value={outcome}
            onChange={setOutcome}
            options={[
              { value: 'allowed', label: 'allowed' },
              { value: 'denied', label: 'denied' },
            ]}
          />
        }
      />
    </div>
  );
}
