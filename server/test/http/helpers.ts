import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createTestDb, type DialectName, type Role } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { createUser } from '../../src/modules/auth/index.ts';
import { ensureTenant } from '../../src/modules/tenants/index.ts';
import {
  createFieldCipher,
  EventBus,
  ManualClock,
  silentLogger,
} from '../../src/platform/index.ts';

export const PASSWORD = 'correct horse battery';
export const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The API over a fresh database of `dialect`, with a manual clock and a silent logger. */
export async function createTestApp(
  dialect: DialectName,
  logger: AppContext['logger'] = silentLogger,
): Promise<TestApp> {
  const clock = new ManualClock(T0);
  const ctx: AppContext = {
    config: loadConfig({ YUNHU_LOG_LEVEL: 'silent' }),
    db: await createTestDb(dialect),
    cipher: createFieldCipher(randomBytes(32)),
    clock,
    logger,
    bus: new EventBus(),
  };
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    clock,
    async close() {
      await app.close();
      await ctx.db.close();
    },
  };
}

/** Tenant `tenantId` with one user per role, named after the role, all with PASSWORD. */
export async function seedTenant(
  ctx: AppContext,
  tenantId: string,
  roles: Role[] = ['admin', 'supervisor', 'agent', 'auditor'],
): Promise<Record<Role, string>> {
  await ensureTenant(
    ctx.db,
    { id: tenantId, name: `${tenantId} name`, timeZone: 'Asia/Shanghai' },
    T0,
  );
  const ids = {} as Record<Role, string>;
  for (const role of roles) {
    const user = await createUser(ctx, tenantId, { username: role, password: PASSWORD, role });
    ids[role] = user.id;
  }
  return ids;
}

export async function login(
  app: FastifyInstance,
  tenant: string,
  username: string,
  password = PASSWORD,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { tenant, username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}@${tenant}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'yunhu_session');
  if (!cookie) throw new Error('no session cookie');
  return `yunhu_session=${cookie.value}`;
}

export type Json = Record<string, unknown>;
export const json = (res: LightMyRequestResponse): Json => res.json<Json>();

/** inject() with a session cookie. */
export function as(app: FastifyInstance, cookie: string) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown) => call('POST', url, payload ?? {}),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}
