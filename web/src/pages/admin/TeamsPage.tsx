import { FormItem } from '../../components/FormItem.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ResourceTable, type Col } from '../../components/ResourceTable.tsx';
import { useI18n } from '../../i18n/index.ts';
import { fmtTime } from '../../lib/format.ts';

interface TeamRow {
  id: string;
  name: string;
  createdAt?: number;
  members?: number;
}

export function TeamsPage() {
  const { t } = useI18n();
  const columns: Col<TeamRow>[] = [
    { key: 'name', title: t('teamName') },
    { key: 'id', title: 'ID' },
    { key: 'members', title: t('agents'), value: (r) => r.members ?? null },
    { key: 'createdAt', title: t('createdAt'), value: (r) => fmtTime(r.createdAt) },
  ];
  return (
    <div data-testid="teams-page">
      <PageTitle>{t('menuTeams')}</PageTitle>
      <ResourceTable<TeamRow>
        path="/api/teams"
        columns={columns}
        exportName="teams"
        create={{
          title: t('newTeam'),
          fields: () => <FormItem name="name" label={t('teamName')} required />,
        }}
      />
    </div>
  );
}
