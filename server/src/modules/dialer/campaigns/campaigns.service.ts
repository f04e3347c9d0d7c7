import type { AppContext } from '../../../context.ts';
import type { CampaignTable, Db } from '../../../db/index.ts';
import {
  invalidInput,
  isSealed,
  newId,
  notFound,
  type FieldCipher,
} from '../../../platform/index.ts';
import {
  DIAL_MODES,
  parseCampaignSettings,
  type CampaignSettings,
  type CampaignSettingsInput,
  type DialMode,
} from './campaign-settings.ts';

// Campaigns built from CRM leads: one list entry per lead (its customer), state 'pending'.
// A bank-full import creates a historical campaign with its leads; a live campaign takes those
// leads (or any other selection) by their ids or by the campaign they came from.

export interface CreateCampaignInput {
  tenantId: string;
  name: string;
  dialMode: DialMode;
  settings: CampaignSettingsInput;
  /** Leads to put on the list … */
  leadIds?: readonly string[];
  /** … or every lead of this (e.g. imported) campaign, oldest first, up to `limit`. */
  fromCampaignId?: string;
  limit?: number;
}

export interface CampaignView {
  id: string;
  tenantId: string;
  name: string;
  dialMode: DialMode;
  status: string;
  settings: CampaignSettings;
  entries: number;
}

export async function createCampaignFromLeads(
  ctx: Pick<AppContext, 'db' | 'clock' | 'cipher'>,
  input: CreateCampaignInput,
): Promise<CampaignView> {
  if (!(DIAL_MODES as readonly string[]).includes(input.dialMode)) {
    throw invalidInput('campaign.dial_mode', `Unknown dial mode "${input.dialMode}"`);
  }
  const settings = sealTrunkPassword(ctx.cipher, parseCampaignSettings(input.settings));
  const db = ctx.db.kysely;
  let q = db
    .selectFrom('leads')
    .select(['id', 'customer_id'])
    .where('tenant_id', '=', input.tenantId)
    .orderBy('created_at')
    .orderBy('id');
  if (input.leadIds) q = q.where('id', 'in', input.leadIds.length ? [...input.leadIds] : ['']);
  else if (input.fromCampaignId) q = q.where('campaign_id', '=', input.fromCampaignId);
  else throw invalidInput('campaign.list', 'Give leadIds or fromCampaignId for the call list');
  if (input.limit !== undefined) q = q.limit(input.limit);
  const leads = await q.execute();
  if (leads.length === 0) throw invalidInput('campaign.list', 'The call list would be empty');

  const now = ctx.clock.now();
  const id = newId('cmp');
  const row: CampaignTable = {
    id,
    tenant_id: input.tenantId,
    name: input.name,
    dial_mode: input.dialMode,
    status: 'ready',
    settings: JSON.stringify(settings),
    external_ref: null,
    created_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('campaigns').values(row).execute();
    const entries = leads.map((l, i) => ({
      id: newId('ent'),
      tenant_id: input.tenantId,
      campaign_id: id,
      lead_id: l.id,
      customer_id: l.customer_id,
      planned_at: now + i,
      state: 'pending',
      final: 0 as const,
      final_at: null,
      attempts: 0,
      last_result: null,
      next_attempt_at: null,
    }));
    for (let i = 0; i < entries.length; i += 500) {
      await tx
        .insertInto('campaign_entries')
        .values(entries.slice(i, i + 500))
        .execute();
    }
  });
  return { ...toView(row), entries: leads.length };
}

/** The trunk password is stored sealed; the runner opens it for the SIP client only. */
function sealTrunkPassword(cipher: FieldCipher, settings: CampaignSettings): CampaignSettings {
  const auth = settings.trunk.auth;
  if (!auth || isSealed(auth.password)) return settings;
  return {
    ...settings,
    trunk: { ...settings.trunk, auth: { ...auth, password: cipher.seal(auth.password) } },
  };
}

function toView(row: CampaignTable): Omit<CampaignView, 'entries'> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    dialMode: row.dial_mode as DialMode,
    status: row.status,
    settings: parseCampaignSettings(JSON.parse(row.settings)),
  };
}

export async function getCampaign(db: Db, tenantId: string, id: string): Promise<CampaignView> {
  const row = await db.kysely
    .selectFrom('campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('campaign.not_found', `No campaign "${id}"`);
  if (row.dial_mode === 'import') {
    throw invalidInput(
      'campaign.imported',
      `Campaign "${id}" is an imported history, not dialable`,
    );
  }
  const n = await db.kysely
    .selectFrom('campaign_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...toView(row), entries: Number(n.n) };
}

export async function setCampaignStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: string,
): Promise<void> {
  await db.kysely
    .updateTable('campaigns')
    .set({ status })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface CampaignSummary {
  id: string;
  name: string;
  dialMode: DialMode;
  status: string;
  createdAt: number;
  /** Null when the settings are valid, else why not (a campaign made by the plain CRUD route). */
  settingsError: string | null;
  /** The pacing cap the abandon rate is held to (null when the settings do not validate). */
  abandonCap: number | null;
}

/** The tenant's dialable campaigns (imported histories left out), newest first. */
export async function listCampaigns(
  db: Db,
  tenantId: string,
  query: { status?: string | undefined; limit?: number | undefined } = {},
): Promise<CampaignSummary[]> {
  let q = db.kysely
    .selectFrom('campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('dial_mode', '!=', 'import');
  if (query.status) q = q.where('status', '=', query.status);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((row) => {
    let settingsError: string | null = null;
    let abandonCap: number | null = null;
    try {
      abandonCap = parseCampaignSettings(JSON.parse(row.settings)).abandonCap;
    } catch (error) {
      settingsError = error instanceof Error ? error.message : String(error);
    }
    return {
      id: row.id,
      name: row.name,
      dialMode: row.dial_mode as DialMode,
      status: row.status,
      createdAt: Number(row.created_at),
      settingsError,
      abandonCap,
    };
  });
}
