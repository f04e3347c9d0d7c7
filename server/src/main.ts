import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config/index.ts';
import { createContext, type AppContext } from './context.ts';
import { buildApp } from './http/index.ts';
import { bootstrap, credentialsMessage, loadDemoData } from './modules/bootstrap/index.ts';
import {
  markInterruptedCalls,
  startTelephonyRuntime,
  stopTelephonyRuntime,
} from './modules/calls/index.ts';
import { stopLiveCampaigns } from './modules/dialer/index.ts';
import {
  startInboundService,
  stopInboundService,
  type InboundService,
} from './modules/inbound/index.ts';
import type { Logger } from './platform/index.ts';
import { registerRealtimeRoutes } from './realtime/index.ts';
import type { Telephony } from './telephony/index.ts';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where the first-start credentials go: stdout, never the logger. */
  print?: (text: string) => void;
  /** Stop and exit on SIGINT/SIGTERM (the CLI does; tests close() instead). */
  exitOnSignal?: boolean;
  /**
   * SIP port override (0 = any free port). Under vitest SIP is off unless this is given or the
   * env sets YUNHU_SIP_PORT, so tests never bind 5060.
   */
  sipPort?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  /** Settles when the demo tenant's example data is loaded (true) or the load failed (false). */
  demoData: Promise<boolean>;
  /** The SIP/RTP engine; null when SIP is off. */
  telephony: Telephony | null;
  /** Inbound calls to service numbers; null when SIP is off. */
  inbound: InboundService | null;
  close(): Promise<void>;
}

// The only file that wires everything together.
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env);
  const ctx = await createContext(config, options.logger);
  const firstStart = await bootstrap(ctx);
  const interrupted = await markInterruptedCalls(ctx);
  if (interrupted > 0) ctx.logger.warn({ interrupted }, 'calls cut by the last stop marked');
  const runtime = await startTelephonyRuntime(ctx, sipOptions(options));
  const inbound = runtime ? await startInboundService(ctx, runtime) : null;
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
    // Running campaigns stop dialing; their calls get 5 s to end before the engine stops.
    await Promise.race([stopLiveCampaigns(ctx), new Promise((r) => setTimeout(r, 5000))]);
    await stopInboundService(ctx);
    await stopTelephonyRuntime(ctx);
    // Calls the engine just ended finalise their records before the database closes.
    if (inbound) await Promise.race([inbound.drain(), new Promise((r) => setTimeout(r, 5000))]);
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
  return { app, ctx, url, demoData, telephony: runtime?.telephony ?? null, inbound, close };
}

/** Explicit override, else config; under vitest SIP stays off unless the env turns it on. */
function sipOptions(options: StartOptions): { sipPort?: number | null; wsPort?: number } {
  const env = options.env ?? process.env;
  const underTest = process.env.VITEST !== undefined;
  const wsPort = underTest && env.YUNHU_SIP_WS_PORT === undefined ? { wsPort: 0 } : {};
  if (options.sipPort !== undefined) return { sipPort: options.sipPort, ...wsPort };
  if (underTest && env.YUNHU_SIP_PORT === undefined) return { sipPort: null };
  return wsPort;
}
