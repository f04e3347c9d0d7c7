import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { listAudit, writeAudit } from '../modules/audit/index.ts';
import {
  authenticate,
  changePassword,
  changePasswordSchema,
  createSession,
  createUser,
  createUserSchema,
  deleteSession,
  getUser,
  listUsers,
  LoginRateLimiter,
  loginSchema,
  tenantIdOf,
  updateUser,
  updateUserSchema,
  userQuerySchema,
  type LoginInput,
  type UserView,
} from '../modules/auth/index.ts';
import { findTenant } from '../modules/tenants/index.ts';
import { AppError, isAppError } from '../platform/index.ts';
import { authOf, SESSION_COOKIE } from './auth-hook.ts';
import { idParams, withZod, zodSchema, type IdParams } from './zod-schema.ts';

const ADMIN = ['admin'] as const;
// Supervisors read users (to assign leads to their agents); only admins change them.
const USER_READERS = ['admin', 'supervisor'] as const;
const AUDIT_READERS = ['admin', 'auditor'] as const;

const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  outcome: z.enum(['allowed', 'denied']).optional(),
  personalData: z.enum(['0', '1', 'true', 'false']).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
});

export async function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const limiter = new LoginRateLimiter();

  const setCookie = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    expiresAt: number,
  ) => {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: new Date(expiresAt),
    });
  };

  await withZod(app, (r) => {
    r.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the yunhu_session cookie',
          body: zodSchema(loginSchema),
        },
      },
      async (request, reply) => {
        const body = request.body as LoginInput;
        const now = ctx.clock.now();
        const wait = limiter.retryAfter(request.ip, body.username, now);
        const denied = async (detail: string) =>
          writeAudit(ctx, {
            tenantId: await tenantIdOf(ctx, body.tenant),
            userId: null,
            action: 'auth.login',
            outcome: 'denied',
            detail: `${detail} (user ${body.username}, ip ${request.ip})`,
          });
        if (wait > 0) {
          await denied('rate limited');
          const seconds = Math.ceil(wait / 1000);
          return reply
            .status(429)
            .header('retry-after', String(seconds))
            .send({
              error: {
                code: 'auth.rate_limited',
                message: `Too many failed logins; try again in ${seconds} s`,
              },
            });
        }
        try {
          const user = await authenticate(ctx, body);
          limiter.succeed(request.ip, body.username);
          const session = await createSession(ctx, user);
          setCookie(request, reply, session.token, session.expiresAt);
          return { user: await publicUser(ctx, user) };
        } catch (error) {
          if (isAppError(error) && error.code === 'auth.invalid') {
            limiter.fail(request.ip, body.username, now);
            await denied('login failed');
          }
          throw error;
        }
      },
    );

    r.post(
      '/api/auth/logout',
      { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out' } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await deleteSession(ctx, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    r.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: 'The signed-in user' } },
      async (request) => {
        const { tenantId, userId } = authOf(request);
        return { user: await publicUser(ctx, await getUser(ctx, tenantId, userId)) };
      },
    );

    r.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change the own password (signs out other sessions)',
          body: zodSchema(changePasswordSchema),
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const body = request.body as z.output<typeof changePasswordSchema>;
        await changePassword(ctx, auth, body, request.cookies[SESSION_COOKIE]);
        return reply.status(204).send();
      },
    );

    r.get(
      '/api/users',
      {
        config: { roles: USER_READERS },
        schema: { tags: ['users'], querystring: zodSchema(userQuerySchema) },
      },
      async (request) =>
        listUsers(ctx, authOf(request).tenantId, request.query as z.output<typeof userQuerySchema>),
    );
    r.post(
      '/api/users',
      { config: { roles: ADMIN }, schema: { tags: ['users'], body: zodSchema(createUserSchema) } },
      async (request, reply) => {
        const user = await createUser(
          ctx,
          authOf(request).tenantId,
          request.body as z.output<typeof createUserSchema>,
        );
        return reply.status(201).send(user);
      },
    );
    r.get(
      '/api/users/:id',
      {
        config: { roles: USER_READERS },
        schema: { tags: ['users'], params: zodSchema(idParams) },
      },
      async (request) => getUser(ctx, authOf(request).tenantId, (request.params as IdParams).id),
    );
    r.patch(
      '/api/users/:id',
      {
        config: { roles: ADMIN },
        schema: { tags: ['users'], params: zodSchema(idParams), body: zodSchema(updateUserSchema) },
      },
      async (request) =>
        updateUser(
          ctx,
          authOf(request).tenantId,
          (request.params as IdParams).id,
          request.body as z.output<typeof updateUserSchema>,
        ),
    );
    r.delete(
      '/api/users/:id',
      {
        config: { roles: ADMIN },
        schema: {
          tags: ['users'],
          summary: 'Disable a user (kept for the history of calls and audit entries)',
          params: zodSchema(idParams),
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const { id } = request.params as IdParams;
        if (id === auth.userId) {
          throw new AppError('conflict', 'user.self', 'You cannot disable your own account');
        }
        await updateUser(ctx, auth.tenantId, id, { disabled: true });
        return reply.status(204).send();
      },
    );

    r.get(
      '/api/audit',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          summary: 'Audit log of the tenant (denied access, personal-data reads)',
          querystring: zodSchema(auditQuerySchema),
        },
      },
      async (request) => {
        const q = request.query as z.output<typeof auditQuerySchema>;
        return listAudit(ctx, authOf(request).tenantId, {
          page: q.page,
          pageSize: q.pageSize,
          outcome: q.outcome,
          personalData:
            q.personalData === undefined ? undefined : ['1', 'true'].includes(q.personalData),
          from: q.from,
          to: q.to,
        });
      },
    );
  });
}

/** The signed-in user as the web app shows it, with the tenant's name and time zone. */
async function publicUser(ctx: AppContext, u: UserView) {
  const tenant = await findTenant(ctx.db, u.tenantId);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    tenantId: u.tenantId,
    tenantName: tenant?.name ?? u.tenantId,
    timeZone: tenant?.time_zone ?? ctx.config.timeZone,
    teamId: u.teamId,
  };
}
