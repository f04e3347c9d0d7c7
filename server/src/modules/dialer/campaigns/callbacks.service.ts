import type { Kysely } from 'kysely';
import type { Database, Db } from '../../../db/index.ts';
import { conflict, invalidInput, newId, notFound } from '../../../platform/index.ts';
import { FINAL_STATES } from './retry.ts';

// Callbacks scheduled by agents on a campaign's list entry. Scheduling reopens the entry (even a
// 'reached' one: the customer asked to be called again) in state 'callback' with
// next_attempt_at = the due time. Once due, the runner dials it with the promising agent reserved
// when that agent is free; one still undialed CALLBACK_GRACE_MS after it was due goes to the
// pacing like any due entry, so that it reaches some agent rather than none.

export const CALLBACK_GRACE_MS = 10 * 60_000;

export const CALLBACK_STATUSES = ['scheduled', 'dialed', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export type CallbackTable = {
  id: string;
  tenant_id: string;
  campaign_id: string;
  entry_id: string;
  /** The user (agent) who promised the callback. */
  user_id: string;
  due_at: number;
  note: string | null;
  status: CallbackStatus;
  /** The entry's state and next attempt before the callback, restored on cancel. */
  prior_state: string;
  prior_next_attempt_at: number | null;
  created_at: number;
  cancelled_at: number | null;
};

type CallbackDb = Kysely<Database & { campaign_callbacks: CallbackTable }>;
const callbacksDb = (db: Db): CallbackDb =>
  db.kysely.withTables<{ campaign_callbacks: CallbackTable }>();

export interface CallbackView {
  id: string;
  campaignId: string;
  entryId: string;
  userId: string;
  dueAt: number;
  note: string | null;
  status: CallbackStatus;
  createdAt: number;
  /** The entry's state now ('callback' until dialed, then what the attempt made of it). */
  entryState: string | null;
  entryLastResult: string | null;
}

export interface ScheduleCallbackInput {
  tenantId: string;
  campaignId: string;
  entryId: string;
  userId: string;
  dueAt: number;
  note?: string | undefined;
  now: number;
}

export async function scheduleCallback(
  db: Db,
  input: ScheduleCallbackInput,
): Promise<CallbackView> {
  if (input.dueAt <= input.now) {
    throw invalidInput('callback.due_at', 'A callback must be due in the future', {
      where: 'dueAt',
    });
  }
  const k = callbacksDb(db);
  const entry = await k
    .selectFrom('campaign_entries')
    .select(['id', 'state', 'next_attempt_at'])
    .where('tenant_id', '=', input.tenantId)
    .where('campaign_id', '=', input.campaignId)
    .where('id', '=', input.entryId)
    .executeTakeFirst();
  if (!entry) {
    throw notFound(
      'callback.entry',
      `No entry "${input.entryId}" in campaign "${input.campaignId}"`,
    );
  }
  if (entry.state === 'blocked' || entry.state === 'invalid') {
    throw invalidInput(
      'callback.entry_closed',
      `Entry "${input.entryId}" is ${entry.state}: its number may not be called`,
      { where: 'entryId' },
    );
  }
  if (entry.state === 'dialing') {
    // The call's end would overwrite the entry: schedule in wrap-up, once the call has ended.
    throw conflict(
      'callback.entry_busy',
      `Entry "${input.entryId}" is being dialed; schedule the callback once the call has ended`,
    );
  }
  const standing = await k
    .selectFrom('campaign_callbacks')
    .select(['prior_state', 'prior_next_attempt_at'])
    .where('tenant_id', '=', input.tenantId)
    .where('entry_id', '=', input.entryId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  const row: CallbackTable = {
    id: newId('cb'),
    tenant_id: input.tenantId,
    campaign_id: input.campaignId,
    entry_id: input.entryId,
    user_id: input.userId,
    due_at: input.dueAt,
    note: input.note ?? null,
    status: 'scheduled',
    // Replacing a standing callback keeps the state from before the first one.
    prior_state: standing?.prior_state ?? entry.state,
    prior_next_attempt_at:
      standing?.prior_next_attempt_at ??
      (entry.next_attempt_at === null ? null : Number(entry.next_attempt_at)),
    created_at: input.now,
    cancelled_at: null,
  };
  await k.transaction().execute(async (tx) => {
    // One standing callback per entry: a new one replaces the old.
    await tx
      .updateTable('campaign_callbacks')
      .set({ status: 'cancelled', cancelled_at: input.now })
      .where('tenant_id', '=', input.tenantId)
      .where('entry_id', '=', input.entryId)
      .where('status', '=', 'scheduled')
      .execute();
    await tx.insertInto('campaign_callbacks').values(row).execute();
    await tx
      .updateTable('campaign_entries')
      .set({ state: 'callback', final: 0, final_at: null, next_attempt_at: input.dueAt })
      .where('tenant_id', '=', input.tenantId)
      .where('id', '=', input.entryId)
      .execute();
  });
  return toView(row, 'callback', null);
}

export async function listCallbacks(
  db: Db,
  query: { tenantId: string; userId?: string; campaignId?: string; status?: string },
): Promise<CallbackView[]> {
  let q = callbacksDb(db)
    .selectFrom('campaign_callbacks as c')
    .leftJoin('campaign_entries as e', (j) =>
      j.onRef('e.id', '=', 'c.entry_id').onRef('e.tenant_id', '=', 'c.tenant_id'),
    )
    .selectAll('c')
    .select(['e.state as entry_state', 'e.last_result as entry_last_result'])
    .where('c.tenant_id', '=', query.tenantId);
  if (query.userId) q = q.where('c.user_id', '=', query.userId);
  if (query.campaignId) q = q.where('c.campaign_id', '=', query.campaignId);
  if (query.status) q = q.where('c.status', '=', query.status as CallbackStatus);
  const rows = await q.orderBy('c.due_at').orderBy('c.id').limit(500).execute();
  return rows.map((r) => toView(r, r.entry_state, r.entry_last_result));
}

export async function cancelCallback(
  db: Db,
  tenantId: string,
  id: string,
  byUserId: string | null,
  now: number,
): Promise<void> {
  const k = callbacksDb(db);
  let q = k
    .selectFrom('campaign_callbacks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  // Agents may cancel only their own; someone else's is "not found", as for private leads.
  if (byUserId !== null) q = q.where('user_id', '=', byUserId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('callback.not_found', `No callback "${id}"`);
  if (row.status !== 'scheduled') return;
  await k.transaction().execute(async (tx) => {
    await tx
      .updateTable('campaign_callbacks')
      .set({ status: 'cancelled', cancelled_at: now })
      .where('id', '=', id)
      .execute();
    // The entry goes back to where it was, unless the callback was already dialed.
    const final = (FINAL_STATES as readonly string[]).includes(row.prior_state);
    await tx
      .updateTable('campaign_entries')
      .set({
        state: row.prior_state,
        final: final ? 1 : 0,
        final_at: final ? now : null,
        next_attempt_at: row.prior_next_attempt_at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.entry_id)
      .where('state', '=', 'callback')
      .execute();
  });
}

function toView(
  r: CallbackTable,
  entryState: string | null,
  entryLastResult: string | null,
): CallbackView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    entryId: r.entry_id,
    userId: r.user_id,
    dueAt: Number(r.due_at),
    note: r.note,
    status: r.status,
    createdAt: Number(r.created_at),
    entryState,
    entryLastResult,
  };
}

export interface DueCallback {
  id: string;
  /** The promising user's agent (agents.user_id). */
  agentId: string;
  entry: { id: string; customer_id: string; attempts: number };
}

/** Callbacks of a campaign due by `now` whose entry still waits for them, oldest first. */
export async function dueCallbacks(
  db: Db,
  tenantId: string,
  campaignId: string,
  now: number,
): Promise<DueCallback[]> {
  const rows = await callbacksDb(db)
    .selectFrom('campaign_callbacks as c')
    .innerJoin('agents as a', (j) =>
      j.onRef('a.user_id', '=', 'c.user_id').onRef('a.tenant_id', '=', 'c.tenant_id'),
    )
    .innerJoin('campaign_entries as e', (j) =>
      j.onRef('e.id', '=', 'c.entry_id').onRef('e.tenant_id', '=', 'c.tenant_id'),
    )
    .select(['c.id', 'a.id as agent_id', 'e.id as entry_id', 'e.customer_id', 'e.attempts'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.campaign_id', '=', campaignId)
    .where('c.status', '=', 'scheduled')
    .where('c.due_at', '<=', now)
    .where('e.state', '=', 'callback')
    .orderBy('c.due_at')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agentId: r.agent_id,
    entry: { id: r.entry_id, customer_id: r.customer_id, attempts: r.attempts },
  }));
}

export async function markCallbackDialed(db: Db, tenantId: string, id: string): Promise<void> {
  await callbacksDb(db)
    .updateTable('campaign_callbacks')
    .set({ status: 'dialed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
