import { Command } from 'commander';
import { isAppError } from '../platform/index.ts';
import { registerCommands } from './commands/index.ts';
import { systemErrorMessage } from './system-error.ts';

// The `yunhu` command. Each sub-command lives in cli/commands/<name>.ts and registers itself.
const program = new Command('yunhu')
  .description('云呼 Yunhu — cloud call center and telemarketing CRM')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
    process.exit(exitCode);
  }
  if (isAppError(error)) {
    process.stderr.write(`yunhu: ${error.message}\n`);
    process.exit(error.category === 'invalid_input' ? 2 : 1);
  }
  const systemError = systemErrorMessage(error);
  if (systemError) {
    process.stderr.write(`yunhu: ${systemError}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `yunhu: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
