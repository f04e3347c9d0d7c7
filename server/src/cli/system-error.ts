// Operating-system errors (a port in use, a directory that cannot be written) are the user's
// setup, not a bug: one line naming the problem and the setting to change, no stack trace.

const HINTS: Record<string, string> = {
  EADDRINUSE: 'another process uses this port: stop it or set YUNHU_HTTP_PORT / YUNHU_SIP_PORT',
  EADDRNOTAVAIL: 'this machine has no such address: check YUNHU_HTTP_HOST / YUNHU_SIP_HOST',
  ENOTFOUND: 'the host name does not resolve: check YUNHU_HTTP_HOST / YUNHU_SIP_HOST',
  EACCES: 'permission denied: use a port above 1023 or a writable YUNHU_DATA_DIR',
  EPERM: 'permission denied: check YUNHU_DATA_DIR',
  EROFS: 'read-only file system: set YUNHU_DATA_DIR to a writable directory',
  EEXIST: 'a file is in the way: YUNHU_DATA_DIR must name a directory',
  ENOTDIR: 'a file is in the way: YUNHU_DATA_DIR must name a directory',
  ENOSPC: 'the disk is full',
  ECONNREFUSED: 'nothing answers there: check YUNHU_DATABASE_URL / YUNHU_REDIS_URL',
};

/**
 * One line for a Node.js system error (has `code` and `syscall`), also when it is the cause of
 * the error thrown (a failed database connection is wrapped by the migrator); null otherwise.
 */
export function systemErrorMessage(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { code, syscall } = e as { code?: unknown; syscall?: unknown };
    if (typeof code === 'string' && typeof syscall === 'string') {
      const hint = HINTS[code];
      return hint ? `${error.message} (${hint})` : error.message;
    }
    e = e.cause;
  }
  return null;
}
