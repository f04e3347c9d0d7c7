import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  BREAKDOWN_KEYS,
  evaluate,
  renderHtmlReport,
  renderTable,
  SCENARIOS,
  tzOffsetMs,
  type BreakdownKey,
  type FactSource,
  type Scenario,
} from '../../modules/evaluation/index.ts';
import { resolveTenant } from '../../modules/tenants/index.ts';
import { invalidInput } from '../../platform/index.ts';
import { cliContext } from '../cli-context.ts';

interface EvaluateFlags {
  from?: string;
  to?: string;
  scenario: string;
  by?: string;
  format: string;
  out?: string;
  tenant?: string;
  source?: string;
}

/** YYYY-MM-DD[ HH:mm[:ss]] in the tenant's time zone, or any ISO 8601 instant with an offset. */
export function parseDate(text: string, timeZone: string, flag: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isNaN(asUtc)) throw invalidInput('evaluate.date', `${flag}: not a date: ${text}`);
    // Two passes settle the offset around DST changes.
    const first = asUtc - tzOffsetMs(timeZone, asUtc);
    return asUtc - tzOffsetMs(timeZone, first);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw invalidInput(
      'evaluate.date',
      `${flag}: expected YYYY-MM-DD or an ISO 8601 time, got "${text}"`,
    );
  }
  return ms;
}

export function parseBy(text: string | undefined): BreakdownKey[] | undefined {
  if (!text) return undefined;
  const keys = text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of keys) {
    if (!(BREAKDOWN_KEYS as readonly string[]).includes(k)) {
      throw invalidInput(
        'evaluate.by',
        `--by: unknown dimension "${k}" (use ${BREAKDOWN_KEYS.join(', ')})`,
      );
    }
  }
  return keys as BreakdownKey[];
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Evaluate the call center against the metric catalogue (评估)')
    .option('--from <date>', 'start (inclusive), YYYY-MM-DD in the tenant time zone or ISO 8601')
    .option('--to <date>', 'end (exclusive), YYYY-MM-DD in the tenant time zone or ISO 8601')
    .option('--scenario <name>', `weight preset: ${SCENARIOS.join(' | ')}`, 'telemarketing')
    .option('--by <dimension>', `breakdown(s), comma-separated: ${BREAKDOWN_KEYS.join(', ')}`)
    .option('--format <format>', 'table | json | html', 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--tenant <tenant>', 'tenant id or name (default: the operator tenant)')
    .option('--source <source>', 'rollups | raw (default: roll-ups when the range allows)')
    .action(async (flags: EvaluateFlags) => {
      if (!(SCENARIOS as readonly string[]).includes(flags.scenario)) {
        throw invalidInput('evaluate.scenario', `--scenario: use ${SCENARIOS.join(', ')}`);
      }
      if (!['table', 'json', 'html'].includes(flags.format)) {
        throw invalidInput('evaluate.format', '--format: use table, json or html');
      }
      if (flags.source !== undefined && !['rollups', 'raw'].includes(flags.source)) {
        throw invalidInput('evaluate.source', '--source: use rollups or raw');
      }
      const by = parseBy(flags.by);
      const ctx = await cliContext();
      try {
        const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
        const from = flags.from ? parseDate(flags.from, tenant.time_zone, '--from') : null;
        const to = flags.to ? parseDate(flags.to, tenant.time_zone, '--to') : null;
        if (from !== null && to !== null && to <= from) {
          throw invalidInput('evaluate.range', '--to must be after --from');
        }
        const report = await evaluate(ctx, tenant, {
          from,
          to,
          scenario: flags.scenario as Scenario,
          ...(by ? { by } : {}),
          ...(flags.source ? { source: flags.source as FactSource } : {}),
        });
        const text =
          flags.format === 'json'
            ? `${JSON.stringify(report, null, 2)}\n`
            : flags.format === 'html'
              ? renderHtmlReport(report)
              : renderTable(report);
        if (flags.out) {
          writeFileSync(flags.out, text);
          process.stderr.write(`report written to ${flags.out}\n`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        await ctx.db.close();
      }
    });
}
