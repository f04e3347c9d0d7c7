import { z } from 'zod';
import { invalidInput } from '../../platform/index.ts';
import { jsonObject } from './json-object.ts';
import type { ResourceSpec, Row } from './resource.types.ts';

// Field lists of the plainer CRM objects. Roles: auditors only read; agents record their work
// (follow-ups, deals, tickets, complaints, surveys, tags); structure (teams, agents, campaigns)
// belongs to admins and supervisors.

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.number().int().min(0);
const WORKERS = ['admin', 'supervisor', 'agent'] as const;
const MANAGERS = ['admin', 'supervisor'] as const;
const ADMIN = ['admin'] as const;

/** Fills `column` with now when `when(row)` holds and the stored and new values are empty. */
const stampWhen =
  (column: string, when: (merged: Row) => boolean) =>
  (row: Row, { now, current }: { now: number; current?: Row }) => {
    const merged = { ...current, ...row };
    if (when(merged) && merged[column] == null) row[column] = now;
  };

export const followUps: ResourceSpec = {
  path: 'follow-ups',
  table: 'follow_ups',
  idPrefix: 'fu',
  label: 'follow-up',
  timeColumn: 'at',
  writeRoles: WORKERS,
  deleteRoles: MANAGERS,
  fields: {
    customerId: {
      column: 'customer_id',
      schema: id,
      required: true,
      ref: 'customers',
      filter: true,
    },
    leadId: { column: 'lead_id', schema: id, ref: 'leads', filter: true },
    userId: { column: 'user_id', schema: id, ref: 'users', filter: true },
    callId: { column: 'call_id', schema: id, ref: 'call_records' },
    channel: { column: 'channel', schema: text(20), default: 'phone', filter: true },
    note: { column: 'note', schema: text(2000), search: true },
    at: { column: 'at', schema: instant },
    nextAt: { column: 'next_at', schema: instant },
  },
  beforeWrite(row, { actor, now, current }) {
    if (current) return;
    row.at ??= now;
    row.user_id ??= actor.userId;
  },
};

export const deals: ResourceSpec = {
  path: 'deals',
  table: 'deals',
  idPrefix: 'd',
  label: 'deal',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: WORKERS,
  deleteRoles: MANAGERS,
  fields: {
    customerId: {
      column: 'customer_id',
      schema: id,
      required: true,
      ref: 'customers',
      filter: true,
    },
    leadId: { column: 'lead_id', schema: id, ref: 'leads', filter: true },
    callId: { column: 'call_id', schema: id, ref: 'call_records' },
    amount: { column: 'amount', schema: z.number().min(0).max(1e12), required: true },
    currency: {
      column: 'currency',
      schema: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY'),
      default: 'CNY',
    },
    stage: { column: 'stage', schema: text(30), default: 'open', filter: true },
    closedWonAt: { column: 'closed_won_at', schema: instant },
    externalRef: { column: 'external_ref', schema: text(100), unique: true, search: true },
  },
  // A deal moved to "won" without a time was won now (deal conversion metrics need the time).
  beforeWrite: stampWhen('closed_won_at', (r) => r.stage === 'won'),
};

export const tickets: ResourceSpec = {
  path: 'tickets',
  table: 'tickets',
  idPrefix: 'tk',
  label: 'ticket',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: WORKERS,
  deleteRoles: MANAGERS,
  fields: {
    customerId: { column: 'customer_id', schema: id, ref: 'customers', filter: true },
    callId: { column: 'call_id', schema: id, ref: 'call_records' },
    subject: { column: 'subject', schema: text(200), required: true, search: true },
    resolved: {
      column: 'resolved',
      schema: z.boolean(),
      default: false,
      kind: 'flag',
      filter: true,
    },
    firstContactResolution: {
      column: 'first_contact_resolution',
      schema: z.boolean(),
      default: false,
      kind: 'flag',
      filter: true,
    },
    resolvedAt: { column: 'resolved_at', schema: instant },
  },
  beforeWrite: stampWhen('resolved_at', (r) => r.resolved === 1),
};

export const complaints: ResourceSpec = {
  path: 'complaints',
  table: 'complaints',
  idPrefix: 'cp',
  label: 'complaint',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: WORKERS,
  deleteRoles: MANAGERS,
  fields: {
    customerId: { column: 'customer_id', schema: id, ref: 'customers', filter: true },
    callId: { column: 'call_id', schema: id, ref: 'call_records' },
    type: {
      column: 'type',
      schema: z.enum(['service', 'harassment', 'other']),
      required: true,
      filter: true,
    },
    callCenter: {
      column: 'call_center',
      schema: z.boolean(),
      default: true,
      kind: 'flag',
      filter: true,
    },
    note: { column: 'note', schema: text(2000), search: true },
  },
};

export const surveys: ResourceSpec = {
  path: 'surveys',
  table: 'survey_responses',
  idPrefix: 'sv',
  label: 'survey response',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: WORKERS,
  deleteRoles: MANAGERS,
  fields: {
    callId: { column: 'call_id', schema: id, ref: 'call_records', filter: true },
    customerId: { column: 'customer_id', schema: id, ref: 'customers', filter: true },
    channel: {
      column: 'channel',
      schema: z.enum(['ivr', 'sms', 'web']),
      required: true,
      filter: true,
    },
    csat: { column: 'csat', schema: z.number().int().min(1).max(5) },
    nps: { column: 'nps', schema: z.number().int().min(0).max(10) },
  },
  beforeWrite(row, { current }) {
    const merged = { ...current, ...row };
    if (merged.csat == null && merged.nps == null) {
      throw invalidInput('survey.empty', 'A survey response needs csat (1-5) or nps (0-10)', {
        where: 'csat',
      });
    }
  },
};

export const tags: ResourceSpec = {
  path: 'tags',
  table: 'tags',
  idPrefix: 'tg',
  label: 'tag',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: WORKERS,
  deleteRoles: WORKERS,
  fields: {
    customerId: {
      column: 'customer_id',
      schema: id,
      required: true,
      ref: 'customers',
      filter: true,
    },
    leadId: { column: 'lead_id', schema: id, ref: 'leads', filter: true },
    callId: { column: 'call_id', schema: id, ref: 'call_records' },
    kind: { column: 'kind', schema: z.enum(['intent', 'label']), default: 'label', filter: true },
    name: { column: 'name', schema: text(50), required: true, search: true, filter: true },
    level: { column: 'level', schema: z.enum(['high', 'medium', 'low']), filter: true },
  },
  beforeWrite(row, { current }) {
    const merged = { ...current, ...row };
    if (merged.kind === 'intent' && merged.level == null) {
      throw invalidInput('tag.level', 'An intent tag needs a level (high, medium or low)', {
        where: 'level',
      });
    }
  },
};

export const teams: ResourceSpec = {
  path: 'teams',
  table: 'teams',
  idPrefix: 'tm',
  label: 'team',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: ADMIN,
  deleteRoles: ADMIN,
  fields: {
    name: { column: 'name', schema: text(100), required: true, search: true, unique: true },
  },
};

export const agents: ResourceSpec = {
  path: 'agents',
  table: 'agents',
  idPrefix: 'ag',
  label: 'agent',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  readRoles: ['admin', 'supervisor', 'agent', 'auditor'],
  writeRoles: ADMIN,
  deleteRoles: ADMIN,
  fields: {
    userId: { column: 'user_id', schema: id, ref: 'users', filter: true, unique: true },
    name: { column: 'name', schema: text(100), required: true, search: true },
    extension: {
      column: 'extension',
      schema: z.string().regex(/^\d{2,8}$/, '2-8 digits'),
      filter: true,
      unique: true,
    },
    teamId: { column: 'team_id', schema: id, ref: 'teams', filter: true },
    skills: {
      column: 'skills',
      schema: z
        .array(z.strictObject({ skill: text(50), level: z.number().int().min(1).max(10) }))
        .max(50),
      default: [],
      kind: 'json',
    },
    sipPassword: { column: 'sip_password', schema: z.string().min(6).max(128), kind: 'secret' },
    externalRef: { column: 'external_ref', schema: text(100), unique: true, search: true },
  },
};

export const campaigns: ResourceSpec = {
  path: 'campaigns',
  table: 'campaigns',
  idPrefix: 'cm',
  label: 'campaign',
  timeColumn: 'created_at',
  createdColumn: 'created_at',
  writeRoles: MANAGERS,
  deleteRoles: MANAGERS,
  fields: {
    name: { column: 'name', schema: text(100), required: true, search: true },
    dialMode: {
      column: 'dial_mode',
      schema: z.enum(['preview', 'progressive', 'predictive', 'import']),
      default: 'preview',
      filter: true,
    },
    status: { column: 'status', schema: text(30), default: 'draft', filter: true },
    settings: {
      column: 'settings',
      schema: jsonObject,
      default: {},
      kind: 'json',
    },
    externalRef: { column: 'external_ref', schema: text(100), unique: true, search: true },
  },
};

export const RESOURCES: readonly ResourceSpec[] = [
  followUps,
  deals,
  tickets,
  complaints,
  surveys,
  tags,
  teams,
  agents,
  campaigns,
];
