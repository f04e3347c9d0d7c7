import { Checkbox, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Lead, Page } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FormItem } from '../../components/FormItem.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';
import type { DialMode } from './campaign.types.ts';

// 新建外呼任务: the call list comes from CRM leads through a filter (source campaign, pool,
// status, intent). A filter of only a source campaign is sent as fromCampaignId (the server
// takes its leads, oldest first, e.g. a whole import); any other filter is resolved here to
// leadIds through GET /api/leads, as the API accepts exactly one of the two.

interface Values {
  name: string;
  dialMode: DialMode;
  company: string;
  trunkUri: string;
  callerIds: string[];
  abandonCapPct: number;
  maxAttempts: number;
  retryBusy: number;
  retryNoAnswer: number;
  retryFailed: number;
  useSchedule: boolean;
  days: number[];
  from: string;
  to: string;
  sourceCampaignId?: string;
  pool?: 'public' | 'private';
  status?: string;
  intentLevel?: 'high' | 'medium' | 'low';
  limit: number;
}

const MODES: { value: DialMode; label: DictKey }[] = [
  { value: 'preview', label: 'dialModePreview' },
  { value: 'progressive', label: 'dialModeProgressive' },
  { value: 'predictive', label: 'dialModePredictive' },
];
const WEEKDAYS: DictKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PAGE = 200;

function leadQuery(v: Partial<Values>) {
  return {
    campaignId: v.sourceCampaignId,
    pool: v.pool,
    status: v.status || undefined,
    intentLevel: v.intentLevel,
  };
}

/** The lead ids the filter matches, oldest first as the server would take them, up to limit. */
async function resolveLeadIds(v: Values): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < v.limit; page++) {
    const res = await api.get<Page<Lead>>('/api/leads', { ...leadQuery(v), page, pageSize: PAGE });
    ids.push(...res.items.map((l) => l.id));
    if (res.items.length < PAGE) break;
  }
  return ids.slice(0, v.limit);
}

function body(v: Values, leadIds: string[] | null) {
  return {
    name: v.name,
    dialMode: v.dialMode,
    ...(leadIds ? { leadIds } : { fromCampaignId: v.sourceCampaignId, limit: v.limit }),
    settings: {
      trunk: { uri: v.trunkUri },
      callerIds: v.callerIds,
      company: v.company,
      abandonCap: v.abandonCapPct / 100,
      maxAttempts: v.maxAttempts,
      retry: {
        busy: { afterMinutes: v.retryBusy },
        no_answer: { afterMinutes: v.retryNoAnswer },
        failed: { afterMinutes: v.retryFailed },
      },
      ...(v.useSchedule
        ? { schedule: { days: v.days, from: v.from, to: v.to, timeZone: 'Asia/Shanghai' } }
        : {}),
    },
  };
}

export function CampaignForm({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const sources = useApi<Page<{ id: string; name: string }>>(open ? '/api/campaigns' : null, {
    pageSize: 200,
  });
  const filter = Form.useWatch([], form) as Partial<Values> | undefined;
  const useSchedule = Form.useWatch('useSchedule', form) as boolean | undefined;
  const [matching, setMatching] = useState<number | null>(null);
  const filterKey = JSON.stringify(leadQuery(filter ?? {}));
  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    api
      .get<Page<Lead>>(
        '/api/leads',
        { ...(JSON.parse(filterKey) as Record<string, string>), pageSize: 1 },
        ctrl.signal,
      )
      .then((p) => setMatching(p.total))
      .catch(() => setMatching(null));
    return () => ctrl.abort();
  }, [open, filterKey]);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const onlySource = v.sourceCampaignId && !v.pool && !v.status && !v.intentLevel;
      const leadIds = onlySource ? null : await resolveLeadIds(v);
      await api.post('/api/dialer/campaigns', body(v, leadIds));
      form.resetFields();
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('newCampaign')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('create')}
      confirmLoading={saving}
      width={720}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'campaign-submit' }}
    >
      <div data-testid="campaign-form">
        <ApiErrorAlert error={error} what="/api/dialer/campaigns" />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          initialValues={{
            dialMode: 'progressive',
            abandonCapPct: 3,
            maxAttempts: 3,
            retryBusy: 30,
            retryNoAnswer: 120,
            retryFailed: 60,
            useSchedule: false,
            days: [1, 2, 3, 4, 5],
            from: '09:00',
            to: '20:00',
            limit: 1000,
            callerIds: [],
          }}
        >
          <Space wrap align="start">
            <FormItem name="name" label={t('campaignName')} required />
            <Form.Item name="dialMode" label={t('dialMode')}>
              <Select
                style={{ width: 160 }}
                options={MODES.map((m) => ({ value: m.value, label: t(m.label) }))}
              />
            </Form.Item>
            <FormItem name="company" label={t('company')} required />
          </Space>
          <Form.Item
            name="trunkUri"
            label={t('trunkUri')}
            rules={[
              { required: true, message: t('required') },
              { pattern: /\{number\}/, message: t('trunkUriHint') },
            ]}
          >
            <Input placeholder="sip:{number}@carrier.example.cn" />
          </Form.Item>
          <Form.Item
            name="callerIds"
            label={t('callerIds')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Select mode="tags" placeholder="+8602112345678" tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="abandonCapPct" label={t('abandonCapPct')}>
              <InputNumber min={0} max={50} step={0.5} />
            </Form.Item>
            <Form.Item name="maxAttempts" label={t('maxAttempts')}>
              <InputNumber min={1} max={20} />
            </Form.Item>
            <Form.Item name="retryBusy" label={t('retryBusyMin')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="retryNoAnswer" label={t('retryNoAnswerMin')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="retryFailed" label={t('retryFailedMin')}>
              <InputNumber min={0} />
            </Form.Item>
          </Space>
          <Form.Item name="useSchedule" valuePropName="checked">
            <Checkbox>{t('useSchedule')}</Checkbox>
          </Form.Item>
          {useSchedule && (
            <Space wrap align="start">
              <Form.Item name="days" label={t('scheduleDays')}>
                <Checkbox.Group options={WEEKDAYS.map((d, i) => ({ value: i + 1, label: t(d) }))} />
              </Form.Item>
              <Form.Item name="from" label={t('from')} rules={[{ pattern: /^\d\d:\d\d$/ }]}>
                <Input style={{ width: 90 }} />
              </Form.Item>
              <Form.Item name="to" label={t('to')} rules={[{ pattern: /^\d\d:\d\d$/ }]}>
                <Input style={{ width: 90 }} />
              </Form.Item>
            </Space>
          )}
          <Typography.Title level={5}>{t('leadFilter')}</Typography.Title>
          <Space wrap align="start">
            <Form.Item name="sourceCampaignId" label={t('sourceCampaign')}>
              <Select
                allowClear
                style={{ width: 200 }}
                loading={sources.loading}
                options={(sources.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
            <Form.Item name="pool" label={t('leadPool')}>
              <Select
                allowClear
                style={{ width: 120 }}
                options={[
                  { value: 'public', label: t('poolPublic') },
                  { value: 'private', label: t('poolPrivate') },
                ]}
              />
            </Form.Item>
            <Form.Item name="status" label={t('status')}>
              <Input style={{ width: 120 }} placeholder="new" />
            </Form.Item>
            <Form.Item name="intentLevel" label={t('intent')}>
              <Select
                allowClear
                style={{ width: 120 }}
                options={[
                  { value: 'high', label: t('intentHigh') },
                  { value: 'medium', label: t('intentMedium') },
                  { value: 'low', label: t('intentLow') },
                ]}
              />
            </Form.Item>
            <Form.Item name="limit" label={t('leadLimit')}>
              <InputNumber min={1} max={100_000} />
            </Form.Item>
          </Space>
          <Typography.Text type="secondary" data-testid="campaign-matching">
            {t('matchingLeads')}: {matching === null ? '—' : matching}
          </Typography.Text>
        </Form>
      </div>
    </Modal>
  );
}
