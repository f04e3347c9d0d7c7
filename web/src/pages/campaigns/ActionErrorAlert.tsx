import { Alert } from 'antd';
import { ApiError } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';

// A refused campaign or monitoring action: what it means for the supervisor in their language
// (the server's messages are English), then the API's own status, code and message.

const HINTS: Record<string, DictKey> = {
  'dialer.sip_off': 'hintDialerSipOff',
  'campaign.running': 'hintCampaignRunning',
  'campaign.finished': 'hintCampaignFinished',
  'campaign.settings': 'hintCampaignSettings',
  'monitor.no_sip': 'hintMonitorNoSip',
  'monitor.no_device': 'hintMonitorNoDevice',
  'monitor.device_offline': 'hintMonitorOffline',
  'monitor.no_answer': 'hintMonitorNoAnswer',
  'monitor.not_bridged': 'hintMonitorNotBridged',
  'monitor.busy': 'hintMonitorBusy',
  'monitor.call_not_live': 'hintMonitorNotLive',
};

export function ActionErrorAlert({
  error,
  what,
  testId,
}: {
  error: unknown;
  what: string;
  testId: string;
}) {
  const { t } = useI18n();
  if (!error) return null;
  const hint = error instanceof ApiError ? HINTS[error.code] : undefined;
  if (!hint) {
    return (
      <div data-testid={testId}>
        <ApiErrorAlert error={error} what={what} />
      </div>
    );
  }
  const e = error as ApiError;
  return (
    <Alert
      type="error"
      showIcon
      title={t(hint)}
      description={`${what} → ${e.status} ${e.code}: ${e.message}`}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  );
}
