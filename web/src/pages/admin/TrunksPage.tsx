import { Alert, Button, Card, Form, Input, InputNumber, Space, Spin, Switch, message } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';

// The tenant's outbound trunk (GET/PUT /api/settings/outbound). The server sends the password
// as "***" and keeps the stored one when "***" comes back, so it is never shown or re-typed.

const MASK = '***';

interface OutboundSettings {
  trunk: {
    uri: string;
    proxy?: string;
    id: string;
    auth?: { username: string; password: string };
  };
  callerId: string;
  agentRingMs: number;
  calleeRingMs: number;
  record: boolean;
}
interface FormValues {
  uri: string;
  proxy?: string;
  trunkId: string;
  username?: string;
  password?: string;
  callerId: string;
  agentRingS: number;
  calleeRingS: number;
  record: boolean;
}

const toForm = (s: OutboundSettings | null): FormValues => ({
  uri: s?.trunk.uri ?? '',
  proxy: s?.trunk.proxy ?? '',
  trunkId: s?.trunk.id ?? 'trunk-default',
  username: s?.trunk.auth?.username ?? '',
  password: s?.trunk.auth ? MASK : '',
  callerId: s?.callerId ?? '',
  agentRingS: (s?.agentRingMs ?? 30_000) / 1000,
  calleeRingS: (s?.calleeRingMs ?? 45_000) / 1000,
  record: s?.record ?? true,
});

const toBody = (v: FormValues) => ({
  trunk: {
    uri: v.uri.trim(),
    ...(v.proxy?.trim() ? { proxy: v.proxy.trim() } : {}),
    id: v.trunkId.trim(),
    ...(v.username?.trim()
      ? { auth: { username: v.username.trim(), password: v.password ?? '' } }
      : {}),
  },
  callerId: v.callerId.trim(),
  agentRingMs: Math.round(v.agentRingS * 1000),
  calleeRingMs: Math.round(v.calleeRingS * 1000),
  record: v.record,
});

export function TrunksPage() {
  const { t } = useI18n();
  const loaded = useApi<{ settings: OutboundSettings | null }>('/api/settings/outbound');
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (loaded.data) form.setFieldsValue(toForm(loaded.data.settings));
  }, [loaded.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const res = await api.put<{ settings: OutboundSettings }>(
        '/api/settings/outbound',
        toBody(v),
      );
      form.setFieldsValue(toForm(res.settings));
      void message.success(t('saved'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="trunks-page">
      <PageTitle>{t('menuTrunks')}</PageTitle>
      <ApiErrorAlert error={loaded.error} />
      <ApiErrorAlert error={error} what={t('save')} />
      {loaded.loading ? (
        <Spin />
      ) : (
        <Card style={{ maxWidth: 720 }}>
          {loaded.data?.settings === null && (
            <Alert type="warning" showIcon title={t('trunkMissing')} style={{ marginBottom: 16 }} />
          )}
          <Form<FormValues> form={form} layout="vertical" data-testid="trunk-form">
            <Form.Item
              name="uri"
              label={t('trunkUri')}
              extra={t('trunkUriHint')}
              rules={[{ required: true, message: t('required') }]}
            >
              <Input placeholder="sip:{number}@gw.carrier.example" />
            </Form.Item>
            <Space wrap>
              <Form.Item name="proxy" label={t('trunkProxy')}>
                <Input style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name="trunkId" label={t('trunkId')}>
                <Input style={{ width: 200 }} />
              </Form.Item>
            </Space>
            <Space wrap>
              <Form.Item name="username" label={t('trunkUsername')}>
                <Input style={{ width: 220 }} autoComplete="off" />
              </Form.Item>
              <Form.Item name="password" label={t('password')} extra={t('trunkPasswordHint')}>
                <Input.Password style={{ width: 220 }} autoComplete="new-password" />
              </Form.Item>
            </Space>
            <Space wrap>
              <Form.Item
                name="callerId"
                label={t('callerId')}
                rules={[{ required: true, message: t('required') }]}
              >
                <Input style={{ width: 220 }} placeholder="+8621…" />
              </Form.Item>
              <Form.Item name="agentRingS" label={t('agentRingS')}>
                <InputNumber min={5} max={120} />
              </Form.Item>
              <Form.Item name="calleeRingS" label={t('calleeRingS')}>
                <InputNumber min={15} max={120} />
              </Form.Item>
              <Form.Item name="record" label={t('recordingPolicy')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
            <Button
              type="primary"
              loading={saving}
              onClick={() => void save()}
              data-testid="trunk-save"
            >
              {t('save')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
