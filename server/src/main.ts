import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config/index.ts';
import { createContext, type AppContext } from './context.ts';
import { buildApp } from './http/index.ts';
import { bootstrap, credentialsMessage, loadDemoData } from './modules/bootstrap/index.ts';
import type { Logger } from './platform/index.ts';
import { registerRealtimeRoutes } from './realtime/index.ts';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where the first-start credentials go: stdout, never the logger. */
  print?: (text: string) => void;
  /** Stop and exit on SIGINT/SIGTERM (the CLI does; tests close() instead). */
  exitOnSignal?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  /** Settles when the demo tenant's example data is loaded (true) or the load failed (false). */
  demoData: Promise<boolean>;
  close(): Promise<void>;
}

// The only file that wires everything together.
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env);
  const ctx = await createContext(config, options.logger);
  const firstStart = await bootstrap(ctx);
  const app = await buildApp(ctx);
  registerRealtimeRoutes(app, ctx);
  await app.listen({ host: config.httpHost, port: config.httpPort });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  const host = config.httpHost === '0.0.0.0' ? '127.0.0.1' : config.httpHost;
  const url = `http://${host}:${port}`;
  ctx.logger.info(`Yunhu listening on ${url}`);
  const message = credentialsMessage(firstStart, url);
  if (message) (options.print ?? ((text) => void process.stdout.write(text)))(message);
  // After listen, so that the API answers while the demo data loads.
  const demoData = loadDemoData(ctx, firstStart.pendingDemoFiles);
  const close = async () => {
    await app.close();
    await ctx.db.close();
  };
  if (options.exitOnSignal ?? true) {
    const stop = async () => {
      await close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  }
  return { app, ctx, url, demoData, close };
}
