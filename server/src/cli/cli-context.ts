import { loadConfig } from '../config/index.ts';
import { createContext, type AppContext } from '../context.ts';
import { silentLogger } from '../platform/index.ts';

/** Context for a CLI command: same YUNHU_* variables and storage as the server, quiet logger. */
export async function cliContext(): Promise<AppContext> {
  return createContext(loadConfig(), silentLogger);
}
