import { Card, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';
import { pct, type DialerCampaign } from '../campaigns/campaign.types.ts';

// Running campaigns on the wallboard. The dialer publishes no events, so this polls.
const POLL_MS = 5000;

export function CampaignPanel() {
  const { t } = useI18n();
  const running = useApi<{ items: DialerCampaign[] }>('/api/dialer/campaigns', {
    status: 'running',
  });
  const { reload } = running;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <Card size="small" title={t('campaignProgress')} data-testid="wallboard-campaigns">
      <ApiErrorAlert error={running.error} what="/api/dialer/campaigns" />
      <Table<DialerCampaign>
        size="small"
        rowKey="id"
        loading={running.loading && !running.data}
        dataSource={running.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('noRunningCampaign') }}
        onRow={(c) => ({ 'data-campaign': c.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('campaignName'), dataIndex: 'name' },
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
              return (
                <>
                  <Typography.Text
                    type={
                      rate !== null && c.abandonCap !== null && rate > c.abandonCap
                        ? 'danger'
                        : undefined
                    }
                  >
                    {pct(rate) ?? t('noData')}
                  </Typography.Text>
                  <Typography.Text type="secondary"> / {pct(c.abandonCap) ?? '—'}</Typography.Text>
                </>
              );
            },
          },
          {
            key: 'lines',
            title: t('campaignActiveCalls'),
            render: (_, c) => (c.live.live ? c.live.activeCalls : '—'),
          },
        ]}
      />
    </Card>
  );
}
