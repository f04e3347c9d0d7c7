import { App, Button, Input, Popconfirm, Select, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ROLES, type Role } from '../../api/types.ts';
import { FormItem } from '../../components/FormItem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';
import { ROLE_LABEL } from '../../layout/AppLayout.tsx';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  disabled?: boolean;
  createdAt?: number;
}

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reloadKey, setReloadKey] = useState(0);
  const [role, setRole] = useState<Role | undefined>();

  const patch = async (id: string, body: Record<string, unknown>) => {
    try {
      await api.patch(`/api/users/${encodeURIComponent(id)}`, body);
      void message.success(t('saved'));
      setReloadKey((k) => k + 1);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const roleOptions = ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }));
  const columns: Col<UserRow>[] = [
    { key: 'username', title: t('username') },
    { key: 'displayName', title: t('displayName') },
    {
      key: 'role',
      title: t('role'),
      render: (u) => (
        <Select<Role>
          size="small"
          value={u.role}
          style={{ width: 110 }}
          options={roleOptions}
          onChange={(r) => void patch(u.id, { role: r })}
        />
      ),
      value: (u) => u.role,
    },
    { key: 'teamId', title: t('team') },
    {
      key: 'disabled',
      title: t('status'),
      render: (u) => (u.disabled ? <Tag>{t('disabled')}</Tag> : <Tag color="green">OK</Tag>),
      value: (u) => (u.disabled ? 'disabled' : 'active'),
    },
    { key: 'createdAt', title: t('createdAt'), value: (u) => fmtTime(u.createdAt) },
    {
      key: 'actions',
      title: t('actions'),
      value: () => null,
      render: (u) => (
        <Popconfirm
          title={u.disabled ? t('yes') : t('disabled')}
          onConfirm={() => void patch(u.id, { disabled: !u.disabled })}
        >
          <Button size="small" type="link" danger={!u.disabled}>
            {u.disabled ? 'Enable' : t('disabled')}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <div data-testid="users-page">
      <PageTitle>{t('menuUsers')}</PageTitle>
      <ResourceTable<UserRow>
        path="/api/users"
        columns={columns}
        query={{ role }}
        exportName="users"
        reloadKey={reloadKey}
        toolbar={
          <Select<Role>
            allowClear
            placeholder={t('role')}
            style={{ width: 120 }}
            options={roleOptions}
            value={role}
            onChange={setRole}
          />
        }
        create={{
          title: t('newUser'),
          fields: () => (
            <>
              <FormItem name="username" label={t('username')} required />
              <FormItem name="displayName" label={t('displayName')} />
              <FormItem name="password" label={t('password')} required>
                <Input.Password autoComplete="new-password" />
              </FormItem>
              <FormItem name="role" label={t('role')} required>
                <Select options={roleOptions} />
              </FormItem>
            </>
          ),
        }}
      />
    </div>
  );
}
