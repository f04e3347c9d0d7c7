import {
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { IntentLevel } from '../../api/types.ts';
import { useI18n, type DictKey } from '../../i18n/index.ts';

interface Values {
  intentLevel?: IntentLevel;
  coreInfoDelivered?: boolean;
  note?: string;
  nextAt?: Dayjs;
  dealAmount?: number | null;
  dealStage?: DealStage;
}

/** The CRM's deal stages (DealsPage); closed_won stamps the won time. */
const DEAL_STAGES = {
  prospecting: 'stageProspecting',
  qualified: 'stageQualified',
  proposal: 'stageProposal',
  negotiation: 'stageNegotiation',
  closed_won: 'stageClosedWon',
  closed_lost: 'stageClosedLost',
} as const satisfies Record<string, DictKey>;
type DealStage = keyof typeof DEAL_STAGES;

/**
 * After a conversation the agent records intent, whether the core information was delivered,
 * notes and the next follow-up. Without live calls yet it is saved as a follow-up, an intent tag
 * (and the lead's intent level) and a "core_info_delivered" label; once calls exist the same
 * fields land on the call record.
 */
export function DispositionForm({
  customerId,
  leadId,
  callId = null,
  onSaved,
}: {
  customerId: string | null;
  leadId: string | null;
  /** The call being dispositioned: its fields then land on the call record. */
  callId?: string | null;
  onSaved?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    if (!customerId) return;
    setBusy(true);
    const deal =
      v.dealAmount === null || v.dealAmount === undefined
        ? null
        : { amount: v.dealAmount, stage: v.dealStage ?? 'prospecting' };
    try {
      if (callId) {
        await api.post(`/api/calls/${encodeURIComponent(callId)}/disposition`, {
          intentLevel: v.intentLevel ?? null,
          coreInfoDelivered: v.coreInfoDelivered ?? false,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          ...(v.nextAt ? { nextFollowUpAt: v.nextAt.valueOf() } : {}),
          // The deal is written in the disposition's transaction, on the call's customer.
          ...(deal ? { deal } : {}),
        });
        if (leadId && v.intentLevel)
          await api.patch(`/api/leads/${encodeURIComponent(leadId)}`, {
            intentLevel: v.intentLevel,
          });
        void message.success(t('saved'));
        form.resetFields();
        onSaved?.();
        return;
      }
      const lead = leadId ?? undefined;
      const note = v.note?.trim() || undefined;
      await api.post('/api/follow-ups', {
        customerId,
        leadId: lead,
        channel: 'phone',
        note,
        nextAt: v.nextAt?.valueOf(),
      });
      if (v.intentLevel) {
        await api.post('/api/tags', {
          customerId,
          leadId: lead,
          kind: 'intent',
          name: 'intent',
          level: v.intentLevel,
        });
        if (lead)
          await api.patch(`/api/leads/${encodeURIComponent(lead)}`, { intentLevel: v.intentLevel });
      }
      // The flag belongs on the call record; with no live call yet it is kept as a label.
      if (v.coreInfoDelivered) {
        await api.post('/api/tags', {
          customerId,
          leadId: lead,
          kind: 'label',
          name: 'core_info_delivered',
        });
      }
      if (deal) {
        await api.post('/api/deals', {
          customerId,
          leadId: lead,
          ...deal,
          ...(deal.stage === 'closed_won' ? { closedWonAt: Date.now() } : {}),
        });
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
        <Divider titlePlacement="start" plain>
          {t('dealSection')}
        </Divider>
        <Form.Item
          name="dealAmount"
          label={t('dealAmount')}
          rules={[{ type: 'number', min: 0.01, message: t('dealAmount') + ' > 0' }]}
        >
          <InputNumber<number>
            min={0.01}
            max={1e12}
            precision={2}
            prefix="¥"
            style={{ width: '100%' }}
            data-testid="deal-amount"
          />
        </Form.Item>
        <Form.Item name="dealStage" label={t('stage')} initialValue="prospecting">
          <Select<DealStage>
            options={Object.entries(DEAL_STAGES).map(([value, key]) => ({
              value: value as DealStage,
              label: t(key),
            }))}
            data-testid="deal-stage"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
