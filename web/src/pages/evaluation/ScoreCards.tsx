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
  const { t } = useI18n();
  const overall = report.overall.score;
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
            title={report.overall.note ?? undefined}
          >
            {t('weightsRenormalised')} {report.overall.note ?? ''}
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
