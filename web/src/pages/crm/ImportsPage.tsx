import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Upload,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { ImportError, ImportReport } from '../../api/types.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { exportSheet } from '../../lib/export.ts';
import { fmtTime } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

type Kind = 'bank-marketing' | 'anonymous-bank' | 'cdr';
const KINDS: Kind[] = ['bank-marketing', 'anonymous-bank', 'cdr'];

interface ImportRun {
  id: string;
  kind: string;
  fileName: string;
  status: string;
  createdAt: number;
  report?: Partial<ImportReport>;
}

/** POST the file with XMLHttpRequest: fetch() cannot report upload progress. */
function upload(kind: Kind, file: File, onProgress: (pct: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/${kind}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress((e.loaded / e.total) * 100);
    xhr.onload = () => {
      const body = xhr.response as
        | (ImportReport & { report?: ImportReport })
        | { error?: { code: string; message: string } }
        | null;
      if (xhr.status >= 200 && xhr.status < 300 && body && !('error' in body && body.error)) {
        const b = body as ImportReport & { report?: ImportReport };
        resolve(b.report ?? b);
      } else {
        const err = (
          body as { error?: { code: string; message: string; details?: unknown } } | null
        )?.error;
        // A rejected file answers 4xx with the per-row report in the error details.
        const details = (
          err as { details?: { report?: ImportReport } & Partial<ImportReport> } | undefined
        )?.details;
        if (details && (details.report || details.errors))
          resolve(details.report ?? (details as ImportReport));
        else
          reject(
            new ApiError(
              xhr.status,
              err?.code ?? `http.${xhr.status}`,
              err?.message ?? xhr.statusText,
            ),
          );
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function ImportsPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('bank-marketing');
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runs = useApi<{ items: ImportRun[]; total: number } | ImportRun[]>('/api/imports');
  const runItems = Array.isArray(runs.data) ? runs.data : (runs.data?.items ?? []);

  const start = async () => {
    if (!file) return;
    setReport(null);
    setError(null);
    setPct(0);
    try {
      setReport(await upload(kind, file, setPct));
      runs.reload();
    } catch (e) {
      setError(e);
    } finally {
      setPct(null);
    }
  };

  const counts = (r: Record<string, number> | undefined) =>
    Object.entries(r ?? {}).map(([k, v]) => (
      <Tag key={k}>
        {k}: {v.toLocaleString()}
      </Tag>
    ));

  return (
    <div data-testid="imports-page">
      <PageTitle>{t('menuImports')}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            {t('importKind')}:
            <Select<Kind>
              value={kind}
              onChange={setKind}
              style={{ width: 200 }}
              options={KINDS.map((k) => ({ value: k, label: k }))}
            />
          </Space>
          <Upload.Dragger
            accept=".csv,.xlsx,.txt"
            multiple={false}
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('importFile')} (CSV / XLSX)</p>
          </Upload.Dragger>
          <Button type="primary" disabled={!file || pct !== null} onClick={() => void start()}>
            {t('importStart')}
          </Button>
          {pct !== null && (
            <Progress
              percent={Math.round(pct)}
              status="active"
              format={(p) => (p === 100 ? t('loading') : `${p}%`)}
            />
          )}
        </Space>
      </Card>
      <ApiErrorAlert error={error} what="/api/imports" />
      {report && (
        <Card
          size="small"
          title={t('importRuns')}
          style={{ marginBottom: 16 }}
          data-testid="import-report"
        >
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('importKind')}>{report.kind}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <Tag color={report.status === 'rejected' ? 'error' : 'success'}>{report.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('importRows')}>
              {report.rows.toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={t('importErrors')}>
              {(report.errorCount ?? report.errors.length).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={t('importInserted')}>
              {counts(report.inserted)}
            </Descriptions.Item>
            <Descriptions.Item label={t('importSkipped')}>
              {counts(report.skipped)}
            </Descriptions.Item>
          </Descriptions>
          {report.errors.length > 0 && (
            <>
              <Alert
                type="warning"
                showIcon
                style={{ margin: '12px 0' }}
                title={`${t('importErrors')}: ${report.errors.length}`}
              />
              <Button
                size="small"
                style={{ marginBottom: 8 }}
                onClick={() =>
                  exportSheet(
                    {
                      header: [t('line'), t('column'), t('message')],
                      rows: report.errors.map((e) => [e.line, e.column ?? '', e.message]),
                    },
                    `import-errors-${report.kind}`,
                    'csv',
                  )
                }
              >
                {t('exportCsv')}
              </Button>
              <Table<ImportError>
                size="small"
                rowKey={(e) => `${e.line}:${e.column ?? ''}:${e.message}`}
                dataSource={report.errors}
                pagination={{ pageSize: 20 }}
                columns={[
                  { key: 'line', title: t('line'), dataIndex: 'line', width: 90 },
                  { key: 'column', title: t('column'), dataIndex: 'column', width: 140 },
                  { key: 'message', title: t('message'), dataIndex: 'message' },
                ]}
                data-testid="import-errors"
              />
            </>
          )}
        </Card>
      )}
      <Card size="small" title={t('importRuns')}>
        <ApiErrorAlert error={runs.error} what="GET /api/imports" />
        <Table<ImportRun>
          size="small"
          rowKey="id"
          loading={runs.loading}
          dataSource={runItems}
          locale={{ emptyText: t('noData') }}
          columns={[
            { key: 'createdAt', title: t('time'), render: (_, r) => fmtTime(r.createdAt) },
            { key: 'kind', title: t('importKind'), dataIndex: 'kind' },
            { key: 'fileName', title: t('importFile'), dataIndex: 'fileName' },
            { key: 'status', title: t('status'), render: (_, r) => <Tag>{r.status}</Tag> },
            {
              key: 'rows',
              title: t('importRows'),
              render: (_, r) => r.report?.rows?.toLocaleString() ?? '—',
            },
          ]}
        />
      </Card>
    </div>
  );
}
