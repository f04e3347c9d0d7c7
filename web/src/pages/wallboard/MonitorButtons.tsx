import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n, type DictKey } from '../../i18n/index.ts';

// 监听 / 耳语 / 强插 for an agent's current call: POST /api/calls/:id/monitor rings the
// supervisor's own extension and answers once it is joined (up to 30 s), or fails with a code
// the wallboard shows (no extension, phone not registered, call not bridged …).

export type MonitorMode = 'listen' | 'whisper' | 'barge';
const LABEL: Record<MonitorMode, DictKey> = {
  listen: 'monitorListen',
  whisper: 'monitorWhisper',
  barge: 'monitorBarge',
};
const MODES = (['listen', 'whisper', 'barge'] as const).map((mode) => ({
  mode,
  label: LABEL[mode],
}));

export function MonitorButtons({
  callId,
  agentName,
  onError,
}: {
  callId: string;
  agentName: string;
  onError: (what: string, error: unknown) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [pending, setPending] = useState<MonitorMode | null>(null);
  const monitor = async (mode: MonitorMode) => {
    const path = `/api/calls/${encodeURIComponent(callId)}/monitor`;
    setPending(mode);
    const ringing = message.loading(t('monitorRinging'), 0);
    try {
      const view = await api.post<{ changed: boolean }>(path, { mode });
      void message.success(
        view.changed ? t('monitorModeChanged') : `${agentName} · ${t(LABEL[mode])}`,
      );
      onError('', null);
    } catch (error) {
      onError(`${agentName} · ${t(LABEL[mode])} (POST ${path})`, error);
    } finally {
      ringing();
      setPending(null);
    }
  };
  return (
    <Space size={4}>
      {MODES.map(({ mode, label }) => (
        <Button
          key={mode}
          size="small"
          loading={pending === mode}
          disabled={pending !== null && pending !== mode}
          onClick={() => void monitor(mode)}
          data-testid={`monitor-${mode}`}
        >
          {t(label)}
        </Button>
      ))}
    </Space>
  );
}
