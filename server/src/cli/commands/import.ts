import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  IMPORT_KINDS,
  isImportKind,
  runImport,
  type ImportProgress,
  type ImportReport,
} from '../../modules/imports/index.ts';
import { resolveTenant } from '../../modules/tenants/index.ts';
import { invalidInput } from '../../platform/index.ts';
import { cliContext } from '../cli-context.ts';

interface ImportFlags {
  tenant?: string;
  format: string;
}

/** Exit code of a rejected file (bad rows or a bad header); 0 on success. */
export const EXIT_REJECTED = 2;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import a data file (导入): bank-marketing | anonymous-bank | cdr (CSV or XLSX)')
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(' | ')}`)
    .argument('<file>', 'path of the .csv or .xlsx file')
    .option('--tenant <tenant>', 'tenant id or name (default: the operator tenant)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (kind: string, file: string, flags: ImportFlags) => {
      if (!isImportKind(kind)) {
        throw invalidInput(
          'import.kind',
          `Unknown kind "${kind}" (use ${IMPORT_KINDS.join(', ')})`,
        );
      }
      if (flags.format !== 'text' && flags.format !== 'json') {
        throw invalidInput(
          'import.format',
          `--format: expected text or json, got "${flags.format}"`,
        );
      }
      const ctx = await cliContext();
      try {
        const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
        const progress = flags.format === 'text' ? progressReporter() : undefined;
        const report = await runImport(ctx, {
          tenantId: tenant.id,
          kind,
          filePath: path.resolve(file),
          fileName: path.basename(file),
          ...(progress ? { onProgress: progress.update } : {}),
        });
        progress?.stop();
        process.stdout.write(
          flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
        );
        if (report.status === 'rejected') process.exitCode = EXIT_REJECTED;
      } finally {
        await ctx.db.close();
      }
    });
}

/** A progress bar on a terminal; plain "read N rows" lines (to stderr) otherwise. */
function progressReporter(): { update: (p: ImportProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '导入 {bar} {percentage}% | {rows} rows | {mb}/{totalMb} MB',
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        const payload = { rows: p.rows, mb: mb(p.bytes), totalMb: mb(p.totalBytes) };
        if (!started) {
          bar.start(p.totalBytes, p.bytes, payload);
          started = true;
        } else bar.update(p.bytes, payload);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastPercent = -1;
  return {
    update: (p) => {
      const percent = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 10) * 10 : 100;
      if (percent === lastPercent) return;
      lastPercent = percent;
      process.stderr.write(`import: ${p.rows} rows read (${percent} %)\n`);
    },
    stop: () => undefined,
  };
}

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const status = {
    completed: '完成 completed',
    rejected: '拒绝 rejected',
    unchanged: '未变 unchanged',
  }[report.status];
  lines.push(`${report.kind} ${report.file.name}: ${status} — ${report.rows} rows read`);
  const list = (title: string, counts: Record<string, number>) => {
    const entries = Object.entries(counts).filter(([, n]) => n > 0);
    if (entries.length > 0) {
      lines.push(`${title}: ${entries.map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
  };
  list('inserted', report.inserted);
  list('skipped', report.skipped);
  list('adjusted', report.adjusted);
  if (report.range) {
    lines.push(
      `calls from ${new Date(report.range.from).toISOString()} to ${new Date(report.range.to).toISOString()}`,
    );
  }
  if (report.errorCount > 0) {
    lines.push(
      `${report.errorCount} error${report.errorCount > 1 ? 's' : ''}` +
        (report.errorCount > report.errors.length ? ` (first ${report.errors.length} shown)` : '') +
        ' — nothing was written:',
    );
    for (const e of report.errors) {
      lines.push(`  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
    }
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(`(${(report.durationMs / 1000).toFixed(1)} s)`);
  return `${lines.join('\n')}\n`;
}
