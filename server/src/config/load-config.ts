import path from 'node:path';
import { AppError } from '../platform/index.ts';
import { SETTINGS, type Config, type SettingSpec } from './config.schema.ts';

const SPECS: [string, SettingSpec][] = Object.entries(SETTINGS);

/** Reads every YUNHU_* variable; throws one error naming each bad variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, spec] of SPECS) {
    const raw = env[spec.env];
    const result = spec.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) values[key] = result.data;
    else {
      const shown = spec.sensitive ? '***' : JSON.stringify(raw);
      problems.push(
        `${spec.env}=${shown}: ${result.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid_input',
      'config.invalid',
      `Invalid configuration:\n  ${problems.join('\n  ')}`,
    );
  }
  const config = values as Config;
  config.dataDir = path.resolve(config.dataDir);
  return config;
}

/** The effective configuration with sensitive values masked, safe to print or log. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of SPECS) {
    const value = config[key as keyof Config];
    out[spec.env] = spec.sensitive && value !== undefined ? '***' : value;
  }
  return out;
}

/** Markdown table of every setting, used to generate docs/configuration.md. */
export function configurationMarkdown(): string {
  const rows = SPECS.map(([, spec]) => {
    const parsed = spec.schema.safeParse(undefined);
    const fallback =
      parsed.success && parsed.data !== undefined ? `\`${JSON.stringify(parsed.data)}\`` : '—';
    const isDynamic = spec.env === 'YUNHU_SIP_HOST';
    return `| \`${spec.env}\` | ${isDynamic ? 'first non-loopback IPv4' : fallback} | ${spec.sensitive ? 'yes' : ''} | ${spec.description} |`;
  });
  return ['| variable | default | sensitive | description |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
