import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../config/index.ts';
import { createContext, type AppContext } from '../context.ts';
import { buildApp, hashToken, SESSION_COOKIE } from '../http/index.ts';
import { silentLogger } from '../platform/index.ts';
import { registerRealtimeRoutes } from './index.ts';

async function signIn(ctx: AppContext, tenantId: string): Promise<string> {
  const userId = `u-${tenantId}`;
  const now = ctx.clock.now();
  await ctx.db.kysely
    .insertInto('users')
    .values({
      id: userId,
      tenant_id: tenantId,
      username: 'sup',
      display_name: 'sup',
      password_hash: 'x',
      role: 'supervisor',
      team_id: null,
      disabled: 0,
      created_at: now,
    })
    .execute();
  const token = randomBytes(16).toString('hex');
  await ctx.db.kysely
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: userId,
      tenant_id: tenantId,
      created_at: now,
      expires_at: now + 60_000,
    })
    .execute();
  return token;
}

const nextMessage = (socket: WebSocket): Promise<{ event: string; data: unknown }> =>
  new Promise((resolve) =>
    socket.once('message', (raw: Buffer) => resolve(JSON.parse(raw.toString()) as never)),
  );

describe('realtime events', () => {
  let ctx: AppContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url = '';
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'yunhu-rt-'));
    ctx = await createContext(
      loadConfig({ YUNHU_DATA_DIR: dataDir, YUNHU_DATABASE_URL: ':memory:' }),
      silentLogger,
    );
    app = await buildApp(ctx);
    registerRealtimeRoutes(app, ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/events`;
  });
  afterAll(async () => {
    await app.close();
    await ctx.db.close();
  });

  it('delivers only the signed-in tenant’s events', async () => {
    const token = await signIn(ctx, 'tenant-a');
    const socket = new WebSocket(url, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect((await nextMessage(socket)).event).toBe('hello');
    const received = nextMessage(socket);
    ctx.bus.emit('agent.state', { tenantId: 'tenant-b', agentId: 'x' });
    ctx.bus.emit('agent.state', { tenantId: 'tenant-a', agentId: 'a1' });
    expect(await received).toMatchObject({ event: 'agent.state', data: { agentId: 'a1' } });
    socket.close();
  });

  it('refuses a connection without a session', async () => {
    const socket = new WebSocket(url);
    const status = await new Promise<number>((resolve) =>
      socket.once('unexpected-response', (req, res) => {
        req.destroy(); // ws leaves the refused request open otherwise
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(401);
  });
});
