import type { AppContext } from '../../context.ts';
import type { Role, UserTable } from '../../db/index.ts';
import { AppError, conflict, invalidInput, newId, notFound } from '../../platform/index.ts';
import { DEFAULT_TENANT_ID, findTenant } from '../tenants/index.ts';
import type { CreateUserInput, LoginInput, UpdateUserInput, UserQuery } from './auth.schema.ts';
import { generatePassword, hashPassword, verifyPassword } from './password.ts';
import { deleteUserSessions } from './sessions.service.ts';

export interface UserView {
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  disabled: boolean;
  createdAt: number;
}

type Ctx = Pick<AppContext, 'db' | 'clock'>;

export const toUserView = (row: UserTable): UserView => ({
  id: row.id,
  tenantId: row.tenant_id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  teamId: row.team_id,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

// Verified when the user does not exist, so that a wrong username costs as long as a wrong
// password and response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

const invalidLogin = () =>
  new AppError('unauthenticated', 'auth.invalid', 'Wrong tenant, username or password');

/** Checks a login; returns the user or throws auth.invalid without saying which part was wrong. */
export async function authenticate(ctx: Ctx, input: LoginInput): Promise<UserView> {
  const tenant = await findTenant(ctx.db, input.tenant ?? DEFAULT_TENANT_ID);
  const row = tenant
    ? await ctx.db.kysely
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .where('username', '=', input.username)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(await dummyHash, input.password);
    throw invalidLogin();
  }
  const ok = await verifyPassword(row.password_hash, input.password);
  if (!ok || row.disabled === 1) throw invalidLogin();
  return toUserView(row);
}

/** The tenant id a login names, when it exists (for the audit log of failed logins). */
export async function tenantIdOf(ctx: Ctx, tenant: string | undefined): Promise<string | null> {
  return (await findTenant(ctx.db, tenant ?? DEFAULT_TENANT_ID))?.id ?? null;
}

export async function createUser(
  ctx: Ctx,
  tenantId: string,
  input: CreateUserInput,
): Promise<UserView> {
  const existing = await ctx.db.kysely
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (existing) {
    throw conflict('user.exists', `User "${input.username}" already exists`, {
      where: 'username',
    });
  }
  if (input.teamId) await assertTeam(ctx, tenantId, input.teamId);
  const row: UserTable = {
    id: newId('u'),
    tenant_id: tenantId,
    username: input.username,
    display_name: input.displayName ?? input.username,
    password_hash: await hashPassword(input.password),
    role: input.role,
    team_id: input.teamId ?? null,
    disabled: 0,
    created_at: ctx.clock.now(),
  };
  await ctx.db.kysely.insertInto('users').values(row).execute();
  return toUserView(row);
}

async function assertTeam(ctx: Ctx, tenantId: string, teamId: string): Promise<void> {
  const team = await ctx.db.kysely
    .selectFrom('teams')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (!team) throw invalidInput('user.team', 'teamId does not name a team', { where: 'teamId' });
}

export async function getUser(ctx: Ctx, tenantId: string, id: string): Promise<UserView> {
  const row = await ctx.db.kysely
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('user.not_found', 'No such user');
  return toUserView(row);
}

export async function listUsers(
  ctx: Ctx,
  tenantId: string,
  query: UserQuery,
): Promise<{ items: UserView[]; total: number }> {
  let base = ctx.db.kysely.selectFrom('users').where('tenant_id', '=', tenantId);
  if (query.role) base = base.where('role', '=', query.role);
  if (query.teamId) base = base.where('team_id', '=', query.teamId);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['username']), 'like', like),
        eb(eb.fn('lower', ['display_name']), 'like', like),
      ]),
    );
  }
  const count = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('username')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map(toUserView), total: Number(count?.n ?? 0) };
}

export async function updateUser(
  ctx: Ctx,
  tenantId: string,
  id: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const current = await getUser(ctx, tenantId, id);
  if (input.teamId) await assertTeam(ctx, tenantId, input.teamId);
  const losesAdmin =
    (input.role !== undefined && input.role !== 'admin') || input.disabled === true;
  if (current.role === 'admin' && !current.disabled && losesAdmin) {
    await assertAnotherAdmin(ctx, tenantId, id, input.disabled === true ? 'disabled' : 'role');
  }
  const patch: Partial<UserTable> = {};
  if (input.displayName !== undefined) patch.display_name = input.displayName;
  if (input.role !== undefined) patch.role = input.role;
  if (input.teamId !== undefined) patch.team_id = input.teamId;
  if (input.disabled !== undefined) patch.disabled = input.disabled ? 1 : 0;
  if (input.password !== undefined) patch.password_hash = await hashPassword(input.password);
  if (Object.keys(patch).length === 0) return current;
  await ctx.db.kysely
    .updateTable('users')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  // A new password, a lower role or a disabled account takes effect at once.
  if (input.password !== undefined || input.disabled || input.role !== undefined) {
    await deleteUserSessions(ctx, id);
  }
  return getUser(ctx, tenantId, id);
}

// Only an admin manages users, so a tenant whose last admin is demoted or disabled (one PATCH
// on oneself) could never get one back through the API.
async function assertAnotherAdmin(ctx: Ctx, tenantId: string, id: string, where: string) {
  const other = await ctx.db.kysely
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (!other) {
    throw conflict(
      'user.last_admin',
      'This is the last enabled admin of the tenant: make another user admin first',
      { where },
    );
  }
}

export async function changePassword(
  ctx: Ctx,
  user: { tenantId: string; userId: string },
  input: { currentPassword: string; newPassword: string },
  keepToken?: string,
): Promise<void> {
  const row = await ctx.db.kysely
    .selectFrom('users')
    .select('password_hash')
    .where('tenant_id', '=', user.tenantId)
    .where('id', '=', user.userId)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw invalidInput('auth.current_password', 'The current password is wrong', {
      where: 'currentPassword',
    });
  }
  if (input.currentPassword === input.newPassword) {
    throw invalidInput('auth.same_password', 'The new password equals the current one', {
      where: 'newPassword',
    });
  }
  await ctx.db.kysely
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword) })
    .where('id', '=', user.userId)
    .execute();
  // Other devices signed in with the old password are signed out.
  await deleteUserSessions(ctx, user.userId, keepToken);
}

/**
 * Sets a new generated password for `username` (and enables the account): the way back in for
 * an operator who lost the once-printed admin password. Ends the user's sessions.
 */
export async function resetPassword(
  ctx: Ctx,
  tenantId: string,
  username: string,
): Promise<{ user: UserView; password: string }> {
  const row = await ctx.db.kysely
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('username', '=', username)
    .executeTakeFirst();
  if (!row) throw notFound('user.not_found', `No user "${username}" in tenant ${tenantId}`);
  const password = generatePassword();
  const user = await updateUser(ctx, tenantId, row.id, { password, disabled: false });
  return { user, password };
}
