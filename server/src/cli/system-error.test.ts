import { connect, createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemErrorMessage } from './system-error.ts';

describe('systemErrorMessage', () => {
  it('turns a port in use into one line naming the setting', async () => {
    const first = createServer();
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const { port } = first.address() as { port: number };
    const second = createServer();
    const error = await new Promise<Error>((resolve) => {
      second.on('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    first.close();
    expect(systemErrorMessage(error)).toBe(
      `listen EADDRINUSE: address already in use 127.0.0.1:${port} ` +
        '(another process uses this port: stop it or set YUNHU_HTTP_PORT / YUNHU_SIP_PORT)',
    );
  });

  it('sees a refused database connection through the error that wraps it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cause = await new Promise<Error>((resolve) => {
      connect(port, '127.0.0.1').on('error', resolve);
    });
    const wrapped = new Error(`database migration unknown failed: ${cause.message}`, { cause });
    expect(systemErrorMessage(wrapped)).toBe(
      `database migration unknown failed: connect ECONNREFUSED 127.0.0.1:${port} ` +
        '(nothing answers there: check YUNHU_DATABASE_URL / YUNHU_REDIS_URL)',
    );
  });

  it('names YUNHU_DATA_DIR when a file is in the way, and leaves bugs alone', () => {
    let error: unknown;
    try {
      mkdirSync('/etc/passwd', { recursive: true });
    } catch (e) {
      error = e;
    }
    expect(systemErrorMessage(error)).toBe(
      "EEXIST: file already exists, mkdir '/etc/passwd' " +
        '(a file is in the way: YUNHU_DATA_DIR must name a directory)',
    );
    expect(systemErrorMessage(new TypeError('x is undefined'))).toBeNull();
  });
});
