import { maskPhone, newId } from '../../platform/index.ts';
import { normalizePhone, tryNormalizePhone } from '../phone/index.ts';
import {
  complianceDb,
  type ConsentChannel,
  type ConsentTable,
  type DncEntryTable,
  type DncList,
  type OptOutChannel,
  type OptOutTable,
} from './compliance.tables.ts';
import type { ComplianceContext } from './compliance.types.ts';

// Do-not-call lists, opt-outs and the consent ledger. Every number is normalised to E.164 and kept
// only as its keyed hash and a masked form: these tables can be read without revealing a number.

export interface NumberKey {
  e164: string;
  hash: string;
  masked: string;
}

export function numberKey(ctx: ComplianceContext, raw: string): NumberKey {
  const e164 = normalizePhone(raw);
  return { e164, hash: ctx.cipher.hash(e164), masked: maskPhone(e164) };
}

export interface DncView {
  id: string;
  list: DncList;
  phoneMasked: string;
  reason: string | null;
  source: string;
  createdAt: number;
}

const dncView = (r: DncEntryTable): DncView => ({
  id: r.id,
  list: r.list,
  phoneMasked: r.phone_masked,
  reason: r.reason,
  source: r.source,
  createdAt: r.created_at,
});

/** Adds a number to a list; adding it again keeps the first entry. */
export async function addDnc(
  ctx: ComplianceContext,
  input: {
    tenantId: string;
    phone: string;
    list?: DncList;
    reason?: string;
    source?: string;
    createdBy?: string;
    at?: number;
  },
): Promise<DncView> {
  const key = numberKey(ctx, input.phone);
  const db = complianceDb(ctx.db);
  const list = input.list ?? 'tenant';
  await db
    .insertInto('dnc_entries')
    .values({
      id: newId('dnc'),
      tenant_id: input.tenantId,
      list,
      phone_hash: key.hash,
      phone_masked: key.masked,
      reason: input.reason ?? null,
      source: input.source ?? 'manual',
      created_by: input.createdBy ?? null,
      created_at: input.at ?? ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'list', 'phone_hash']).doNothing())
    .execute();
  const row = await db
    .selectFrom('dnc_entries')
    .selectAll()
    .where('tenant_id', '=', input.tenantId)
    .where('list', '=', list)
    .where('phone_hash', '=', key.hash)
    .executeTakeFirstOrThrow();
  return dncView(row);
}

export async function removeDnc(
  ctx: ComplianceContext,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const result = await complianceDb(ctx.db)
    .deleteFrom('dnc_entries')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listDnc(
  ctx: ComplianceContext,
  query: { tenantId: string; list?: DncList; phone?: string; page?: number; pageSize?: number },
): Promise<{ items: DncView[]; total: number }> {
  const db = complianceDb(ctx.db);
  let q = db.selectFrom('dnc_entries').where('tenant_id', '=', query.tenantId);
  if (query.list) q = q.where('list', '=', query.list);
  if (query.phone) q = q.where('phone_hash', '=', numberKey(ctx, query.phone).hash);
  const pageSize = Math.min(500, Math.max(1, query.pageSize ?? 50));
  const page = Math.max(1, query.page ?? 1);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(dncView), total: Number(count.n) };
}

export interface DncImportReport {
  list: DncList;
  lines: number;
  inserted: number;
  duplicates: number;
  invalid: { line: number; value: string }[];
}

/**
 * Imports a list: one number per line (or comma / semicolon separated; a header line or any
 * other text that is not a number is reported as invalid, not fatal). Numbers already on the
 * list count as duplicates; importing the same file twice inserts nothing.
 */
export async function importDnc(
  ctx: ComplianceContext,
  input: { tenantId: string; list: DncList; text: string; source?: string; createdBy?: string },
): Promise<DncImportReport> {
  const at = ctx.clock.now();
  const invalid: { line: number; value: string }[] = [];
  const seen = new Map<string, string>();
  const lines = input.text.split(/\r?\n/);
  let duplicates = 0;
  lines.forEach((line, i) => {
    for (const cell of line.split(/[,;\t]/)) {
      const value = cell.trim().replace(/^"|"$/g, '');
      if (value === '') continue;
      const e164 = tryNormalizePhone(value);
      if (!e164) {
        invalid.push({ line: i + 1, value: value.slice(0, 40) });
        continue;
      }
      const hash = ctx.cipher.hash(e164);
      if (seen.has(hash)) duplicates++;
      else seen.set(hash, maskPhone(e164));
    }
  });
  const db = complianceDb(ctx.db);
  const entries = [...seen];
  let inserted = 0;
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const result = await db
      .insertInto('dnc_entries')
      .values(
        chunk.map(([hash, masked]) => ({
          id: newId('dnc'),
          tenant_id: input.tenantId,
          list: input.list,
          phone_hash: hash,
          phone_masked: masked,
          reason: null,
          source: input.source ?? 'import',
          created_by: input.createdBy ?? null,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['tenant_id', 'list', 'phone_hash']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  duplicates += entries.length - inserted;
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  return { list: input.list, lines: nonEmpty, inserted, duplicates, invalid };
}

export interface OptOutView {
  id: string;
  phoneMasked: string;
  channel: OptOutChannel;
  detail: string | null;
  callId: string | null;
  campaignId: string | null;
  at: number;
}

const optOutView = (r: OptOutTable): OptOutView => ({
  id: r.id,
  phoneMasked: r.phone_masked,
  channel: r.channel,
  detail: r.detail,
  callId: r.call_id,
  campaignId: r.campaign_id,
  at: r.at,
});

export interface OptOutInput {
  tenantId: string;
  phone: string;
  at: number;
  callId?: string;
  campaignId?: string;
  recordedBy?: string;
}

export async function recordOptOut(
  ctx: ComplianceContext,
  input: OptOutInput & { channel: OptOutChannel; detail?: string },
): Promise<OptOutView> {
  const key = numberKey(ctx, input.phone);
  const row: OptOutTable = {
    id: newId('opt'),
    tenant_id: input.tenantId,
    phone_hash: key.hash,
    phone_masked: key.masked,
    channel: input.channel,
    detail: input.detail ?? null,
    call_id: input.callId ?? null,
    campaign_id: input.campaignId ?? null,
    recorded_by: input.recordedBy ?? null,
    at: input.at,
  };
  await complianceDb(ctx.db).insertInto('opt_outs').values(row).execute();
  return optOutView(row);
}

/** The agent chose an opt-out disposition ("客户要求不再来电") on a call. */
export const recordDispositionOptOut = (
  ctx: ComplianceContext,
  input: OptOutInput & { disposition: string },
): Promise<OptOutView> =>
  recordOptOut(ctx, { ...input, channel: 'agent', detail: input.disposition });

/** The callee pressed the opt-out key in the IVR. */
export const recordIvrOptOut = (
  ctx: ComplianceContext,
  input: OptOutInput & { key: string },
): Promise<OptOutView> =>
  recordOptOut(ctx, { ...input, channel: 'ivr', detail: `key ${input.key}` });

const OPT_OUT_REPLIES = new Set(['退订', 'TD', 'T', 'N', '取消', '退出', 'STOP', 'UNSUBSCRIBE']);

/** Whether an SMS reply asks to opt out: 退订 / TD (the usual "回复TD退订"), T, STOP … */
export function isOptOutReply(text: string): boolean {
  const normalized = text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toUpperCase();
  return OPT_OUT_REPLIES.has(normalized) || normalized.startsWith('退订');
}

/** An SMS reply from the number: records an opt-out when it asks for one. */
export async function recordSmsReply(
  ctx: ComplianceContext,
  input: { tenantId: string; phone: string; text: string; at: number },
): Promise<{ optedOut: boolean; optOut?: OptOutView }> {
  if (!isOptOutReply(input.text)) return { optedOut: false };
  const optOut = await recordOptOut(ctx, {
    tenantId: input.tenantId,
    phone: input.phone,
    at: input.at,
    channel: 'sms',
    detail: input.text.slice(0, 70),
  });
  return { optedOut: true, optOut };
}

export async function listOptOuts(
  ctx: ComplianceContext,
  query: { tenantId: string; phone?: string; limit?: number },
): Promise<OptOutView[]> {
  let q = complianceDb(ctx.db)
    .selectFrom('opt_outs')
    .selectAll()
    .where('tenant_id', '=', query.tenantId);
  if (query.phone) q = q.where('phone_hash', '=', numberKey(ctx, query.phone).hash);
  const rows = await q
    .orderBy('at', 'desc')
    .limit(Math.min(500, query.limit ?? 100))
    .execute();
  return rows.map(optOutView);
}

export interface ConsentView {
  id: string;
  phoneMasked: string;
  channel: ConsentChannel;
  purpose: string;
  evidence: string | null;
  grantedAt: number;
  revokedAt: number | null;
  recordedBy: string | null;
}

const consentView = (r: ConsentTable): ConsentView => ({
  id: r.id,
  phoneMasked: r.phone_masked,
  channel: r.channel,
  purpose: r.purpose,
  evidence: r.evidence,
  grantedAt: r.granted_at,
  revokedAt: r.revoked_at,
  recordedBy: r.recorded_by,
});

/** Records that a number opted in: when, how, for what, and where the proof is. */
export async function recordConsent(
  ctx: ComplianceContext,
  input: {
    tenantId: string;
    phone: string;
    channel: ConsentChannel;
    purpose: string;
    evidence?: string;
    grantedAt: number;
    recordedBy?: string;
  },
): Promise<ConsentView> {
  const key = numberKey(ctx, input.phone);
  const row: ConsentTable = {
    id: newId('cns'),
    tenant_id: input.tenantId,
    phone_hash: key.hash,
    phone_masked: key.masked,
    channel: input.channel,
    purpose: input.purpose,
    evidence: input.evidence ?? null,
    granted_at: input.grantedAt,
    revoked_at: null,
    recorded_by: input.recordedBy ?? null,
    created_at: ctx.clock.now(),
  };
  await complianceDb(ctx.db).insertInto('consents').values(row).execute();
  return consentView(row);
}

export async function revokeConsent(
  ctx: ComplianceContext,
  input: { tenantId: string; id: string; at: number },
): Promise<boolean> {
  const result = await complianceDb(ctx.db)
    .updateTable('consents')
    .set({ revoked_at: input.at })
    .where('tenant_id', '=', input.tenantId)
    .where('id', '=', input.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type ContactStatus = 'do_not_call' | 'opted_out' | 'consented' | 'none';

export interface ContactPermissions {
  phoneMasked: string;
  status: ContactStatus;
  dnc: DncView[];
  optOuts: OptOutView[];
  consents: ConsentView[];
}

/**
 * What the agent sees for a number: the consent ledger, the opt-outs and the lists it is on. An
 * opt-out stands until a consent is granted after it; a DNC entry stands until removed.
 */
export async function contactPermissions(
  ctx: ComplianceContext,
  tenantId: string,
  phone: string,
): Promise<ContactPermissions> {
  const key = numberKey(ctx, phone);
  const db = complianceDb(ctx.db);
  const [dnc, optOuts, consents] = await Promise.all([
    db
      .selectFrom('dnc_entries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('phone_hash', '=', key.hash)
      .execute(),
    db
      .selectFrom('opt_outs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('phone_hash', '=', key.hash)
      .orderBy('at', 'desc')
      .execute(),
    db
      .selectFrom('consents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('phone_hash', '=', key.hash)
      .orderBy('granted_at', 'desc')
      .execute(),
  ]);
  return {
    phoneMasked: key.masked,
    status: contactStatus(dnc, optOuts, consents),
    dnc: dnc.map(dncView),
    optOuts: optOuts.map(optOutView),
    consents: consents.map(consentView),
  };
}

export function contactStatus(
  dnc: readonly { list: DncList }[],
  optOuts: readonly { at: number }[],
  consents: readonly { granted_at: number; revoked_at: number | null }[],
): ContactStatus {
  if (dnc.length > 0) return 'do_not_call';
  const lastOptOut = Math.max(-Infinity, ...optOuts.map((o) => o.at));
  const lastConsent = Math.max(
    -Infinity,
    ...consents.filter((c) => c.revoked_at === null).map((c) => c.granted_at),
  );
  if (lastOptOut > lastConsent) return 'opted_out';
  return lastConsent > -Infinity ? 'consented' : 'none';
}
