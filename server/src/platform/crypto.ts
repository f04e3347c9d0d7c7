import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

// Personal fields (phone numbers, names) are sealed with AES-256-GCM before they are stored and
// looked up by a keyed hash, so a copy of the database alone reveals no numbers. The prefix lets
// the encryption_compliance scan tell sealed values from plain ones.
export const SEALED_PREFIX = 'enc:v1:';

export interface FieldCipher {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Deterministic keyed hash for equality look-ups (dedupe, DNC, frequency caps). */
  hash(plain: string): string;
}

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('field cipher key must be 32 bytes');
  const hashKey = createHmac('sha256', key).update('yunhu-lookup-hash').digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!sealed.startsWith(SEALED_PREFIX)) return sealed;
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(plain) {
      return createHmac('sha256', hashKey).update(plain).digest('base64url').slice(0, 32);
    },
  };
}

export const isSealed = (value: string | null | undefined): boolean =>
  typeof value === 'string' && value.startsWith(SEALED_PREFIX);

/** 13812345678 → 138****5678; shorter numbers keep their last 4 digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return '****';
}
