import type { Command } from 'commander';
import { configurationMarkdown, describeConfig, loadConfig } from '../../config/index.ts';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('Show or document the YUNHU_* settings');
  config
    .command('show')
    .description('Print the effective configuration (secrets masked)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(describeConfig(loadConfig()), null, 2)}\n`);
    });
  config
    .command('docs')
    .description('Print the Markdown table of every setting (docs/configuration.md)')
    .action(() => {
      process.stdout.write(`${configurationMarkdown()}\n`);
    });
}
