import { z } from 'zod';
import { pagingShape } from './crm.types.ts';
import { jsonObject } from './json-object.ts';

const attributes = jsonObject;

export const customerCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).nullable().optional(),
  /** Any common writing of the number; stored as E.164 (default region CN). */
  phone: z.string().trim().min(3).max(40).nullable().optional(),
  attributes: attributes.optional(),
  externalRef: z.string().trim().min(1).max(100).nullable().optional(),
});
export type CustomerCreateInput = z.output<typeof customerCreateSchema>;

export const customerPatchSchema = customerCreateSchema.partial();
export type CustomerPatchInput = z.output<typeof customerPatchSchema>;

export const customerQuerySchema = z.object({
  ...pagingShape,
  province: z.string().max(50).optional(),
  city: z.string().max(50).optional(),
  carrier: z.string().max(50).optional(),
});
export type CustomerQuery = z.output<typeof customerQuerySchema>;
