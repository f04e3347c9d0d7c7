import { Alert, Card, Col, Row, Table, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useEvents } from '../../lib/events.ts';
import { fmtDuration } from '../../lib/format.ts';
import { ActionErrorAlert } from '../campaigns/ActionErrorAlert.tsx';
import { CampaignPanel } from './CampaignPanel.tsx';
import { MonitorButtons } from './MonitorButtons.tsx';

type AgentStatus = 'logged-out' | 'ready' | 'not-ready' | 'ringing' | 'on-call' | 'wrap-up';

interface QueueRow {
  id: string;
  name: string;
  waiting: number;
  longestWaitSeconds: number | null;
  withAgents: number;
  agents: Record<AgentStatus, number>;
  serviceLevel: { answered: number; withinThreshold: number; ratio: number | null };
}

interface AgentRow {
  agentId: string;
  name: string;
  extension: string | null;
  status: AgentStatus;
  reason: string | null;
  /** The call the agent is ringing for or talking on (what monitoring joins). */
  callId: string | null;
  /** Local clock time the state began (from the snapshot's sinceMs or the event's at). */
  since: number;
}

interface Snapshot {
  at: number;
  live: boolean;
  items: QueueRow[];
  agents: Array<Omit<AgentRow, 'since'> & { sinceMs: number }>;
  serviceLevelSeconds: number;
}

const STATUS_LABEL: Record<AgentStatus, DictKey> = {
  'logged-out': 'stateLoggedOut',
  ready: 'stateReady',
  'not-ready': 'stateNotReady',
  ringing: 'callRinging',
  'on-call': 'callActive',
  'wrap-up': 'stateWrapUp',
};
const STATUS_COLOR: Record<AgentStatus, string> = {
  'logged-out': 'default',
  ready: 'green',
  'not-ready': 'red',
  ringing: 'blue',
  'on-call': 'blue',
  'wrap-up': 'gold',
};

/**
 * The supervisor's wallboard: GET /api/queues for the picture, /api/events for every change in
 * between (agent states patch their row at once; queue events refetch the picture).
 */
export function WallboardPage() {
  const { t } = useI18n();
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [monitorError, setMonitorError] = useState<{ what: string; error: unknown } | null>(null);

  const load = useCallback(() => {
    api
      .get<Snapshot>('/api/queues')
      .then((s) => {
        const local = Date.now();
        setSnapshot(s);
        setAgents(s.agents.map(({ sinceMs, ...a }) => ({ ...a, since: local - sinceMs })));
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(() => {
    load();
    const poll = setInterval(load, 15_000);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
      if (pending.current) clearTimeout(pending.current);
    };
  }, [load]);
  useEvents((e) => {
    if (e.event === 'agent.state') {
      const d = e.data as {
        agentId: string;
        status: AgentStatus;
        reason: string | null;
        callId?: string | null;
      };
      setAgents((rows) =>
        rows.map((r) =>
          r.agentId === d.agentId
            ? {
                ...r,
                status: d.status,
                reason: d.reason ?? null,
                callId: d.callId ?? null,
                since: Date.now(),
              }
            : r,
        ),
      );
    }
    // Queue changes: one refetch for a burst of events.
    if (e.event.startsWith('inbound.') || e.event === 'agent.state') {
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(load, 300);
    }
  });

  const sl = snapshot?.serviceLevelSeconds ?? 20;
  return (
    <div data-testid="wallboard-page">
      <PageTitle>{t('menuWallboard')}</PageTitle>
      <ApiErrorAlert error={error} what="/api/queues" />
      {snapshot && !snapshot.live && (
        <Alert
          type="warning"
          showIcon
          title={t('wallboardNotLive')}
          style={{ marginBottom: 16 }}
          data-testid="wallboard-not-live"
        />
      )}
      {monitorError?.error ? (
        <ActionErrorAlert
          error={monitorError.error}
          what={monitorError.what}
          testId="monitor-error"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <Card size="small" title={t('queues')} data-testid="wallboard-queues">
            <Table<QueueRow>
              size="small"
              rowKey="id"
              loading={!snapshot && !error}
              dataSource={snapshot?.items ?? []}
              pagination={false}
              locale={{ emptyText: t('noData') }}
              onRow={(q) => ({ 'data-queue': q.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'name', title: t('queues'), dataIndex: 'name' },
                { key: 'waiting', title: t('waiting'), dataIndex: 'waiting' },
                {
                  key: 'longest',
                  title: t('longestWait'),
                  render: (_, q) =>
                    q.longestWaitSeconds === null
                      ? '—'
                      : fmtDuration(q.longestWaitSeconds + (now - (snapshot?.at ?? now)) / 1000),
                },
                {
                  key: 'agents',
                  title: t('agentsReadyBusy'),
                  render: (_, q) =>
                    `${q.agents.ready} / ${q.agents['on-call'] + q.agents.ringing + q.agents['wrap-up']}`,
                },
                {
                  key: 'sl',
                  title: `${t('serviceLevel')} (${sl}s)`,
                  render: (_, q) =>
                    q.serviceLevel.ratio === null
                      ? t('noData')
                      : `${(q.serviceLevel.ratio * 100).toFixed(1)}% (${q.serviceLevel.withinThreshold}/${q.serviceLevel.answered})`,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card size="small" title={t('agents')} data-testid="wallboard-agents">
            <Table<AgentRow>
              size="small"
              rowKey="agentId"
              loading={!snapshot && !error}
              dataSource={agents}
              pagination={{ pageSize: 15, size: 'small' }}
              locale={{ emptyText: t('noData') }}
              onRow={(a) => ({ 'data-agent': a.agentId }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'name', title: t('name'), dataIndex: 'name' },
                { key: 'ext', title: t('extension'), render: (_, a) => a.extension ?? '—' },
                {
                  key: 'state',
                  title: t('agentState'),
                  render: (_, a) => (
                    <Tag color={STATUS_COLOR[a.status]} data-testid="agent-state">
                      {t(STATUS_LABEL[a.status])}
                      {a.status === 'not-ready' && a.reason ? ` · ${a.reason}` : ''}
                    </Tag>
                  ),
                },
                {
                  key: 'since',
                  title: t('timeInState'),
                  render: (_, a) => fmtDuration(Math.max(0, (now - a.since) / 1000)),
                },
                {
                  key: 'monitor',
                  title: t('actions'),
                  render: (_, a) =>
                    a.status === 'on-call' && a.callId ? (
                      <MonitorButtons
                        callId={a.callId}
                        agentName={a.name}
                        onError={(what, error) => setMonitorError(error ? { what, error } : null)}
                      />
                    ) : null,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <CampaignPanel />
        </Col>
      </Row>
    </div>
  );
}
