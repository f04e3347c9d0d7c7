import type { Command } from 'commander';
import {
  formatHistoryTable,
  formatPlanTable,
  parsePlanInput,
  planFromHistory,
  planFromParameters,
} from '../../modules/wfm/index.ts';
import { resolveTenant } from '../../modules/tenants/index.ts';
import { invalidInput } from '../../platform/index.ts';
import { cliContext } from '../cli-context.ts';

interface PlanFlags extends Record<string, unknown> {
  format: string;
  tenant?: string;
  fromHistory?: boolean;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Workforce plan: agents needed per Erlang C / Erlang A (排班 / 人力规划)')
    .option('--calls <n>', 'calls offered per interval')
    .option(
      '--interval-minutes <m>',
      'interval length in minutes (history: 15, 30 or 60; default 60)',
    )
    .option('--aht <seconds>', 'average handle time (history: overrides the measured AHT)')
    .option('--patience <seconds>', 'mean caller patience: switches to Erlang A')
    .option('--sl-seconds <t>', 'service-level threshold: answered within T seconds', '20')
    .option('--target-wait <seconds>', 'max mean wait of served calls, or "none"', '30')
    .option('--sl-goal <rate>', 'min service level, 0..1 (e.g. 0.8)')
    .option('--max-abandon <rate>', 'max abandonment probability, 0..1 (Erlang A)')
    .option('--max-occupancy <rate>', 'max agent occupancy, 0..1')
    .option('--agents <from..to>', 'agent counts to tabulate, e.g. 11..14')
    .option('--shrinkage <rate>', 'share of paid time off the phones, 0..1', '0.3')
    .option('--from-history', 'forecast each interval from stored inbound calls')
    .option('--tenant <tenant>', 'tenant id or name (history; default: the operator tenant)')
    .option(
      '--weekday <days>',
      'history: "all" (each day) or one pooled profile: sun-thu, mon,tue, 0..4',
    )
    .option('--from <date>', 'history: first local day, YYYY-MM-DD')
    .option('--to <date>', 'history: last local day, YYYY-MM-DD (inclusive)')
    .option('--weeks <n>', 'history: weeks back from the latest call when --from is absent', '8')
    .option(
      '--model <model>',
      'history: erlang-a | erlang-c (default: erlang-a when calls abandon)',
    )
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: PlanFlags) => {
      const { format, tenant, ...raw } = flags;
      if (format !== 'table' && format !== 'json') {
        throw invalidInput('plan.format', '--format: use table or json');
      }
      const input = parsePlanInput(raw);
      if (!input.fromHistory) {
        const plan = planFromParameters(input);
        process.stdout.write(
          `${format === 'json' ? JSON.stringify(plan, null, 2) : formatPlanTable(plan)}\n`,
        );
        return;
      }
      const ctx = await cliContext();
      try {
        const t = await resolveTenant(ctx.db, tenant, ctx.clock.now());
        const plan = await planFromHistory(ctx, t.id, input);
        process.stdout.write(
          `${format === 'json' ? JSON.stringify(plan, null, 2) : formatHistoryTable(plan)}\n`,
        );
      } finally {
        await ctx.db.close();
      }
    });
}
