import { App, Button, Popover, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Lead, LeadPool } from '../../api/types.ts';
import { useAuth } from '../../auth.tsx';
import { DialButton, useDialDevice } from '../../components/DialButton.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { UserPicker } from '../../components/UserPicker.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { INTENT_COLOR } from './crm.types.ts';
import { phoneOf } from './CustomersPage.tsx';

const INTENT_LABEL: Record<string, DictKey> = {
  high: 'intentHigh',
  medium: 'intentMedium',
  low: 'intentLow',
};

type Action = 'claim' | 'assign' | 'return';

export function LeadsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [pool, setPool] = useState<LeadPool>('public');
  const [selected, setSelected] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const isAgent = user?.role === 'agent';
  const isManager = user?.role === 'admin' || user?.role === 'supervisor';
  const mayDial = isAgent || isManager;
  const canDial = useDialDevice(mayDial);

  const act = async (action: Action, ids: string[]) => {
    let failed = 0;
    for (const id of ids) {
      try {
        await api.post(
          `/api/leads/${encodeURIComponent(id)}/${action}`,
          action === 'assign' ? { userId: assignee } : {},
        );
      } catch (e) {
        failed++;
        void message.error(e instanceof Error ? e.message : String(e));
      }
    }
    if (failed < ids.length)
      void message.success(
        `${t(action === 'return' ? 'returnToPool' : action)} ✓ ${ids.length - failed}`,
      );
    setSelected([]);
    setReloadKey((k) => k + 1);
  };

  const assignButton = (ids: string[]) => (
    <Popover
      trigger="click"
      title={t('assignTo')}
      content={
        <Space>
          <UserPicker value={assignee} onChange={setAssignee} />
          <Button type="primary" disabled={!assignee} onClick={() => void act('assign', ids)}>
            {t('assign')}
          </Button>
        </Space>
      }
    >
      <Button size="small" disabled={ids.length === 0}>
        {t('assign')}
      </Button>
    </Popover>
  );

  const rowActions = (l: Lead) => (
    <Space size="small" align="start">
      {mayDial && <DialButton size="small" target={{ leadId: l.id }} canDial={canDial} />}
      {l.pool === 'public' && (
        <Button
          size="small"
          type="link"
          onClick={() => void act('claim', [l.id])}
          data-testid="lead-claim"
        >
          {t('claim')}
        </Button>
      )}
      {isManager && assignButton([l.id])}
      {l.pool === 'private' && (
        <Button size="small" type="link" danger onClick={() => void act('return', [l.id])}>
          {t('returnToPool')}
        </Button>
      )}
    </Space>
  );

  const columns: Col<Lead>[] = [
    {
      key: 'customer',
      title: t('customer'),
      render: (l) => (
        <a
          href={`/crm/customers/${encodeURIComponent(l.customerId)}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/crm/customers/${encodeURIComponent(l.customerId)}`);
          }}
        >
          {l.customer?.name ?? l.customerId}
        </a>
      ),
      value: (l) => l.customer?.name ?? l.customerId,
    },
    {
      key: 'phone',
      title: t('phone'),
      value: (l) => (l.customer ? phoneOf(l.customer) : null),
    },
    {
      key: 'intent',
      title: t('intent'),
      render: (l) =>
        l.intentLevel ? (
          <Tag color={INTENT_COLOR[l.intentLevel]}>
            {t(INTENT_LABEL[l.intentLevel] ?? 'intent')}
          </Tag>
        ) : (
          '—'
        ),
      value: (l) => l.intentLevel,
    },
    { key: 'status', title: t('status') },
    { key: 'source', title: t('source') },
    { key: 'province', title: t('province'), value: (l) => l.customer?.province ?? null },
    { key: 'owner', title: t('owner'), value: (l) => l.ownerName ?? l.ownerUserId ?? null },
    { key: 'updatedAt', title: t('updatedAt'), value: (l) => fmtTime(l.updatedAt ?? l.createdAt) },
    { key: 'actions', title: t('actions'), render: rowActions, value: () => null },
  ];

  const bulk = (
    <Space>
      {pool === 'public' && (
        <Button disabled={selected.length === 0} onClick={() => void act('claim', selected)}>
          {t('claim')} ({selected.length})
        </Button>
      )}
      {isManager && assignButton(selected)}
      {pool === 'private' && (
        <Button
          danger
          disabled={selected.length === 0}
          onClick={() => void act('return', selected)}
        >
          {t('returnToPool')} ({selected.length})
        </Button>
      )}
    </Space>
  );

  const table = (p: LeadPool) => (
    <ResourceTable<Lead>
      key={p}
      path="/api/leads"
      columns={columns}
      // Agents see their own private pool; managers see everyone's.
      query={{ pool: p, owner: p === 'private' && isAgent ? 'me' : undefined }}
      exportName={`leads-${p}`}
      testId={`leads-${p}`}
      toolbar={bulk}
      reloadKey={reloadKey}
      rowSelection={{ selected, onChange: setSelected }}
    />
  );

  return (
    <div data-testid="leads-page">
      <PageTitle>{t(isAgent ? 'menuMyLeads' : 'menuLeads')}</PageTitle>
      <Tabs
        activeKey={pool}
        onChange={(k) => {
          setPool(k as LeadPool);
          setSelected([]);
        }}
        items={[
          {
            key: 'public',
            label: t('poolPublic'),
            children: pool === 'public' ? table('public') : null,
          },
          {
            key: 'private',
            label: t('poolPrivate'),
            children: pool === 'private' ? table('private') : null,
          },
        ]}
      />
    </div>
  );
}
