import {
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtDuration, fmtNumber } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { QueueSkillAgents } from './QueueSkillAgents.tsx';

// Queues and skills (GET/POST/PATCH/DELETE /api/admin/queues) beside the live figures of
// GET /api/queues. Durations are edited in seconds; the API stores milliseconds.

interface QueueSettings {
  ringTimeoutMs: number;
  maxWaitMs: number;
  overflow: { kind: 'queue'; queueId: string } | { kind: 'callback' } | { kind: 'hangup' };
  announceEveryMs: number;
  announceExpectedWait: boolean;
  record: boolean;
  wrapUpMs: number;
  callbackDigit: string | null;
  priority: number;
}
interface AdminQueue {
  id: string;
  name: string;
  skill: string;
  settings: QueueSettings;
  agents: { id: string; name: string; extension: string | null; level: number }[];
}
interface LiveQueue {
  id: string;
  waiting: number;
  longestWaitSeconds: number | null;
  withAgents: number;
  serviceLevel: { ratio: number | null };
}

interface FormValues {
  id?: string;
  name: string;
  skill: string;
  ringTimeoutS: number;
  maxWaitS: number;
  overflowKind: QueueSettings['overflow']['kind'];
  overflowQueueId?: string;
  announceEveryS: number;
  announceExpectedWait: boolean;
  record: boolean;
  wrapUpS: number;
  callbackDigit?: string;
  priority: number;
}

const DEFAULTS: FormValues = {
  name: '',
  skill: '',
  ringTimeoutS: 15,
  maxWaitS: 300,
  overflowKind: 'hangup',
  announceEveryS: 20,
  announceExpectedWait: true,
  record: true,
  wrapUpS: 10,
  callbackDigit: '*',
  priority: 0,
};

function toForm(q: AdminQueue): FormValues {
  const s = q.settings;
  return {
    name: q.name,
    skill: q.skill,
    ringTimeoutS: s.ringTimeoutMs / 1000,
    maxWaitS: s.maxWaitMs / 1000,
    overflowKind: s.overflow.kind,
    overflowQueueId: s.overflow.kind === 'queue' ? s.overflow.queueId : undefined,
    announceEveryS: s.announceEveryMs / 1000,
    announceExpectedWait: s.announceExpectedWait,
    record: s.record,
    wrapUpS: s.wrapUpMs / 1000,
    callbackDigit: s.callbackDigit ?? '',
    priority: s.priority,
  };
}

function toBody(v: FormValues) {
  return {
    name: v.name,
    skill: v.skill,
    settings: {
      ringTimeoutMs: Math.round(v.ringTimeoutS * 1000),
      maxWaitMs: Math.round(v.maxWaitS * 1000),
      overflow:
        v.overflowKind === 'queue'
          ? { kind: 'queue', queueId: v.overflowQueueId ?? '' }
          : { kind: v.overflowKind },
      announceEveryMs: Math.round(v.announceEveryS * 1000),
      announceExpectedWait: v.announceExpectedWait,
      record: v.record,
      wrapUpMs: Math.round(v.wrapUpS * 1000),
      callbackDigit: v.callbackDigit ? v.callbackDigit : null,
      priority: v.priority,
    },
  };
}

export function QueuesPage() {
  const { t } = useI18n();
  const queues = useApi<{ items: AdminQueue[] }>('/api/admin/queues');
  const live = useApi<{ items: LiveQueue[] }>('/api/queues');
  const [editing, setEditing] = useState<AdminQueue | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<FormValues>();
  const liveOf = new Map((live.data?.items ?? []).map((q) => [q.id, q]));
  const items = queues.data?.items ?? [];

  const open = (q: AdminQueue | 'new') => {
    setError(null);
    form.setFieldsValue(q === 'new' ? { ...DEFAULTS, id: undefined } : toForm(q));
    setEditing(q);
  };
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') {
        await api.post('/api/admin/queues', { ...(v.id ? { id: v.id } : {}), ...toBody(v) });
      } else if (editing) {
        await api.patch(`/api/admin/queues/${encodeURIComponent(editing.id)}`, toBody(v));
      }
      setEditing(null);
      queues.reload();
      live.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await api.del(`/api/admin/queues/${encodeURIComponent(id)}`);
      queues.reload();
      live.reload();
    } catch (e) {
      setError(e);
    }
  };

  const overflowKind = Form.useWatch('overflowKind', form);
  return (
    <div data-testid="queues-page">
      <PageTitle
        extra={
          <Button type="primary" onClick={() => open('new')} data-testid="queue-new">
            {t('newQueue')}
          </Button>
        }
      >
        {t('menuQueues')}
      </PageTitle>
      <ApiErrorAlert error={queues.error ?? live.error} />
      {!editing && <ApiErrorAlert error={error} />}
      <Table<AdminQueue>
        rowKey="id"
        size="small"
        loading={queues.loading}
        dataSource={items}
        pagination={false}
        expandable={{
          expandedRowRender: (q) => <QueueSkillAgents skill={q.skill} onSaved={queues.reload} />,
        }}
        columns={[
          { key: 'name', title: t('queueName'), render: (_, q) => `${q.name} (${q.id})` },
          { key: 'skill', title: t('skill'), dataIndex: 'skill' },
          {
            key: 'waiting',
            title: t('waiting'),
            render: (_, q) => liveOf.get(q.id)?.waiting ?? '—',
          },
          {
            key: 'longest',
            title: t('longestWait'),
            render: (_, q) => fmtDuration(liveOf.get(q.id)?.longestWaitSeconds ?? null),
          },
          {
            key: 'sl',
            title: t('serviceLevel'),
            render: (_, q) => {
              const r = liveOf.get(q.id)?.serviceLevel.ratio;
              return r === null || r === undefined ? t('noData') : `${fmtNumber(r * 100, 1)}%`;
            },
          },
          {
            key: 'settings',
            title: t('queueSettings'),
            render: (_, q) => (
              <Space size={4} wrap>
                <Tag>{`${t('ringTimeoutS')} ${q.settings.ringTimeoutMs / 1000}`}</Tag>
                <Tag>{`${t('maxWaitS')} ${q.settings.maxWaitMs / 1000}`}</Tag>
                <Tag color={q.settings.record ? 'green' : 'default'}>
                  {q.settings.record ? t('recordOn') : t('recordOff')}
                </Tag>
              </Space>
            ),
          },
          {
            key: 'agents',
            title: t('skilledAgents'),
            render: (_, q) =>
              q.agents.length === 0 ? '—' : q.agents.map((a) => `${a.name} L${a.level}`).join('，'),
          },
          {
            key: 'actions',
            title: '',
            render: (_, q) => (
              <Space>
                <Button size="small" onClick={() => open(q)} data-testid={`queue-edit-${q.id}`}>
                  {t('edit')}
                </Button>
                <Popconfirm title={t('confirmDelete')} onConfirm={() => void remove(q.id)}>
                  <Button size="small" danger>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newQueue') : t('edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        okText={t('save')}
        cancelText={t('cancel')}
        destroyOnHidden
        forceRender
      >
        {editing && <ApiErrorAlert error={error} />}
        <Form<FormValues> form={form} layout="vertical" data-testid="queue-form">
          {editing === 'new' && (
            <Form.Item name="id" label="ID" extra={t('queueIdHint')}>
              <Input />
            </Form.Item>
          )}
          <Form.Item
            name="name"
            label={t('queueName')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="skill"
            label={t('skill')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="ringTimeoutS" label={t('ringTimeoutS')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="maxWaitS" label={t('maxWaitS')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="announceEveryS" label={t('announceEveryS')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="wrapUpS" label={t('wrapUpS')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="priority" label={t('priority')}>
              <InputNumber />
            </Form.Item>
            <Form.Item name="callbackDigit" label={t('callbackDigit')}>
              <Input maxLength={1} style={{ width: 60 }} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="overflowKind" label={t('overflow')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'hangup', label: t('overflowHangup') },
                  { value: 'callback', label: t('overflowCallback') },
                  { value: 'queue', label: t('overflowQueue') },
                ]}
              />
            </Form.Item>
            {overflowKind === 'queue' && (
              <Form.Item name="overflowQueueId" label={t('queues')}>
                <Select
                  style={{ width: 200 }}
                  options={items
                    .filter((q) => editing === 'new' || q.id !== editing?.id)
                    .map((q) => ({ value: q.id, label: q.name }))}
                />
              </Form.Item>
            )}
            <Form.Item name="record" label={t('recordingPolicy')} valuePropName="checked">
              <Switch data-testid="queue-record" />
            </Form.Item>
            <Form.Item
              name="announceExpectedWait"
              label={t('announceExpectedWait')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
