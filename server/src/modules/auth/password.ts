import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// argon2id with OWASP's first recommended setting (19 MiB, t=2, p=1): about 40 ms per hash on
// a 2-core machine. The library default (64 MiB, t=3, p=4) took ~350 ms there and ties up every
// core during a burst of agent logins at shift start; guessing is also held back by the login
// rate limit. verify() reads the parameters from the stored hash, so they can be raised later.
const HASH_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

// Letters and digits without look-alikes (0/O, 1/l/I), so a printed password can be retyped.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters (default 16, ≈ 92 bits). */
export function generatePassword(length = 16): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte >= Math.floor(256 / ALPHABET.length) * ALPHABET.length) continue;
    out += ALPHABET[byte % ALPHABET.length];
    if (out.length === length) return out;
  }
  return out + generatePassword(length - out.length);
}

export const MIN_PASSWORD_LENGTH = 8;
