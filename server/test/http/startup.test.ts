import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main.ts';

// What `npm start` does, on a temp data dir and a port the OS picks, without the demo tenant.
describe('server start on an empty data dir', () => {
  let dir: string;
  const env = (): NodeJS.ProcessEnv => ({
    YUNHU_DATA_DIR: dir,
    YUNHU_HTTP_HOST: '127.0.0.1',
    YUNHU_HTTP_PORT: '0',
    YUNHU_DEMO: '0',
    YUNHU_LOG_LEVEL: 'silent',
    YUNHU_SIP_PORT: '0',
    YUNHU_SIP_WS_PORT: '0',
  });
  let server: RunningServer | undefined;
  const printed: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yunhu-start-'));
    server = await startServer({ env: env(), print: (t) => printed.push(t), exitOnSignal: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /api/health and the OpenAPI page on a loopback port', async () => {
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server!.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const docs = await fetch(`${server!.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec = (await (await fetch(`${server!.url}/api/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const route of [
      '/api/auth/login',
      '/api/customers',
      '/api/leads/{id}/claim',
      '/api/deals',
    ]) {
      expect(Object.keys(spec.paths)).toContain(route);
    }
  });

  it('prints the admin credentials once, and they sign in', async () => {
    const text = printed.join('');
    expect(text).toContain(server!.url);
    const match = /default\s+admin\s+([A-Za-z0-9]{16})/.exec(text);
    expect(match).not.toBeNull();
    const login = await fetch(`${server!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: match![1] }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^yunhu_session=/);
  });

  it('creates and prints nothing on the second start', async () => {
    await server!.close();
    server = undefined;
    const again: string[] = [];
    server = await startServer({ env: env(), print: (t) => again.push(t), exitOnSignal: false });
    expect(again).toEqual([]);
    const users = await server.ctx.db.kysely.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin']);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
