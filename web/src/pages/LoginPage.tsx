import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth.tsx';
import { useI18n, type Lang } from '../i18n/index.ts';
import { navigate } from '../lib/router.ts';
import { homeFor } from '../routes.tsx';

interface Fields {
  tenant?: string;
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(values);
      const here = location.pathname;
      // Keep a deep link the user opened before signing in; otherwise go to the role's home.
      navigate(here === '/' || here === '/login' ? homeFor(user.role) : here, true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg, #e6f0ff 0%, #f5f7fa 100%)',
      }}
    >
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('appName')}
          </Typography.Title>
          <Segmented<Lang>
            size="small"
            value={lang}
            onChange={setLang}
            options={[
              { label: '中文', value: 'zh' },
              { label: 'EN', value: 'en' },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('appTagline')}</Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            title={`${t('loginFailed')}: ${error}`}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Fields> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item name="tenant" label={t('tenantOptional')}>
            <Input autoComplete="organization" data-testid="login-tenant" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('username')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('password')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
