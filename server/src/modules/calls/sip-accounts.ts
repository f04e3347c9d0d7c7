import type { AppContext } from '../../context.ts';
import type { CredentialLookup } from '../../telephony/index.ts';

// SIP accounts of agents: the extension is the digest user name, the password is stored sealed in
// agents.sip_password (the registrar needs the clear text to check digests). Extensions are unique
// across the node's registrar (one realm per node).

type Ctx = Pick<AppContext, 'db' | 'cipher' | 'logger'>;

export interface SipAccount {
  tenantId: string;
  agentId: string;
  extension: string;
}

/** The registrar's credential look-up: extension → clear password (undefined = unknown user). */
export function credentialLookup(ctx: Ctx): CredentialLookup {
  return async (_realm, user) => {
    const row = await ctx.db.kysely
      .selectFrom('agents')
      .select(['sip_password'])
      .where('extension', '=', user)
      .where('sip_password', 'is not', null)
      .executeTakeFirst();
    if (!row?.sip_password) return undefined;
    try {
      return { password: ctx.cipher.open(row.sip_password) };
    } catch (error) {
      ctx.logger.warn({ err: error, user }, 'sip: stored password cannot be opened');
      return undefined;
    }
  };
}

export async function setSipPassword(
  ctx: Ctx,
  tenantId: string,
  agentId: string,
  password: string,
): Promise<void> {
  if (password.length < 6) throw new Error('SIP password must be at least 6 characters');
  await ctx.db.kysely
    .updateTable('agents')
    .set({ sip_password: ctx.cipher.seal(password) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', agentId)
    .execute();
}

export async function findAccountByExtension(
  ctx: Pick<AppContext, 'db'>,
  extension: string,
): Promise<SipAccount | undefined> {
  const row = await ctx.db.kysely
    .selectFrom('agents')
    .select(['id', 'tenant_id', 'extension'])
    .where('extension', '=', extension)
    .executeTakeFirst();
  return row?.extension
    ? { tenantId: row.tenant_id, agentId: row.id, extension: row.extension }
    : undefined;
}
