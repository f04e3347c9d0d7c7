import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { IMPORT_KINDS, isImportKind, listImportRuns, runImport } from '../modules/imports/index.ts';
import { invalidInput, isAppError } from '../platform/index.ts';
import { authOf } from './auth-hook.ts';

// POST /api/imports/:kind takes one multipart file, streams it to <dataDir>/uploads (never into
// memory), runs the same import as `yunhu import` and returns its report. A file with bad rows
// is a successful request whose report says "rejected" and lists the lines.
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const reportSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    status: { type: 'string', enum: ['completed', 'rejected', 'unchanged'] },
    rows: { type: 'integer' },
    inserted: { type: 'object', additionalProperties: { type: 'integer' } },
    skipped: { type: 'object', additionalProperties: { type: 'integer' } },
    errorCount: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          line: { type: 'integer' },
          column: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const safeExtension = (name: string): string => /\.[a-z0-9]{1,8}$/i.exec(name)?.[0] ?? '';

/** A broken multipart body (cut short, no boundary) is the client's error, not a 500; OS errors
 * and the plugin's own HTTP errors (wrong content type, limits) keep their meaning. */
function malformed(error: unknown): never {
  const own = error instanceof Error && ('syscall' in error || 'statusCode' in error);
  if (error instanceof Error && !own && !isAppError(error)) {
    throw invalidInput('import.multipart', `Malformed multipart body: ${error.message}`, {
      where: 'file',
    });
  }
  throw error;
}

export async function registerImportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });

    scope.post<{ Params: { kind: string } }>(
      '/api/imports/:kind',
      {
        config: { roles: ['admin', 'supervisor'] },
        schema: {
          summary: 'Import a CSV or XLSX file (multipart field "file")',
          tags: ['imports'],
          consumes: ['multipart/form-data'],
          params: {
            type: 'object',
            properties: { kind: { type: 'string', enum: [...IMPORT_KINDS] } },
            required: ['kind'],
          },
          response: { 200: reportSchema },
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const { kind } = request.params;
        if (!isImportKind(kind)) throw invalidInput('import.kind', `Unknown kind "${kind}"`);
        const upload = await request.file().catch(malformed);
        if (!upload) {
          throw invalidInput('import.file', 'Send the file as multipart field "file"', {
            where: 'file',
          });
        }
        const dir = path.join(ctx.config.dataDir, 'uploads');
        await mkdir(dir, { recursive: true });
        // The client's name goes into the report only (kept to 200 characters with its extension,
        // which tells XLSX from CSV): written as the file name, 300 characters were ENAMETOOLONG.
        const base = path.basename(upload.filename || 'upload.csv');
        const ext = safeExtension(base);
        const fileName = base.length > 200 ? base.slice(0, 200 - ext.length) + ext : base;
        const tmp = path.join(dir, `${randomBytes(8).toString('hex')}${ext}`);
        try {
          await pipeline(upload.file, createWriteStream(tmp)).catch(malformed);
          if (upload.file.truncated) {
            throw invalidInput(
              'import.too_large',
              `The file is larger than ${MAX_UPLOAD_BYTES / 1_048_576} MB`,
            );
          }
          return await runImport(ctx, { tenantId, kind, filePath: tmp, fileName });
        } finally {
          await rm(tmp, { force: true });
        }
      },
    );

    scope.get<{ Querystring: { page?: number; pageSize?: number } }>(
      '/api/imports',
      {
        config: { roles: ['admin', 'supervisor', 'auditor'] },
        schema: {
          summary: 'Import runs of the tenant, newest first',
          tags: ['imports'],
          querystring: {
            type: 'object',
            properties: {
              // Unbounded, page=1e308 reached the database as an offset and failed (500).
              page: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 },
              pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            },
          },
        },
      },
      async (request) => {
        const { tenantId } = authOf(request);
        const pageSize = request.query.pageSize ?? 50;
        const page = request.query.page ?? 1;
        return listImportRuns(ctx, tenantId, { limit: pageSize, offset: (page - 1) * pageSize });
      },
    );
  });
}
