import { Alert, Card, Col, Row, Table, Tag } from 'antd';
import type { Page } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtDuration } from '../../lib/format.ts';
import { useApiHas } from '../../lib/api-routes.ts';
import { useApi } from '../../lib/use-api.ts';

interface QueueRow {
  id: string;
  name: string;
  waiting?: number;
  longestWaitSeconds?: number;
  serviceLevel?: number | null;
}

interface AgentRow {
  id: string;
  name: string;
  extension?: string | null;
  teamId?: string | null;
  teamName?: string | null;
  state?: string | null;
  stateSince?: number | null;
}

const items = <T,>(body: Page<T> | T[] | undefined): T[] =>
  Array.isArray(body) ? body : (body?.items ?? []);

// LIVE FEED: a later session subscribes to the realtime WebSocket here and patches these rows
// (queue waiting / longest wait / service level; agent state and time in state).
export function WallboardPage() {
  const { t } = useI18n();
  const hasQueues = useApiHas('/api/queues');
  const queues = useApi<Page<QueueRow> | QueueRow[]>(hasQueues ? '/api/queues' : null, {
    pageSize: 200,
  });
  const agents = useApi<Page<AgentRow> | AgentRow[]>('/api/agents', { pageSize: 200 });
  const now = Date.now();
  return (
    <div data-testid="wallboard-page">
      <PageTitle>{t('menuWallboard')}</PageTitle>
      <Alert type="info" showIcon title={t('liveFeedPending')} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('queues')} data-testid="wallboard-queues">
            <ApiErrorAlert error={queues.error} what="/api/queues" />
            {hasQueues === false && (
              <Alert
                type="warning"
                showIcon
                title={t('endpointMissing')}
                description="GET /api/queues"
                style={{ marginBottom: 12 }}
                data-testid="queues-missing"
              />
            )}
            <Table<QueueRow>
              size="small"
              rowKey="id"
              loading={queues.loading || hasQueues === undefined}
              dataSource={items(queues.data)}
              pagination={false}
              locale={{ emptyText: t('noData') }}
              columns={[
                { key: 'name', title: t('queues'), dataIndex: 'name' },
                { key: 'waiting', title: t('waiting'), render: (_, q) => q.waiting ?? '—' },
                {
                  key: 'longest',
                  title: t('longestWait'),
                  render: (_, q) => fmtDuration(q.longestWaitSeconds),
                },
                {
                  key: 'sl',
                  title: t('serviceLevel'),
                  render: (_, q) =>
                    q.serviceLevel == null ? '—' : `${(q.serviceLevel * 100).toFixed(1)}%`,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('agents')} data-testid="wallboard-agents">
            <ApiErrorAlert error={agents.error} what="/api/agents" />
            <Table<AgentRow>
              size="small"
              rowKey="id"
              loading={agents.loading}
              dataSource={items(agents.data)}
              pagination={{ pageSize: 15, size: 'small' }}
              locale={{ emptyText: t('noData') }}
              columns={[
                { key: 'name', title: t('name'), dataIndex: 'name' },
                { key: 'ext', title: t('extension'), render: (_, a) => a.extension ?? '—' },
                { key: 'team', title: t('team'), render: (_, a) => a.teamName ?? a.teamId ?? '—' },
                {
                  key: 'state',
                  title: t('agentState'),
                  render: (_, a) => (a.state ? <Tag color="blue">{a.state}</Tag> : '—'),
                },
                {
                  key: 'since',
                  title: t('timeInState'),
                  render: (_, a) => (a.stateSince ? fmtDuration((now - a.stateSince) / 1000) : '—'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
