import { z } from 'zod';
import type { Role } from '../../db/index.ts';

/** Who is acting: every CRM query is scoped by tenantId, and leads also by role and owner. */
export interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Admins and supervisors see phone numbers in clear (and each such read is audited). */
export const canSeePhone = (role: Role): boolean => role === 'admin' || role === 'supervisor';

export const pagingShape = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().min(1).max(200).optional(),
};

export const offsetOf = (q: { page: number; pageSize: number }): number =>
  (q.page - 1) * q.pageSize;

export const parseJson = (text: string | null): Record<string, unknown> => {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

/** Case-insensitive LIKE pattern (compare with lower(column)); % and _ keep their meaning. */
export const likePattern = (q: string): string => `%${q.toLowerCase()}%`;
