import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Page } from '../api/types.ts';

interface Option {
  value: string;
  label: string;
}

interface UserRow {
  id: string;
  username?: string;
  displayName?: string;
  role?: string;
}
interface AgentRow {
  id: string;
  userId?: string | null;
  name?: string;
}

/**
 * Users a lead can be assigned to. Admins list /api/users; other managers fall back to
 * /api/agents (agents linked to a user).
 */
export function UserPicker({
  value,
  onChange,
  width = 200,
}: {
  value?: string;
  onChange?: (id: string) => void;
  width?: number;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async (): Promise<Option[]> => {
      try {
        const users = await api.get<Page<UserRow>>('/api/users', { pageSize: 200 });
        return users.items
          .filter((u) => !u.role || u.role === 'agent' || u.role === 'supervisor')
          .map((u) => ({ value: u.id, label: u.displayName || u.username || u.id }));
      } catch {
        const agents = await api.get<Page<AgentRow>>('/api/agents', { pageSize: 200 });
        return agents.items
          .filter((a) => a.userId)
          .map((a) => ({ value: a.userId ?? a.id, label: a.name ?? a.id }));
      }
    };
    load()
      .then((o) => alive && setOptions(o))
      .catch((e: unknown) => alive && setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <Select
      showSearch
      optionFilterProp="label"
      value={value}
      onChange={onChange}
      options={options}
      style={{ width }}
      status={failed ? 'error' : undefined}
      placeholder={failed ?? undefined}
      data-testid="user-picker"
    />
  );
}
