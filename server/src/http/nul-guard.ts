import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../platform/index.ts';

// PostgreSQL text cannot hold U+0000: a team named "a\u0000b" was stored on SQLite and a 500 on
// PostgreSQL. Every JSON body and query is checked once, before validation, so both databases
// answer the same 400 naming the field.

/** Dotted path of the first string (or key) holding a NUL, or null. Iterative: bodies can nest deep. */
export function findNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const where = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) return where;
        stack.push([child, where]);
      }
    }
  }
  return null;
}

export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const where = findNul(request.body) ?? findNul(request.query);
    if (where === null) {
      done();
      return;
    }
    done(
      invalidInput('request.nul', 'Text may not contain a NUL (\\u0000) character', {
        where: where || 'body',
      }),
    );
  });
}
