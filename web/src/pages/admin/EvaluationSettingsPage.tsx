import {
  Alert,
  Button,
  InputNumber,
  Popconfirm,
  Segmented,
  Space,
  Spin,
  Table,
  message,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import { useApi } from '../../lib/use-api.ts';
import { catalogueList, type Dimension, type Scenario } from '../evaluation/evaluation.types.ts';

// Admin page over GET/PUT /api/evaluation/settings: each metric's target, red line and floor, and
// per scenario the dimension weights and the metric weights inside each dimension.

interface Thresholds {
  target: number | null;
  redLine: number | null;
  floor: number | null;
}
interface ScenarioWeights {
  dimensions: Record<Dimension, number>;
  metrics: Record<string, number>;
}
interface SettingsView {
  thresholds: Record<string, Thresholds>;
  weights: Record<Scenario, ScenarioWeights>;
  defaults: { thresholds: Record<string, Thresholds>; weights: Record<Scenario, ScenarioWeights> };
}

const DIMS: [Dimension, DictKey][] = [
  ['business', 'dimBusiness'],
  ['efficiency', 'dimEfficiency'],
  ['experience', 'dimExperience'],
  ['system', 'dimSystem'],
];

export function EvaluationSettingsPage() {
  const { t, pick } = useI18n();
  const loaded = useApi<SettingsView>('/api/evaluation/settings');
  const catalogue = useApi<unknown>('/api/evaluation/catalogue');
  const metrics = useMemo(() => catalogueList(catalogue.data), [catalogue.data]);
  const [scenario, setScenario] = useState<Scenario>('telemarketing');
  const [thresholds, setThresholds] = useState<Record<string, Thresholds>>({});
  const [weights, setWeights] = useState<Record<Scenario, ScenarioWeights> | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const apply = (view: SettingsView) => {
    setThresholds(view.thresholds);
    setWeights(view.weights);
  };
  useEffect(() => {
    if (loaded.data) apply(loaded.data);
  }, [loaded.data]);

  const save = async (body: unknown) => {
    setSaving(true);
    setSaveError(null);
    try {
      apply(await api.put<SettingsView>('/api/evaluation/settings', body));
      void message.success(t('saved'));
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const setThreshold = (id: string, key: keyof Thresholds, v: number | null) =>
    setThresholds((all) => ({ ...all, [id]: { ...all[id]!, [key]: v } }));
  const setWeight = (part: 'dimensions' | 'metrics', id: string, v: number | null) =>
    setWeights((all) =>
      all
        ? {
            ...all,
            [scenario]: { ...all[scenario], [part]: { ...all[scenario][part], [id]: v ?? 0 } },
          }
        : all,
    );

  const current = weights?.[scenario];
  const dimName = (d: Dimension) => t(DIMS.find(([id]) => id === d)?.[1] ?? 'dimension');
  return (
    <div data-testid="evaluation-settings-page">
      <PageTitle
        extra={
          <Space>
            <Popconfirm title={t('resetDefaultsConfirm')} onConfirm={() => void save({})}>
              <Button data-testid="eval-settings-reset">{t('resetDefaults')}</Button>
            </Popconfirm>
            <Button
              type="primary"
              loading={saving}
              disabled={!weights}
              data-testid="eval-settings-save"
              onClick={() => void save({ thresholds, weights })}
            >
              {t('save')}
            </Button>
          </Space>
        }
      >
        {t('menuEvaluationSettings')}
      </PageTitle>
      <ApiErrorAlert error={loaded.error ?? catalogue.error} />
      <ApiErrorAlert error={saveError} what={t('save')} />
      {!current ? (
        <Spin />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            <Segmented<Scenario>
              value={scenario}
              onChange={setScenario}
              options={[
                { label: t('scenarioTelemarketing'), value: 'telemarketing' },
                { label: t('scenarioAfterSales'), value: 'after-sales' },
                { label: t('scenarioGovernment'), value: 'government' },
              ]}
            />
            {DIMS.map(([d, key]) => (
              <Space key={d} size={4}>
                {t(key)}
                <InputNumber
                  min={0}
                  value={current.dimensions[d]}
                  onChange={(v) => setWeight('dimensions', d, v)}
                  data-testid={`dim-weight-${d}`}
                  style={{ width: 80 }}
                />
              </Space>
            ))}
          </Space>
          <Alert type="info" showIcon title={t('evalSettingsHint')} style={{ marginBottom: 16 }} />
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={metrics}
            columns={[
              {
                key: 'name',
                title: t('metric'),
                render: (_, m) => pick(m.zh, m.en) || m.id,
              },
              {
                key: 'dim',
                title: t('dimension'),
                render: (_, m) => (m.dimension ? dimName(m.dimension) : ''),
              },
              { key: 'unit', title: t('unit'), render: (_, m) => m.unit ?? '' },
              ...(['target', 'redLine', 'floor'] as const).map((key) => ({
                key,
                title: t(key),
                render: (_: unknown, m: { id: string }) => (
                  <InputNumber
                    value={thresholds[m.id]?.[key] ?? null}
                    onChange={(v) => setThreshold(m.id, key, v)}
                    data-testid={`threshold-${m.id}-${key}`}
                    style={{ width: 110 }}
                  />
                ),
              })),
              {
                key: 'weight',
                title: t('weight'),
                render: (_, m) => (
                  <InputNumber
                    min={0}
                    value={current.metrics[m.id] ?? 0}
                    onChange={(v) => setWeight('metrics', m.id, v)}
                    data-testid={`metric-weight-${m.id}`}
                    style={{ width: 80 }}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
