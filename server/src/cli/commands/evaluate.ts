import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  BREAKDOWN_KEYS,
  evaluate,
  parseBy,
  parseRange,
  parseScenario,
  renderHtmlReport,
  renderTable,
  SCENARIOS,
  type FactSource,
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
      const scenario = parseScenario(flags.scenario, '--scenario');
      if (!['table', 'json', 'html'].includes(flags.format)) {
        throw invalidInput('evaluate.format', '--format: use table, json or html');
      }
      if (flags.source !== undefined && !['rollups', 'raw'].includes(flags.source)) {
        throw invalidInput('evaluate.source', '--source: use rollups or raw');
      }
      const by = parseBy(flags.by, '--by');
      const ctx = await cliContext();
      try {
        const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
        const range = parseRange(flags.from, flags.to, tenant.time_zone, ['--from', '--to']);
        const report = await evaluate(ctx, tenant, {
          ...range,
          scenario,
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
