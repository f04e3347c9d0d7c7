import pino from 'pino';

export type Logger = pino.Logger;

// Secrets never reach a log line: any field with one of these names is masked.
const REDACT = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'req.headers.cookie',
  'req.headers.authorization',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'yunhu',
    level: options.level ?? process.env.YUNHU_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT, censor: '***' },
  });
}

/** A logger that drops everything: for tests and CLI commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
