// SIP header storage (RFC 3261 §7.3): an ordered list of (name, value) pairs. Names are stored in
// their canonical long form so compact forms (§7.3.3) and case differences compare equal.

/** RFC 3261 §7.3.3 and later RFCs (3515 r/b, 3265 o/u, 4028 x, 3841 a/j/d). */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  r: 'Refer-To',
  b: 'Referred-By',
  o: 'Event',
  u: 'Allow-Events',
  x: 'Session-Expires',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
  y: 'Identity',
  n: 'Identity-Info',
};

const SPECIAL_CASE: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rack: 'RAck',
  rseq: 'RSeq',
};

const canonicalCache = new Map<string, string>();

/** Canonical spelling of a header name: compact forms expanded, Word-Case otherwise. */
export function canonicalName(raw: string): string {
  const lower = raw.toLowerCase();
  const cached = canonicalCache.get(lower);
  if (cached !== undefined) return cached;
  const name =
    COMPACT[lower] ??
    SPECIAL_CASE[lower] ??
    lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
  if (canonicalCache.size < 1000) canonicalCache.set(lower, name);
  return name;
}

/**
 * Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), so that `Via: a, b` is two
 * values. Authorization-style headers also contain commas but are single values.
 */
const LIST_HEADERS = new Set([
  'Via',
  'Route',
  'Record-Route',
  'Contact',
  'Allow',
  'Supported',
  'Require',
  'Proxy-Require',
  'Unsupported',
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Allow-Events',
  'Path',
  'Service-Route',
]);

/** Splits on commas that are outside quoted strings and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depthAngle = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (quoted) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) quoted = false;
    } else if (ch === 0x22) quoted = true;
    else if (ch === 0x3c) depthAngle++;
    else if (ch === 0x3e) depthAngle = Math.max(0, depthAngle - 1);
    else if (ch === 0x2c && depthAngle === 0) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}

export interface HeaderEntry {
  name: string;
  value: string;
}

export class SipHeaders {
  readonly entries: HeaderEntry[] = [];

  constructor(entries: Iterable<HeaderEntry> = []) {
    for (const e of entries) this.entries.push({ name: canonicalName(e.name), value: e.value });
  }

  clone(): SipHeaders {
    return new SipHeaders(this.entries);
  }

  /** First value of a header (first list element for list headers). */
  get(name: string): string | undefined {
    return this.getAll(name)[0];
  }

  /** Every value, list headers split on commas, in message order. */
  getAll(name: string): string[] {
    const canonical = canonicalName(name);
    const out: string[] = [];
    for (const e of this.entries) {
      if (e.name !== canonical) continue;
      if (LIST_HEADERS.has(canonical)) out.push(...splitList(e.value));
      else out.push(e.value);
    }
    return out;
  }

  has(name: string): boolean {
    const canonical = canonicalName(name);
    return this.entries.some((e) => e.name === canonical);
  }

  add(name: string, value: string): this {
    this.entries.push({ name: canonicalName(name), value });
    return this;
  }

  /** Adds a value before every existing value of that header (used for Via, §16.6 step 8). */
  prepend(name: string, value: string): this {
    const canonical = canonicalName(name);
    const index = this.entries.findIndex((e) => e.name === canonical);
    if (index < 0) this.entries.push({ name: canonical, value });
    else this.entries.splice(index, 0, { name: canonical, value });
    return this;
  }

  /** Replaces all values of a header with one value, keeping the position of the first. */
  set(name: string, value: string): this {
    const canonical = canonicalName(name);
    const index = this.entries.findIndex((e) => e.name === canonical);
    this.remove(canonical);
    if (index < 0) this.entries.push({ name: canonical, value });
    else this.entries.splice(index, 0, { name: canonical, value });
    return this;
  }

  remove(name: string): this {
    const canonical = canonicalName(name);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]?.name === canonical) this.entries.splice(i, 1);
    }
    return this;
  }

  /** Removes the first list value of a header (e.g. the top Via or Route). */
  shift(name: string): string | undefined {
    const canonical = canonicalName(name);
    const index = this.entries.findIndex((e) => e.name === canonical);
    if (index < 0) return undefined;
    const entry = this.entries[index];
    if (!entry) return undefined;
    const parts = LIST_HEADERS.has(canonical) ? splitList(entry.value) : [entry.value];
    const first = parts.shift();
    if (parts.length === 0) this.entries.splice(index, 1);
    else entry.value = parts.join(', ');
    return first;
  }
}
