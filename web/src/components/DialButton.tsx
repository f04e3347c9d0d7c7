import { Alert, App, Button, Space, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';

// 拨打 (click-to-dial): POST /api/agent/dial for a lead or a customer. The compliance gate's
// refusal (DNC, opt-out, calling window, caps …) is shown where the agent clicked, in the
// interface language (the server answers "中文 / English").

export type DialTarget = { leadId: string } | { customerId: string };

export interface DialStarted {
  callId: string;
  customerId: string | null;
  leadId: string | null;
}

/** One language of a "中文 / English" server message. */
function localized(message: string, lang: 'zh' | 'en'): string {
  const parts = message.split(' / ');
  return parts.length === 2 ? (parts[lang === 'zh' ? 0 : 1] ?? message) : message;
}

/**
 * Whether the signed-in user's own device (softphone or registered SIP phone) can be rung now,
 * polled from the server: pages without the softphone use it to enable 拨打.
 */
export function useDialDevice(enabled = true): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const check = () =>
      api
        .get<{ available: boolean }>('/api/agent/dial/device')
        .then((d) => alive && setAvailable(d.available))
        .catch(() => alive && setAvailable(false));
    void check();
    const timer = setInterval(() => void check(), 5000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [enabled]);
  return available;
}

export function DialButton({
  target,
  canDial,
  onStarted,
  size = 'middle',
}: {
  target: DialTarget | null;
  /** False while no device can be rung (the softphone is not connected). */
  canDial: boolean;
  onStarted?: (started: DialStarted) => void;
  size?: 'small' | 'middle';
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ code: string; text: string } | null>(null);
  const targetKey = target ? JSON.stringify(target) : '';
  useEffect(() => setRefusal(null), [targetKey]);
  const dial = () => {
    if (!target) return;
    setBusy(true);
    setRefusal(null);
    api
      .post<DialStarted>('/api/agent/dial', target)
      .then((started) => {
        void message.success(t('dialStarted'));
        onStarted?.(started);
      })
      .catch((e: unknown) => {
        const text = e instanceof Error ? e.message : String(e);
        setRefusal({
          code: e instanceof ApiError ? e.code : 'error',
          text: localized(text, lang),
        });
      })
      .finally(() => setBusy(false));
  };
  const button = (
    <Button
      type="primary"
      size={size}
      disabled={!canDial || !target}
      loading={busy}
      onClick={dial}
      data-testid="dial-button"
    >
      {t('dial')}
    </Button>
  );
  return (
    <Space orientation="vertical" size={4}>
      {canDial ? button : <Tooltip title={t('dialNoDevice')}>{button}</Tooltip>}
      {refusal && (
        <Alert
          type="error"
          showIcon
          title={`${t('dialRefused')} · ${refusal.code}`}
          description={refusal.text}
          data-testid="dial-refusal"
        />
      )}
    </Space>
  );
}
