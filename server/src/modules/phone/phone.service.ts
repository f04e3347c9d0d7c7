import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { invalidInput } from '../../platform/index.ts';

/**
 * Normalises a number as written by a person or a switch ("138 0013 8000", "010-12345678",
 * "+86 755 1234 5678", "008613800138000") to E.164. Numbers without a country code are read in
 * defaultRegion. Throws AppError phone.invalid naming the raw value when it is not a valid
 * number there.
 */
export function normalizePhone(raw: string, defaultRegion: string = 'CN'): string {
  const text = raw.trim();
  if (text === '') throw invalidInput('phone.empty', 'Phone number is empty');
  // International prefix 00 is common in Chinese exports; libphonenumber wants "+".
  const cleaned = text.replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion.toUpperCase() as CountryCode);
  if (!parsed?.isValid()) {
    throw invalidInput(
      'phone.invalid',
      `"${raw}" is not a valid phone number (default region ${defaultRegion})`,
    );
  }
  return parsed.number;
}

/** Like normalizePhone but returns null instead of throwing. */
export function tryNormalizePhone(raw: string, defaultRegion: string = 'CN'): string | null {
  try {
    return normalizePhone(raw, defaultRegion);
  } catch {
    return null;
  }
}
