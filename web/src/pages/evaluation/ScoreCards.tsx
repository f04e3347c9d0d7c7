import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { useI18n, type DictKey } from '../../i18n/index.ts';
import type { Dimension, EvaluationReport } from './evaluation.types.ts';

export const DIMENSION_LABEL: Record<Dimension, DictKey> = {
  business: 'dimBusiness',
  efficiency: 'dimEfficiency',
  experience: 'dimExperience',
  system: 'dimSystem',
};

const scoreColor = (s: number | null) =>
  s === null ? '#bfbfbf' : s >= 80 ? '#52c41a' : s >= 60 ? '#faad14' : '#ff4d4f';

export function ScoreCards({ report }: { report: EvaluationReport }) {
  const { t, pick } = useI18n();
  const overall = report.overall.score;
  // Built from the structured fields: the API's overall.note is English prose.
  const names = new Map(report.metrics.map((m) => [m.id, pick(m.zh, m.en) || m.id]));
  const sep = pick('、', ', ');
  const dropped = report.dimensions.flatMap((d) => d.dropped ?? []);
  const emptyDims = report.dimensions.filter((d) => d.score === null && d.weight > 0);
  const notes = [
    dropped.length > 0
      ? `${t('droppedMetrics')} (${dropped.length}): ${dropped.map((id) => names.get(id) ?? id).join(sep)}`
      : '',
    emptyDims.length > 0
      ? `${t('emptyDimensions')}: ${emptyDims.map((d) => t(DIMENSION_LABEL[d.id] ?? 'metric')).join(sep)}`
      : '',
  ].filter(Boolean);
  const note = notes.join(pick('；', '; '));
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} md={8} lg={6}>
        <Card data-testid="overall-score" style={{ height: '100%' }}>
          <Statistic
            title={t('overallScore')}
            value={overall === null ? t('noData') : overall.toFixed(1)}
            styles={{ content: { color: scoreColor(overall), fontSize: 40 } }}
          />
          <Typography.Paragraph
            type="secondary"
            style={{ fontSize: 12, marginBottom: 0 }}
            ellipsis={{ rows: 2, expandable: true, symbol: '…' }}
            title={note || undefined}
            data-testid="overall-note"
          >
            {t('weightsRenormalised')} {note}
          </Typography.Paragraph>
        </Card>
      </Col>
      {report.dimensions.map((d) => (
        <Col xs={12} md={8} lg={Math.floor(18 / Math.max(1, report.dimensions.length))} key={d.id}>
          <Card data-testid={`dimension-${d.id}`} style={{ height: '100%' }}>
            <Typography.Text type="secondary">
              {t(DIMENSION_LABEL[d.id] ?? 'metric')} · {t('weight')} {d.weight}
            </Typography.Text>
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8 }}>
              <Progress
                type="dashboard"
                size={84}
                percent={d.score ?? 0}
                strokeColor={scoreColor(d.score)}
                format={() => (d.score === null ? t('noData') : d.score.toFixed(1))}
              />
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
