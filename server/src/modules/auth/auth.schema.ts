import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './password.ts';

export const ROLES = ['admin', 'supervisor', 'agent', 'auditor'] as const;
export const roleSchema = z.enum(ROLES);

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256);
const username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');

export const loginSchema = z.strictObject({
  /** Tenant id or name; the operator's default tenant when omitted. */
  tenant: z.string().trim().min(1).max(100).optional(),
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginInput = z.output<typeof loginSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});

export const createUserSchema = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100).optional(),
  password,
  role: roleSchema,
  teamId: z.string().min(1).max(64).nullable().optional(),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  password: password.optional(),
  role: roleSchema.optional(),
  teamId: z.string().min(1).max(64).nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const userQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(100).optional(),
  role: roleSchema.optional(),
  teamId: z.string().max(64).optional(),
});
export type UserQuery = z.output<typeof userQuerySchema>;
