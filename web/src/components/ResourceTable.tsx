import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Space, Table } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useI18n } from '../i18n/index.ts';
import { exportSheet, type Cell } from '../lib/export.ts';
import { useApi } from '../lib/use-api.ts';
import { ApiErrorAlert } from './ApiErrorAlert.tsx';

export interface Col<T> {
  key: string;
  title: string;
  render?: (row: T) => ReactNode;
  /** Plain value for export (defaults to row[key]). */
  value?: (row: T) => Cell;
  width?: number;
}

export interface CreateSpec {
  title: string;
  fields: (form: FormInstance) => ReactNode;
  toBody?: (values: Record<string, unknown>) => unknown;
}

const MAX_EXPORT_ROWS = 50_000;

/**
 * A server-paged list over a `{ items, total }` endpoint with a keyword filter, export of every
 * matching row (CSV / XLSX) and an optional "new" form that POSTs to the same path.
 */
export function ResourceTable<T extends { id: string }>({
  path,
  columns,
  query,
  exportName,
  create,
  toolbar,
  testId,
  reloadKey,
  rowSelection,
  searchable = true,
}: {
  path: string;
  columns: Col<T>[];
  query?: Query;
  exportName: string;
  create?: CreateSpec;
  toolbar?: ReactNode;
  testId?: string;
  reloadKey?: number;
  rowSelection?: { selected: string[]; onChange: (ids: string[]) => void };
  searchable?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [form] = Form.useForm();
  const fullQuery = useMemo(() => ({ ...query, q, page, pageSize }), [query, q, page, pageSize]);
  const { data, error, loading, reload } = useApi<Page<T>>(path, fullQuery);
  // A parent bumps reloadKey after it changed rows (claim, assign …).
  useEffect(() => {
    if (reloadKey) reload();
  }, [reloadKey, reload]);

  const cellOf = (c: Col<T>, row: T): Cell =>
    c.value ? c.value(row) : ((row as Record<string, unknown>)[c.key] as Cell);

  const doExport = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const rows: T[] = [];
      const size = 200; // the list endpoints cap pageSize at 200
      for (let p = 1; rows.length < MAX_EXPORT_ROWS; p++) {
        const res = await api.get<Page<T>>(path, { ...query, q, page: p, pageSize: size });
        rows.push(...res.items);
        if (res.items.length === 0 || rows.length >= res.total) break;
      }
      exportSheet(
        {
          header: columns.map((c) => c.title),
          rows: rows.map((r) => columns.map((c) => cellOf(c, r))),
        },
        exportName,
        format,
      );
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const submitCreate = async () => {
    if (!create) return;
    const values = (await form.validateFields()) as Record<string, unknown>;
    try {
      await api.post(path, create.toBody ? create.toBody(values) : values);
      void message.success(t('saved'));
      setCreating(false);
      form.resetFields();
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div data-testid={testId}>
      <Space wrap style={{ marginBottom: 12 }}>
        {searchable && (
          <Input.Search
            allowClear
            placeholder={t('searchPlaceholder')}
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            style={{ width: 260 }}
            data-testid="table-search"
          />
        )}
        {toolbar}
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('refresh')}
        </Button>
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: t('exportXlsx') },
              { key: 'csv', label: t('exportCsv') },
            ],
            onClick: (e) => void doExport(e.key as 'csv' | 'xlsx'),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={exporting}>
            {t('export')}
          </Button>
        </Dropdown>
        {create && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        )}
      </Space>
      <ApiErrorAlert error={error} what={path} />
      <Table<T>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={error ? [] : (data?.items ?? [])}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          width: c.width,
          render: (_: unknown, row: T) => (c.render ? c.render(row) : (cellOf(c, row) ?? '—')),
        }))}
        rowSelection={
          rowSelection && {
            selectedRowKeys: rowSelection.selected,
            onChange: (keys) => rowSelection.onChange(keys.map(String)),
          }
        }
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => `${t('total')} ${n.toLocaleString()}`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('noData') }}
      />
      {create && (
        <Modal
          open={creating}
          title={create.title}
          onCancel={() => setCreating(false)}
          onOk={() => void submitCreate()}
          okText={t('save')}
          cancelText={t('cancel')}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" preserve={false}>
            {create.fields(form)}
          </Form>
        </Modal>
      )}
    </div>
  );
}
