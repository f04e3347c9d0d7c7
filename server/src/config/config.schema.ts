import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { z } from 'zod';

// Every YUNHU_* setting lives here: a default, a description and whether it is sensitive
// (sensitive values are masked whenever the configuration is printed or logged).
export interface SettingSpec {
  env: string;
  description: string;
  sensitive?: boolean;
  schema: z.ZodType;
}

const port = z.coerce.number().int().min(0).max(65535);
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const portRange = z
  .string()
  .regex(/^\d+-\d+$/, 'expected a range such as 20000-29999')
  .transform((v) => {
    const [from, to] = v.split('-').map(Number) as [number, number];
    return { from, to };
  })
  .refine(
    (r) => r.from >= 1024 && r.to <= 65535 && r.from < r.to,
    'range must lie in 1024-65535, from < to',
  );

// "999.1.1.1" is a syntactically fine host name but no address: all-digit names are refused.
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const host = z
  .string()
  .refine(
    (v) => isIP(v) !== 0 || (HOST_NAME.test(v) && !/^[\d.]+$/.test(v)),
    'expected an IP address or a host name',
  );

/** A URL whose scheme is one of `schemes`; a bare path is allowed when `pathAllowed`. */
const urlWithScheme = (schemes: readonly string[], pathAllowed: boolean, hint: string) =>
  z.string().superRefine((v, ctx) => {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1]?.toLowerCase();
    const isUrl = scheme !== undefined && (v.includes('://') || !pathAllowed);
    if (isUrl ? !schemes.includes(scheme) : !pathAllowed) {
      ctx.addIssue({
        code: 'custom',
        message: `${scheme ? `unsupported scheme "${scheme}:"` : 'not a URL'}: use ${hint}`,
      });
    }
  });

export const SETTINGS = {
  dataDir: {
    env: 'YUNHU_DATA_DIR',
    description: 'Directory for the SQLite file, recordings, keys and imports.',
    schema: z.string().min(1).default('./data'),
  },
  databaseUrl: {
    env: 'YUNHU_DATABASE_URL',
    description:
      'Database: a SQLite file path / sqlite:// URL, or postgres://… . Default: yunhu.db in the data dir.',
    sensitive: true,
    // A typo such as mysql://x used to create a SQLite file at ./mysql:/x.
    schema: urlWithScheme(
      ['sqlite', 'postgres', 'postgresql'],
      true,
      'a file path, sqlite://<file> or postgres://…',
    ).optional(),
  },
  httpHost: {
    env: 'YUNHU_HTTP_HOST',
    description: 'Address the HTTP server binds to (0.0.0.0 to serve the LAN).',
    schema: host.default('127.0.0.1'),
  },
  httpPort: {
    env: 'YUNHU_HTTP_PORT',
    description: 'HTTP port for the API, the web app and WebSocket events.',
    schema: port.default(3000),
  },
  timeZone: {
    env: 'YUNHU_TIME_ZONE',
    description: 'Default time zone of new tenants (IANA name).',
    schema: z.string().refine(isTimeZone, 'unknown IANA time zone').default('Asia/Shanghai'),
  },
  logLevel: {
    env: 'YUNHU_LOG_LEVEL',
    description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  adminPassword: {
    env: 'YUNHU_ADMIN_PASSWORD',
    description: 'Password of the first admin user; generated and printed once when unset.',
    sensitive: true,
    schema: z.string().min(8, 'must be at least 8 characters').optional(),
  },
  secretKey: {
    env: 'YUNHU_SECRET_KEY',
    description:
      '64 hex chars: key for sealing personal data. Default: generated once into <dataDir>/secret.key.',
    sensitive: true,
    schema: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters')
      .optional(),
  },
  demo: {
    env: 'YUNHU_DEMO',
    description: 'Create the demo tenant with the two real example data sets on an empty data dir.',
    schema: flag.default(true),
  },
  demoSipPassword: {
    env: 'YUNHU_DEMO_SIP_PASSWORD',
    description:
      'SIP digest password of demo extensions 1001-1005; generated and printed when unset.',
    sensitive: true,
    schema: z.string().min(6).optional(),
  },
  sessionHours: {
    env: 'YUNHU_SESSION_HOURS',
    description: 'Lifetime of a login session, in hours.',
    schema: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
  },
  sipHost: {
    env: 'YUNHU_SIP_HOST',
    description:
      'Address put in Via, Contact and SDP. Default: the first non-loopback IPv4 address.',
    schema: host.default(firstNonLoopbackAddress),
  },
  sipPort: {
    env: 'YUNHU_SIP_PORT',
    description: 'SIP port (UDP and TCP); 0 turns SIP off.',
    schema: port.default(5060),
  },
  sipWsPort: {
    env: 'YUNHU_SIP_WS_PORT',
    description: 'SIP over WebSocket port (RFC 7118); 0 turns it off.',
    schema: port.default(5066),
  },
  sipTlsPort: {
    env: 'YUNHU_SIP_TLS_PORT',
    description:
      'SIP over TLS port; 0 turns it off. Uses YUNHU_SIP_TLS_CERT / YUNHU_SIP_TLS_KEY, else a self-signed certificate generated once into <dataDir>/sip-tls/ (needs the openssl command).',
    schema: port.default(0),
  },
  sipTlsCert: {
    env: 'YUNHU_SIP_TLS_CERT',
    description:
      'PEM file with the SIP TLS certificate (chain); set together with YUNHU_SIP_TLS_KEY.',
    schema: z.string().min(1).optional(),
  },
  sipTlsKey: {
    env: 'YUNHU_SIP_TLS_KEY',
    description: 'PEM file with the private key of YUNHU_SIP_TLS_CERT (unencrypted).',
    // A path, not a secret: it stays readable in start-up errors; the key itself is never printed.
    schema: z.string().min(1).optional(),
  },
  rtpPorts: {
    env: 'YUNHU_RTP_PORTS',
    description: 'UDP port range for RTP media, e.g. 20000-29999.',
    schema: portRange.default({ from: 20000, to: 29999 }),
  },
  redisUrl: {
    env: 'YUNHU_REDIS_URL',
    description:
      'Redis for state shared between nodes: not implemented yet (state is in-process), so it must stay unset.',
    sensitive: true,
    // Read by nothing: a second node given this URL would have shared nothing, silently.
    schema: urlWithScheme(['redis', 'rediss'], false, 'redis://host:6379 or rediss://…')
      .refine(() => false, 'state shared through Redis is not implemented yet: leave it unset')
      .optional(),
  },
} satisfies Record<string, SettingSpec>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function firstNonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}
