import { z } from 'zod';
import { isSealed } from '../../platform/index.ts';

// Free-form JSON columns (customer attributes): a body nested 100,000 levels deep passed a bare
// z.record and then overflowed the stack in JSON.stringify (a 500), and 5 MB fit in one row.
export const MAX_JSON_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 20;

function depthWithin(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (limit === 0) return false;
  return Object.values(value).every((v) => depthWithin(v, limit - 1));
}

export const jsonObject = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  if (!depthWithin(v, MAX_JSON_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: `must nest at most ${MAX_JSON_DEPTH} levels` });
  } else if (Buffer.byteLength(JSON.stringify(v)) > MAX_JSON_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `must be at most ${MAX_JSON_BYTES / 1024} KB as JSON`,
    });
  }
});

const SECRET_KEY = /^(password|secret|token)$/i;

/**
 * A copy with the values of keys named password, secret or token replaced by "***": campaign
 * settings carry the SIP trunk's password, and GET /api/campaigns showed it to every role.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) && v !== null && v !== '' ? '***' : redactSecrets(v, depth + 1),
    ]),
  );
}

/**
 * A copy with the string values of the same keys sealed by `seal` (campaign settings via the
 * plain CRUD route carry the trunk password; the dialer opens it for the SIP client only).
 * A "***" sent back from a read keeps the value at the same place in `prior` (the stored JSON).
 */
export function sealSecrets(
  value: unknown,
  seal: (plain: string) => string,
  prior?: unknown,
  depth = 0,
): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return value;
  const before = (k: string | number): unknown =>
    prior !== null && typeof prior === 'object' ? (prior as Record<string, unknown>)[k] : undefined;
  if (Array.isArray(value)) return value.map((v, i) => sealSecrets(v, seal, before(i), depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!SECRET_KEY.test(k) || typeof v !== 'string' || v === '' || isSealed(v)) {
        return [k, sealSecrets(v, seal, before(k), depth + 1)];
      }
      const kept = before(k);
      if (v === '***' && typeof kept === 'string' && kept !== '') {
        return [k, isSealed(kept) ? kept : seal(kept)];
      }
      return [k, seal(v)];
    }),
  );
}
