import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtNumber } from '../../lib/format.ts';

/** GET /api/agent/today: the signed-in agent's figures since the tenant's local midnight. */
export interface AgentToday {
  /** null for a user without a seat: then every figure is null (no data). */
  seat: { id: string; name: string } | null;
  calls: number | null;
  talkSeconds: number | null;
  avgTalkSeconds: number | null;
  effectiveCalls: number | null;
  conversions: number | null;
  conversionAmount: number | null;
  state: { status: string; since: number; seconds: number } | null;
}

/** Seconds as h:mm:ss (or m:ss); null stays "—" (no data). */
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(Math.floor(s % 60)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** 今日统计: reloads whenever `refreshKey` changes (dispositions, agent.state and call events). */
export function TodayPanel({ refreshKey }: { refreshKey: string }) {
  const { t } = useI18n();
  const [today, setToday] = useState<AgentToday | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    api
      .get<AgentToday>('/api/agent/today')
      .then((d) => {
        if (!alive) return;
        setToday(d);
        setError(null);
      })
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [refreshKey]);
  const item = (id: string, title: string, value: string) => (
    <Col span={8} data-testid={`today-${id}`}>
      <Statistic title={title} value={value} />
    </Col>
  );
  return (
    <Card size="small" title={t('todayStats')} data-testid="today-panel">
      <ApiErrorAlert error={error} what="/api/agent/today" />
      <Row gutter={[8, 8]}>
        {item('calls', t('todayCalls'), fmtNumber(today?.calls))}
        {item('talk', t('todayTalk'), fmtSeconds(today?.talkSeconds))}
        {item('avg-talk', t('todayAvgTalk'), fmtSeconds(today?.avgTalkSeconds))}
        {item('effective', t('todayEffective'), fmtNumber(today?.effectiveCalls))}
        {item('conversions', t('todayConversions'), fmtNumber(today?.conversions))}
        {item(
          'amount',
          t('todayAmount'),
          typeof today?.conversionAmount === 'number'
            ? `¥${fmtNumber(today.conversionAmount)}`
            : '—',
        )}
        {item('state-time', t('todayStateTime'), fmtSeconds(today?.state?.seconds))}
      </Row>
    </Card>
  );
}
