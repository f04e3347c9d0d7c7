import { Alert, Button, Col, Input, List, Row, Select, Space, Table, Tag, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

// IVR flows (/api/admin/ivr/*): a JSON editor over the active version of a flow; saving adds a
// version, and a refused flow lists each bad path the server named. Older versions can be made
// active again; service numbers are routed to a flow.

interface FlowVersion {
  flowId: string;
  version: number;
  name: string;
  active: boolean;
  createdAt: number;
  flow: unknown;
}
interface FlowDetail extends FlowVersion {
  versions: Omit<FlowVersion, 'flow'>[];
}
interface ServiceNumber {
  number: string;
  flowId: string | null;
}

const TEMPLATE = {
  id: 'new-flow',
  name: '新流程',
  language: 'zh',
  start: 'welcome',
  nodes: {
    welcome: { verb: 'play', prompt: 'welcome', next: 'goodbye' },
    goodbye: { verb: 'hangup', prompt: 'goodbye' },
  },
};

/** "invalid IVR flow: a.b: msg; c: msg" → one line per path. */
const issuesOf = (e: unknown): string[] | null =>
  e instanceof ApiError && e.code === 'ivr_flow_invalid'
    ? e.message.replace(/^invalid IVR flow:\s*/, '').split('; ')
    : null;

export function IvrFlowsPage() {
  const { t } = useI18n();
  const flows = useApi<{ items: FlowVersion[] }>('/api/admin/ivr/flows');
  const numbers = useApi<{ items: ServiceNumber[] }>('/api/admin/ivr/service-numbers');
  const [selected, setSelected] = useState<string | null>(null);
  const detail = useApi<FlowDetail>(
    selected ? `/api/admin/ivr/flows/${encodeURIComponent(selected)}` : null,
  );
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [number, setNumber] = useState('');
  const [numberFlow, setNumberFlow] = useState<string | undefined>(undefined);
  const items = flows.data?.items ?? [];

  useEffect(() => {
    if (selected === null && items[0]) setSelected(items[0].flowId);
  }, [items, selected]);
  useEffect(() => {
    if (detail.data) setText(JSON.stringify(detail.data.flow, null, 2));
  }, [detail.data]);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      void message.success(t('saved'));
    } catch (e) {
      setError(e);
    }
  };
  const save = () =>
    run(async () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new Error(`${t('jsonSyntaxError')}: ${(e as Error).message}`, { cause: e });
      }
      const saved = await api.post<FlowVersion>('/api/admin/ivr/flows', body);
      flows.reload();
      if (saved.flowId === selected) detail.reload();
      else setSelected(saved.flowId);
    });
  const activate = (version: number) =>
    run(async () => {
      if (!selected) return;
      await api.post(
        `/api/admin/ivr/flows/${encodeURIComponent(selected)}/versions/${version}/activate`,
      );
      detail.reload();
      flows.reload();
    });
  const route = () =>
    run(async () => {
      await api.put(`/api/admin/ivr/service-numbers/${encodeURIComponent(number.trim())}`, {
        flowId: numberFlow ?? '',
      });
      numbers.reload();
    });

  const issues = issuesOf(error);
  return (
    <div data-testid="ivr-flows-page">
      <PageTitle>{t('menuIvrFlows')}</PageTitle>
      <ApiErrorAlert error={flows.error ?? numbers.error ?? detail.error} />
      {issues ? (
        <Alert
          type="error"
          showIcon
          title={t('ivrFlowInvalid')}
          data-testid="ivr-flow-errors"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {issues.map((i) => (
                <li key={i}>
                  <code>{i}</code>
                </li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : (
        <ApiErrorAlert error={error} />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Space style={{ marginBottom: 8 }} wrap>
            <Select
              style={{ width: 260 }}
              value={selected ?? undefined}
              placeholder={t('ivrFlow')}
              onChange={setSelected}
              data-testid="ivr-flow-select"
              options={items.map((f) => ({ value: f.flowId, label: `${f.name} (${f.flowId})` }))}
            />
            <Button
              onClick={() => {
                setError(null);
                setText(JSON.stringify(TEMPLATE, null, 2));
              }}
            >
              {t('ivrNewFlow')}
            </Button>
            <Button type="primary" onClick={() => void save()} data-testid="ivr-flow-save">
              {t('ivrSaveVersion')}
            </Button>
          </Space>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 18, maxRows: 36 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 13 }}
            data-testid="ivr-flow-json"
          />
        </Col>
        <Col xs={24} lg={8}>
          <List
            size="small"
            header={t('ivrVersions')}
            bordered
            dataSource={detail.data?.versions ?? []}
            renderItem={(v) => (
              <List.Item
                actions={
                  v.active
                    ? [
                        <Tag color="green" key="a">
                          {t('ivrActive')}
                        </Tag>,
                      ]
                    : [
                        <Button key="b" size="small" onClick={() => void activate(v.version)}>
                          {t('ivrActivate')}
                        </Button>,
                      ]
                }
              >
                {`v${v.version} · ${v.name} · ${fmtTime(v.createdAt)}`}
              </List.Item>
            )}
          />
          <Table<ServiceNumber>
            style={{ marginTop: 16 }}
            size="small"
            rowKey="number"
            pagination={false}
            title={() => t('serviceNumbers')}
            dataSource={numbers.data?.items ?? []}
            columns={[
              { key: 'number', title: t('serviceNumber'), dataIndex: 'number' },
              { key: 'flow', title: t('ivrFlow'), render: (_, r) => r.flowId ?? '—' },
            ]}
          />
          <Space.Compact style={{ marginTop: 8, width: '100%' }}>
            <Input
              placeholder={t('serviceNumber')}
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
            <Select
              style={{ width: 180 }}
              placeholder={t('ivrFlow')}
              value={numberFlow}
              onChange={setNumberFlow}
              options={items.map((f) => ({ value: f.flowId, label: f.flowId }))}
            />
            <Button onClick={() => void route()} disabled={!number.trim() || !numberFlow}>
              {t('save')}
            </Button>
          </Space.Compact>
        </Col>
      </Row>
    </div>
  );
}
