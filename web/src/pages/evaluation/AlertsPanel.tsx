import { Alert, Card, Empty, Space, Typography } from 'antd';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { fmtMetric } from '../../lib/format.ts';
import type { BreakdownKey, EvalAlert, MetricResult } from './evaluation.types.ts';

export const BY_LABEL: Record<BreakdownKey, DictKey> = {
  agent: 'byAgent',
  team: 'byTeam',
  campaign: 'byCampaign',
  queue: 'byQueue',
  province: 'byProvince',
  carrier: 'byCarrier',
  hour: 'byHour',
  day: 'byDay',
};

export function AlertsPanel({
  alerts,
  metrics,
}: {
  alerts: EvalAlert[];
  metrics: Map<string, MetricResult>;
}) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={`${t('alerts')} (${alerts.length})`} data-testid="alerts-card">
      {alerts.length === 0 ? (
        <Empty description={t('noAlerts')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {alerts.map((a, i) => {
            const unit = metrics.get(a.metric)?.unit;
            return (
              <Alert
                key={`${a.metric}-${i}`}
                type="error"
                showIcon
                data-testid="redline-alert"
                title={
                  <span>
                    <strong>{pick(a.zh, a.en) || a.metric}</strong>: {fmtMetric(a.value, unit)} (
                    {t('redLine')} {fmtMetric(a.redLine, unit)})
                  </span>
                }
                description={
                  <div>
                    {a.message && <div>{pick(a.message.zh, a.message.en)}</div>}
                    {a.worst && (
                      <div>
                        {t('worstAt')}: {t(BY_LABEL[a.worst.by] ?? 'breakdown')} · {a.worst.label} ={' '}
                        {fmtMetric(a.worst.value, unit)}
                      </div>
                    )}
                    {a.action && (
                      <Typography.Text strong>
                        {t('suggestedAction')}: {pick(a.action.zh, a.action.en)}
                      </Typography.Text>
                    )}
                  </div>
                }
              />
            );
          })}
        </Space>
      )}
    </Card>
  );
}
