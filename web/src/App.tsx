import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useEffect } from 'react';
import { AuthProvider, useAuth } from './auth.tsx';
import { I18nProvider, useI18n } from './i18n/index.ts';
import { AppLayout } from './layout/AppLayout.tsx';
import { navigate, matchPath, useLocation } from './lib/router.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Forbidden, NotFound } from './pages/StatusPages.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { canOpen, homeFor, ROUTES } from './routes.tsx';

function Routed() {
  const { user, checking } = useAuth();
  const { pathname } = useLocation();

  const needsRedirect = user && (pathname === '/' || pathname === '/login');
  useEffect(() => {
    if (needsRedirect) navigate(homeFor(user.role), true);
  }, [needsRedirect, user]);

  if (checking) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (!user) return <LoginPage />;
  if (needsRedirect) return null;

  let body = <NotFound />;
  let activePath = pathname;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    activePath = route.hidden ? route.path.replace(/\/:[^/]+$/, '') : route.path;
    // The role check happens before the page mounts, so a forbidden page never fetches data.
    if (!canOpen(route, user.role)) body = <Forbidden />;
    else {
      const Page = route.component;
      body = (
        <ErrorBoundary key={pathname}>
          <Suspense
            fallback={
              <div style={{ padding: 48, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Page params={params} />
          </Suspense>
        </ErrorBoundary>
      );
    }
    break;
  }
  return <AppLayout activePath={activePath}>{body}</AppLayout>;
}

function Themed() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}
    >
      <AntApp>
        <AuthProvider>
          <Routed />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
