import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database, ImportRunTable } from '../../db/index.ts';
import { invalidInput, newId, notFound } from '../../platform/index.ts';
import { findTenant } from '../tenants/index.ts';
import { afterImport } from './after-import.ts';
import { anonymousBank } from './anonymous-bank.kind.ts';
import { bankMarketing } from './bank-marketing.kind.ts';
import { BatchWriter } from './batch-writer.ts';
import { cdr } from './cdr.kind.ts';
import { openCsvSource } from './csv-source.ts';
import { ReportBuilder } from './import-report.ts';
import {
  IMPORT_KINDS,
  type ImportKind,
  type ImportReport,
  type RunImportOptions,
} from './imports.types.ts';
import type { BatchLookup, KindHandler } from './kind.types.ts';
import { SourceError, type RowSource } from './source.types.ts';
import { openXlsxSource } from './xlsx-source.ts';

const HANDLERS: Record<ImportKind, KindHandler> = {
  'bank-marketing': bankMarketing,
  'anonymous-bank': anonymousBank,
  cdr,
};

const PROGRESS_EVERY_ROWS = 2_000;

/** Thrown inside the transaction to roll it back when the file has bad rows. */
class Rejected extends Error {}

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports one file of the given kind into a tenant. The whole file is read and written inside
 * one transaction: if any row is bad the transaction is rolled back, the report lists the bad
 * rows with their file lines (status 'rejected') and only the run log records the attempt.
 * A file whose sha256 was imported before returns 'unchanged'; rows carry stable ids and
 * external references, so overlapping files do not duplicate anything either.
 */
export async function runImport(ctx: AppContext, options: RunImportOptions): Promise<ImportReport> {
  const started = Date.now();
  if (!isImportKind(options.kind)) {
    throw invalidInput('import.kind', `Unknown import kind "${String(options.kind)}"`, {
      details: { kinds: IMPORT_KINDS },
    });
  }
  const handler = HANDLERS[options.kind];
  const info = await stat(options.filePath).catch(() => null);
  if (!info?.isFile()) {
    throw notFound('import.file', `No file at ${options.filePath}`);
  }
  const tenant = await findTenant(ctx.db, options.tenantId);
  if (!tenant) throw notFound('tenant.not_found', `No tenant "${options.tenantId}"`);
  const fileName = options.fileName ?? path.basename(options.filePath);
  const sha256 = await sha256File(options.filePath);
  const file = { name: fileName, sha256, bytes: info.size };
  const report = new ReportBuilder(handler.kind);

  const previous = await findCompletedRun(ctx, tenant.id, handler.kind, sha256);
  if (previous) {
    const before = JSON.parse(previous.report) as Partial<ImportReport>;
    report.rows = before.rows ?? 0;
    report.note(`This file was imported before (run ${previous.id}); nothing was changed.`);
    return report.build('unchanged', file, previous.id, Date.now() - started);
  }

  const runId = newId('imp');
  let callIds: string[] = [];
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      // A concurrent import of the same file may have committed meanwhile.
      if (await findCompletedRun(ctx, tenant.id, handler.kind, sha256, trx)) {
        report.fail(0, 'This file is being imported by another request');
        throw new Rejected();
      }
      const out = new BatchWriter(trx, ctx.db.dialect, (table, count) =>
        report.addInserted(table, count),
      );
      await readFile(ctx, trx, handler, options, info.size, report, out, tenant);
      if (report.failed) throw new Rejected();
      await out.flush();
      callIds = out.insertedCallIds;
      const built = report.build('completed', file, runId, Date.now() - started);
      await trx
        .insertInto('import_runs')
        .values(runRow(runId, tenant.id, handler.kind, file, 'completed', built, ctx.clock.now()))
        .execute();
    });
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    const built = report.build('rejected', file, runId, Date.now() - started);
    // The run log keeps the rejected attempt (with its errors); no data row was written.
    await ctx.db.kysely
      .insertInto('import_runs')
      .values(runRow(runId, tenant.id, handler.kind, file, 'rejected', built, ctx.clock.now()))
      .execute();
    return built;
  }

  const range = report.build('completed', file, runId, 0).range;
  try {
    await afterImport(ctx, tenant.id, callIds, range);
  } catch (error) {
    // The data is committed; stale roll-ups are rebuilt by the next refresh, so report, don't fail.
    ctx.logger.warn({ err: error, runId }, 'roll-up refresh after import failed');
    report.note(`Evaluation roll-ups were not refreshed: ${(error as Error).message}`);
  }
  return report.build('completed', file, runId, Date.now() - started);
}

async function readFile(
  ctx: AppContext,
  trx: Transaction<Database>,
  handler: KindHandler,
  options: RunImportOptions,
  totalBytes: number,
  report: ReportBuilder,
  out: BatchWriter,
  tenant: NonNullable<Awaited<ReturnType<typeof findTenant>>>,
): Promise<void> {
  let source: RowSource | null = null;
  try {
    source = /\.xlsx$/i.test(options.fileName ?? options.filePath)
      ? await openXlsxSource(options.filePath, totalBytes)
      : await openCsvSource(options.filePath, totalBytes, handler.delimiters, handler.label);
    const header = source.header;
    const missing = handler.requiredColumns.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      report.fail(
        1,
        `Missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} ` +
          `(found: ${header.map((c) => `"${c}"`).join(', ')})`,
        missing[0],
      );
      return;
    }
    const session = await handler.start({
      ctx,
      tenant,
      out,
      report,
      lookup: lookups(trx, tenant.id),
    });
    let sinceProgress = 0;
    for await (const row of source.rows) {
      report.rows += 1;
      if (handler.strictFieldCount && row.fieldCount !== header.length) {
        report.error(
          row.line,
          `expected ${header.length} fields, found ${row.fieldCount}` +
            (row.fieldCount === 1 ? ' (wrong delimiter?)' : ''),
        );
      } else {
        session.row(row);
      }
      if (!report.failed) await out.flushIfFull();
      sinceProgress += 1;
      if (sinceProgress >= PROGRESS_EVERY_ROWS) {
        sinceProgress = 0;
        options.onProgress?.({ rows: report.rows, bytes: source.bytesRead(), totalBytes });
      }
    }
    if (report.rows === 0) {
      report.fail(1, 'The file has a header but no data rows');
      return;
    }
    if (!report.failed) session.finish();
    options.onProgress?.({ rows: report.rows, bytes: totalBytes, totalBytes });
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    report.fail(error.line, error.message, error.column);
  } finally {
    source?.close();
  }
}

function lookups(trx: Transaction<Database>, tenantId: string): BatchLookup {
  return {
    async agentIdsByRef() {
      const rows = await trx
        .selectFrom('agents')
        .select(['id', 'external_ref'])
        .where('tenant_id', '=', tenantId)
        .where('external_ref', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.external_ref ?? '', r.id]));
    },
    async customerIdsByPhoneHash() {
      const rows = await trx
        .selectFrom('customers')
        .select(['id', 'phone_hash'])
        .where('tenant_id', '=', tenantId)
        .where('phone_hash', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.phone_hash ?? '', r.id]));
    },
    async campaignIds() {
      const rows = await trx
        .selectFrom('campaigns')
        .select(['id', 'name', 'external_ref'])
        .where('tenant_id', '=', tenantId)
        .execute();
      const ids = new Map<string, string>();
      for (const r of rows) {
        ids.set(r.name, r.id);
        if (r.external_ref) ids.set(r.external_ref, r.id);
      }
      return ids;
    },
  };
}

async function findCompletedRun(
  ctx: AppContext,
  tenantId: string,
  kind: ImportKind,
  sha256: string,
  trx?: Transaction<Database>,
): Promise<ImportRunTable | undefined> {
  return (trx ?? ctx.db.kysely)
    .selectFrom('import_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('file_sha256', '=', sha256)
    .where('status', '=', 'completed')
    .executeTakeFirst();
}

function runRow(
  id: string,
  tenantId: string,
  kind: ImportKind,
  file: ImportReport['file'],
  status: 'completed' | 'rejected',
  report: ImportReport,
  now: number,
): ImportRunTable {
  return {
    id,
    tenant_id: tenantId,
    kind,
    file_sha256: file.sha256,
    file_name: file.name,
    status,
    report: JSON.stringify(report),
    created_at: now,
  };
}

export interface ImportRunSummary {
  id: string;
  kind: string;
  fileName: string;
  fileSha256: string;
  status: 'completed' | 'rejected';
  createdAt: number;
  report: ImportReport;
}

/** The tenant's import runs, newest first. */
export async function listImportRuns(
  ctx: AppContext,
  tenantId: string,
  options: { limit?: number; offset?: number } = {},
): Promise<{ items: ImportRunSummary[]; total: number }> {
  const rows = await ctx.db.kysely
    .selectFrom('import_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .execute();
  const count = await ctx.db.kysely
    .selectFrom('import_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      fileSha256: r.file_sha256,
      status: r.status,
      createdAt: r.created_at,
      report: JSON.parse(r.report) as ImportReport,
    })),
    total: Number(count.n),
  };
}
