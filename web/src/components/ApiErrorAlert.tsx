import { Alert } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';

/** Shows an API failure as it is: status, code and message — never as empty data. */
export function ApiErrorAlert({ error, what }: { error: unknown; what?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const forbidden = e?.status === 403;
  const title = forbidden
    ? `403 ${t('forbidden')}`
    : `${t('apiError')}${e ? ` ${e.status}` : ''}${what ? ` · ${what}` : ''}`;
  const description = e
    ? `${e.code}: ${e.message}`
    : error instanceof Error
      ? error.message
      : JSON.stringify(error);
  return (
    <Alert
      type={forbidden ? 'warning' : 'error'}
      showIcon
      title={title}
      description={description}
      style={{ marginBottom: 16 }}
      data-testid={forbidden ? 'api-forbidden' : 'api-error'}
    />
  );
}
