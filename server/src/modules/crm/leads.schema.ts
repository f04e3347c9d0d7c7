import { z } from 'zod';
import { pagingShape } from './crm.types.ts';

export const intentLevelSchema = z.enum(['high', 'medium', 'low']);
const id = z.string().min(1).max(64);

export const leadCreateSchema = z.strictObject({
  customerId: id,
  campaignId: id.nullable().optional(),
  /** Admins and supervisors: default public. Agents: their own private lead. */
  pool: z.enum(['public', 'private']).optional(),
  ownerUserId: id.nullable().optional(),
  source: z.string().trim().min(1).max(50).default('manual'),
  status: z.string().trim().min(1).max(50).default('new'),
  intentLevel: intentLevelSchema.nullable().optional(),
});
export type LeadCreateInput = z.output<typeof leadCreateSchema>;

export const leadPatchSchema = z.strictObject({
  campaignId: id.nullable().optional(),
  status: z.string().trim().min(1).max(50).optional(),
  intentLevel: intentLevelSchema.nullable().optional(),
});
export type LeadPatchInput = z.output<typeof leadPatchSchema>;

export const leadAssignSchema = z.strictObject({ userId: id });

export const leadQuerySchema = z.object({
  ...pagingShape,
  pool: z.enum(['public', 'private']).optional(),
  /** "me" or a user id. */
  owner: z.string().min(1).max(64).optional(),
  status: z.string().max(50).optional(),
  intentLevel: intentLevelSchema.optional(),
  campaignId: id.optional(),
  customerId: id.optional(),
});
export type LeadQuery = z.output<typeof leadQuerySchema>;
