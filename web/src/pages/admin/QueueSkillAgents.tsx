import { Button, InputNumber, Space, Table, message } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';

// Who takes a queue's calls: every agent's level (1-10) in the queue's skill, edited here and
// saved on the agent (PATCH /api/agents/:id skills). Empty = the agent lacks the skill.

interface AgentRow {
  id: string;
  name: string;
  extension: string | null;
  skills: { skill: string; level: number }[];
}

const levelIn = (a: AgentRow, skill: string): number | null =>
  a.skills.find((s) => s.skill === skill)?.level ?? null;

export function QueueSkillAgents({ skill, onSaved }: { skill: string; onSaved: () => void }) {
  const { t } = useI18n();
  const agents = useApi<{ items: AgentRow[] }>('/api/agents', { pageSize: 200 });
  const [levels, setLevels] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const rows = agents.data?.items ?? [];
  const levelOf = (a: AgentRow) => levelIn(a, skill);

  useEffect(() => {
    setLevels(Object.fromEntries((agents.data?.items ?? []).map((a) => [a.id, levelIn(a, skill)])));
  }, [agents.data, skill]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      for (const a of rows) {
        const level = levels[a.id] ?? null;
        if (level === levelOf(a)) continue;
        const others = a.skills.filter((s) => s.skill !== skill);
        await api.patch(`/api/agents/${encodeURIComponent(a.id)}`, {
          skills: level === null ? others : [...others, { skill, level }],
        });
      }
      agents.reload();
      onSaved();
      void message.success(t('saved'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid={`queue-skill-agents-${skill}`}>
      <ApiErrorAlert error={agents.error ?? error} />
      <Table<AgentRow>
        rowKey="id"
        size="small"
        pagination={false}
        loading={agents.loading}
        dataSource={rows}
        columns={[
          { key: 'name', title: t('agents'), dataIndex: 'name' },
          { key: 'ext', title: t('extension'), render: (_, a) => a.extension ?? '—' },
          {
            key: 'level',
            title: `${t('skill')} ${skill} · ${t('skillLevel')}`,
            render: (_, a) => (
              <InputNumber
                min={1}
                max={10}
                value={levels[a.id] ?? null}
                onChange={(v) => setLevels((all) => ({ ...all, [a.id]: v }))}
                data-testid={`skill-level-${a.id}`}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" type="primary" loading={saving} onClick={() => void save()}>
          {t('save')}
        </Button>
      </Space>
    </div>
  );
}
