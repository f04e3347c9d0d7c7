import { App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';
import {
  ENTRY_STATES,
  isRunning,
  pct,
  type DialerCampaign,
  type DialMode,
} from './campaign.types.ts';
import { ActionErrorAlert } from './ActionErrorAlert.tsx';
import { CampaignForm } from './CampaignForm.tsx';

// 外呼任务: dialable campaigns with their progress, created from CRM leads, started / paused /
// stopped on this node. The server sends no campaign events, so the list is polled every 3 s
// while one runs.

const POLL_MS = 3000;
const MODE_LABEL: Record<DialMode, DictKey> = {
  preview: 'dialModePreview',
  progressive: 'dialModeProgressive',
  predictive: 'dialModePredictive',
};
const STATUS_COLOR: Record<string, string> = {
  ready: 'default',
  running: 'green',
  paused: 'gold',
  stopped: 'red',
  completed: 'blue',
};

export function CampaignsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ items: DialerCampaign[] }>('/api/dialer/campaigns');
  const [formOpen, setFormOpen] = useState(false);
  const [actionError, setActionError] = useState<{ what: string; error: unknown } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const anyRunning = items.some(isRunning);
  const { reload } = list;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [anyRunning, reload]);

  const act = async (c: DialerCampaign, how: 'start' | 'pause' | 'stop') => {
    const path = `/api/dialer/campaigns/${encodeURIComponent(c.id)}/${how}`;
    setBusy(`${c.id}:${how}`);
    setActionError(null);
    try {
      await api.post(path, {});
    } catch (error) {
      setActionError({ what: `${c.name} · ${t(actionLabel[how])} (POST ${path})`, error });
    } finally {
      setBusy(null);
      reload();
    }
  };
  const statusLabel = (s: string): string => {
    const key = `campaignStatus_${s}` as DictKey;
    return key in STATUS_KEYS ? t(key) : s;
  };

  return (
    <div data-testid="campaigns-page">
      <PageTitle>{t('menuCampaigns')}</PageTitle>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setFormOpen(true)} data-testid="campaign-new">
          {t('newCampaign')}
        </Button>
        <Button onClick={reload}>{t('refresh')}</Button>
      </Space>
      <ApiErrorAlert error={list.error} what="/api/dialer/campaigns" />
      {actionError && (
        <ActionErrorAlert
          error={actionError.error}
          what={actionError.what}
          testId="campaign-action-error"
        />
      )}
      <Table<DialerCampaign>
        size="small"
        rowKey="id"
        loading={list.loading && !list.data}
        dataSource={items}
        pagination={{ pageSize: 20, size: 'small' }}
        locale={{ emptyText: t('noData') }}
        scroll={{ x: true }}
        onRow={(c) => ({ 'data-campaign': c.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('campaignName'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary">{t(MODE_LABEL[c.dialMode])}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('status'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Tag color={STATUS_COLOR[c.status] ?? 'default'} data-testid="campaign-status">
                  {statusLabel(c.status)}
                </Tag>
                {c.live.live && (
                  <Typography.Text type="secondary">
                    {t('campaignActiveCalls')} {c.live.activeCalls} · {t('campaignAgentsOnline')}{' '}
                    {c.live.loggedInAgents}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'entries',
            title: t('campaignEntries'),
            render: (_, c) => (
              <div data-testid="campaign-entries">
                <div>
                  {t('total')} {c.progress.entries}
                </div>
                {ENTRY_STATES.filter((s) => c.progress.entriesByState[s]).map((s) => (
                  <Tag key={s} style={{ marginTop: 2 }}>
                    {t(`entryState_${s}` as DictKey)} {c.progress.entriesByState[s]}
                  </Tag>
                ))}
              </div>
            ),
          },
          { key: 'dialed', title: t('dialed'), render: (_, c) => c.progress.attempts },
          { key: 'answered', title: t('answered'), render: (_, c) => c.progress.answered },
          {
            key: 'connected',
            title: t('connectedToAgent'),
            render: (_, c) => c.progress.connected,
          },
          {
            key: 'abandon',
            title: t('abandonRate'),
            render: (_, c) => {
              const rate = c.progress.abandonRate;
              const over = rate !== null && c.abandonCap !== null && rate > c.abandonCap;
              return (
                <span data-testid="campaign-abandon">
                  <Typography.Text type={over ? 'danger' : undefined}>
                    {pct(rate) ?? t('noData')}
                  </Typography.Text>
                  <Typography.Text type="secondary"> / {pct(c.abandonCap) ?? '—'}</Typography.Text>
                </span>
              );
            },
          },
          {
            key: 'connection',
            title: t('connectionRate'),
            render: (_, c) => (
              <span data-testid="campaign-connection">
                {pct(c.progress.connectionRate) ?? t('noData')}
              </span>
            ),
          },
          {
            key: 'actions',
            title: t('actions'),
            render: (_, c) => {
              const finished = c.status === 'stopped' || c.status === 'completed';
              const blocked = c.settingsError;
              return (
                <Space>
                  <Tooltip title={blocked}>
                    <Button
                      size="small"
                      type="primary"
                      disabled={finished || isRunning(c) || blocked !== null}
                      loading={busy === `${c.id}:start`}
                      onClick={() => void act(c, 'start')}
                      data-testid="campaign-start"
                    >
                      {t('campaignStart')}
                    </Button>
                  </Tooltip>
                  <Button
                    size="small"
                    disabled={!isRunning(c)}
                    loading={busy === `${c.id}:pause`}
                    onClick={() => void act(c, 'pause')}
                    data-testid="campaign-pause"
                  >
                    {t('campaignPause')}
                  </Button>
                  <Popconfirm
                    title={t('campaignStopConfirm')}
                    onConfirm={() => void act(c, 'stop')}
                    disabled={finished}
                  >
                    <Button
                      size="small"
                      danger
                      disabled={finished}
                      loading={busy === `${c.id}:stop`}
                      data-testid="campaign-stop"
                    >
                      {t('campaignStop')}
                    </Button>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
      <CampaignForm
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onCreated={() => {
          setFormOpen(false);
          void message.success(t('campaignCreated'));
          reload();
        }}
      />
    </div>
  );
}

const actionLabel: Record<'start' | 'pause' | 'stop', DictKey> = {
  start: 'campaignStart',
  pause: 'campaignPause',
  stop: 'campaignStop',
};
const STATUS_KEYS = {
  campaignStatus_ready: 1,
  campaignStatus_running: 1,
  campaignStatus_paused: 1,
  campaignStatus_stopped: 1,
  campaignStatus_completed: 1,
};
