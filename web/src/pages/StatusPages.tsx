import { Button, Result } from 'antd';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../lib/router.ts';
import { homeFor } from '../routes.tsx';

export function Forbidden() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <Result
      status="403"
      title="403"
      subTitle={`${t('forbidden')}：${t('forbiddenText')}`}
      data-testid="forbidden"
      extra={
        <Button type="primary" onClick={() => navigate(user ? homeFor(user.role) : '/')}>
          {t('backHome')}
        </Button>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound')}
      extra={
        <Button type="primary" onClick={() => navigate(user ? homeFor(user.role) : '/')}>
          {t('backHome')}
        </Button>
      }
    />
  );
}
