import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.ts';

// The cookie carries a random 32-byte token; the sessions table stores only its sha256, so a
// copy of the database cannot be replayed as a login.
export const hashSessionToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export async function createSession(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  user: { id: string; tenantId: string },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.sessionHours * 3_600_000;
  await ctx.db.kysely
    .deleteFrom('sessions')
    .where('user_id', '=', user.id)
    .where('expires_at', '<', now)
    .execute();
  await ctx.db.kysely
    .insertInto('sessions')
    .values({
      id: hashSessionToken(token),
      user_id: user.id,
      tenant_id: user.tenantId,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

export async function deleteSession(ctx: Pick<AppContext, 'db'>, token: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', hashSessionToken(token)).execute();
}

/** Ends every session of a user except, optionally, the one presenting `keepToken`. */
export async function deleteUserSessions(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  keepToken?: string,
): Promise<void> {
  let query = ctx.db.kysely.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepToken) query = query.where('id', '!=', hashSessionToken(keepToken));
  await query.execute();
}
