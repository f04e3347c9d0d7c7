import { loadConfig } from './config/index.ts';
import { createContext } from './context.ts';
import { buildApp } from './http/index.ts';
import { registerRealtimeRoutes } from './realtime/index.ts';

// The only file that wires everything together.
export async function startServer(): Promise<void> {
  const config = loadConfig();
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  registerRealtimeRoutes(app, ctx);
  await app.listen({ host: config.httpHost, port: config.httpPort });
  ctx.logger.info(`Yunhu listening on http://${config.httpHost}:${config.httpPort}`);
  const stop = async () => {
    await app.close();
    await ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
