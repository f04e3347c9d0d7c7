import { App, Button, Card, DatePicker, Form, Input, Radio, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { IntentLevel } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.ts';

interface Values {
  intentLevel?: IntentLevel;
  coreInfoDelivered?: boolean;
  note?: string;
  nextAt?: Dayjs;
}

/**
 * After a conversation the agent records intent, whether the core information was delivered,
 * notes and the next follow-up. Without live calls yet it is saved as a follow-up (channel
 * "call") and the lead's intent; the call record gets the same fields once calls exist.
 */
export function DispositionForm({
  customerId,
  leadId,
  onSaved,
}: {
  customerId: string | null;
  leadId: string | null;
  onSaved?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    if (!customerId) return;
    setBusy(true);
    try {
      await api.post('/api/follow-ups', {
        customerId,
        leadId: leadId ?? undefined,
        channel: 'call',
        note: v.note ?? null,
        nextAt: v.nextAt?.valueOf() ?? null,
        intentLevel: v.intentLevel ?? null,
        coreInfoDelivered: v.coreInfoDelivered ?? false,
      });
      if (leadId && v.intentLevel) {
        await api.patch(`/api/leads/${encodeURIComponent(leadId)}`, { intentLevel: v.intentLevel });
      }
      void message.success(t('saved'));
      form.resetFields();
      onSaved?.();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('disposition')} data-testid="disposition-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        disabled={!customerId}
      >
        <Form.Item name="intentLevel" label={t('intent')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'high', label: t('intentHigh') },
              { value: 'medium', label: t('intentMedium') },
              { value: 'low', label: t('intentLow') },
            ]}
          />
        </Form.Item>
        <Form.Item name="coreInfoDelivered" label={t('coreInfoDelivered')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="nextAt" label={t('nextFollowUp')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
