import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the call center: HTTP API, web app, SIP/RTP engine, dialer, evaluation')
    .action(async () => {
      const { startServer } = await import('../../main.ts');
      await startServer();
    });
}
