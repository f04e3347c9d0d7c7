import { z } from 'zod';
import { pagingShape } from './crm.types.ts';
import { jsonObject } from './json-object.ts';

const attributes = jsonObject;

const customerFields = z.strictObject({
  name: z.string().trim().min(1).max(100).nullable().optional(),
  /** Any common writing of the number; stored as E.164 (default region CN). */
  phone: z.string().trim().min(3).max(40).nullable().optional(),
  attributes: attributes.optional(),
  externalRef: z.string().trim().min(1).max(100).nullable().optional(),
});

/** A customer with neither a number nor a name is an empty row nobody can call or find. */
export const customerCreateSchema = customerFields.refine((c) => Boolean(c.phone || c.name), {
  path: ['phone'],
  message: 'give a phone number or a name (both are empty)',
});
export type CustomerCreateInput = z.output<typeof customerCreateSchema>;

export const customerPatchSchema = customerFields.partial();
export type CustomerPatchInput = z.output<typeof customerPatchSchema>;

export const customerQuerySchema = z.object({
  ...pagingShape,
  province: z.string().max(50).optional(),
  city: z.string().max(50).optional(),
  carrier: z.string().max(50).optional(),
});
export type CustomerQuery = z.output<typeof customerQuerySchema>;
