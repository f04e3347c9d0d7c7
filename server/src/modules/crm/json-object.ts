import { z } from 'zod';

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
