import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Tag, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import type { Role } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { useI18n, type DictKey, type Lang } from '../i18n/index.ts';
import { navigate } from '../lib/router.ts';
import { canOpen, ROUTES, type RouteDef } from '../routes.tsx';

const ICONS: Record<string, ReactNode> = {
  '/workspace': <CustomerServiceOutlined />,
  '/wallboard': <DashboardOutlined />,
  '/evaluation': <BarChartOutlined />,
  '/planning': <CalendarOutlined />,
  '/audit': <AuditOutlined />,
};

export const ROLE_LABEL: Record<Role, DictKey> = {
  admin: 'roleAdmin',
  supervisor: 'roleSupervisor',
  agent: 'roleAgent',
  auditor: 'roleAuditor',
};

type Item = Required<MenuProps>['items'][number];

function menuItems(role: Role, t: (k: DictKey) => string): Item[] {
  const visible = ROUTES.filter((r) => !r.hidden && canOpen(r, role));
  const label = (r: RouteDef) => t(role === 'agent' && r.agentTitle ? r.agentTitle : r.title);
  const items: Item[] = [];
  const groups: Record<string, Item[]> = {};
  for (const r of visible) {
    const item = { key: r.path, label: label(r), icon: ICONS[r.path] };
    if (!r.group) items.push(item);
    else {
      if (!groups[r.group]) {
        groups[r.group] = [];
        items.push({
          key: `group:${r.group}`,
          label: t(r.group === 'crm' ? 'menuCrm' : 'menuAdmin'),
          icon: r.group === 'crm' ? <AppstoreOutlined /> : <SettingOutlined />,
          children: groups[r.group],
        });
      }
      groups[r.group]?.push(item);
    }
  }
  return items;
}

export function AppLayout({ activePath, children }: { activePath: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useAuth();
  if (!user) return null;
  const open = ROUTES.find((r) => r.path === activePath)?.group;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={64}>
        <div
          style={{
            color: '#fff',
            fontSize: 18,
            fontWeight: 600,
            padding: '16px 20px',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          <TeamOutlined /> {t('appName')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[activePath]}
          defaultOpenKeys={open ? [`group:${open}`] : ['group:crm']}
          items={menuItems(user.role, t)}
          onClick={(e) => navigate(e.key)}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            <Typography.Text type="secondary">
              {t('tenant')}:{' '}
              <span data-testid="header-tenant">{user.tenantName ?? user.tenantId}</span>
            </Typography.Text>
            <span data-testid="header-user">
              {user.displayName || user.username}{' '}
              <Tag color="blue" data-testid="header-role">
                {t(ROLE_LABEL[user.role])}
              </Tag>
            </span>
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={setLang}
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
              data-testid="lang-switch"
            />
            <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 20, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
