import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Role } from '../db/index.ts';
import { writeAudit } from '../modules/audit/index.ts';
import { hashSessionToken } from '../modules/auth/index.ts';
import { AppError } from '../platform/index.ts';

export const SESSION_COOKIE = 'yunhu_session';

export interface AuthInfo {
  userId: string;
  tenantId: string;
  role: Role;
  username: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthInfo | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (health, login, docs). */
    public?: boolean;
    /** Roles allowed on this route; omitted = any signed-in user. */
    roles?: readonly Role[];
  }
}

export const hashToken = hashSessionToken;

/**
 * Every /api route needs a valid session unless it is marked public, and the session's role must
 * be among the route's roles. Denials are written to the audit log (they feed
 * access_control_effectiveness).
 */
export function installAuthHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    if (request.routeOptions.config?.public) return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token
      ? await ctx.db.kysely
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select([
            'sessions.user_id',
            'sessions.tenant_id',
            'sessions.expires_at',
            'users.role',
            'users.username',
            'users.disabled',
          ])
          .where('sessions.id', '=', hashToken(token))
          .executeTakeFirst()
      : undefined;
    if (!session || session.expires_at < ctx.clock.now() || session.disabled) {
      throw new AppError('unauthenticated', 'auth.required', 'Sign in first (no valid session)');
    }
    request.auth = {
      userId: session.user_id,
      tenantId: session.tenant_id,
      role: session.role,
      username: session.username,
    };
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(session.role)) {
      await audit(ctx, request, 'denied', `role ${session.role} not in ${roles.join(',')}`);
      throw new AppError('forbidden', 'auth.role', `Role ${session.role} may not use this route`);
    }
  });
}

/** The signed-in user's identity; routes call it instead of reading request.auth directly. */
export function authOf(request: FastifyRequest): AuthInfo {
  if (!request.auth) throw new AppError('unauthenticated', 'auth.required', 'Sign in first');
  return request.auth;
}

export async function audit(
  ctx: AppContext,
  request: FastifyRequest,
  outcome: 'allowed' | 'denied',
  detail: string,
  object: { type?: string; id?: string; personalData?: boolean; inScope?: boolean } = {},
): Promise<void> {
  await writeAudit(ctx, {
    tenantId: request.auth?.tenantId ?? null,
    userId: request.auth?.userId ?? null,
    action: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome,
    detail,
    ...(object.type !== undefined ? { objectType: object.type } : {}),
    ...(object.id !== undefined ? { objectId: object.id } : {}),
    ...(object.personalData !== undefined ? { personalData: object.personalData } : {}),
    ...(object.inScope !== undefined ? { inScope: object.inScope } : {}),
  });
}
