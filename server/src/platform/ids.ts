import { randomBytes } from 'node:crypto';

// Time-sortable identifiers: 9 base36 chars of milliseconds + 12 random base36 chars, so ids
// created later sort later in both SQLite and PostgreSQL without a sequence.
const RANDOM_CHARS = 12;

export function newId(prefix = ''): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = randomBytes(RANDOM_CHARS);
  let random = '';
  for (const byte of bytes) random += (byte % 36).toString(36);
  return `${prefix}${time}${random}`;
}
