// SIP URIs (RFC 3261 §19.1), name-addr / addr-spec (§20.10, §25.1) and header parameters.

export type Params = Record<string, string | null>;

export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Params;
  headers: Params;
}

export interface NameAddr {
  displayName?: string;
  uri: SipUri;
  /** Header parameters after the address (e.g. `tag`, `expires`, `lr` on Route is in uri). */
  params: Params;
}

/** Parses `;a=b;c` into a record (names lowercased, §19.1.4 says they compare case-insensitively). */
export function parseParams(text: string): Params {
  const params: Params = {};
  for (const part of splitOutsideQuotes(text, ';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) params[trimmed.toLowerCase()] = null;
    else params[trimmed.slice(0, eq).trim().toLowerCase()] = trimmed.slice(eq + 1).trim();
  }
  return params;
}

export function formatParams(params: Params): string {
  let out = '';
  for (const [k, v] of Object.entries(params)) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\\' && quoted) i++;
    else if (ch === sep && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Returns undefined for anything that is not a well-formed sip:, sips: or tel: URI. */
export function parseUri(text: string): SipUri | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return undefined;
  let rest = text.slice(colon + 1);
  let headers: Params = {};
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = {};
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) headers[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    rest = rest.slice(0, q);
  }
  const semi = rest.indexOf(';');
  const params = semi >= 0 ? parseParams(rest.slice(semi + 1)) : {};
  if (semi >= 0) rest = rest.slice(0, semi);
  if (scheme === 'tel') {
    if (!rest) return undefined;
    return { scheme, host: rest, params, headers, user: rest };
  }
  const uri: SipUri = { scheme, host: '', params, headers };
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pc = userinfo.indexOf(':');
    if (pc >= 0) {
      uri.user = userinfo.slice(0, pc);
      uri.password = userinfo.slice(pc + 1);
    } else uri.user = userinfo;
    if (!uri.user) return undefined;
  }
  let host = rest;
  let portText: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return undefined;
    portText = host[close + 1] === ':' ? host.slice(close + 2) : undefined;
    if (close + 1 < host.length && host[close + 1] !== ':') return undefined;
    host = host.slice(0, close + 1);
  } else {
    const pc = host.indexOf(':');
    if (pc >= 0) {
      portText = host.slice(pc + 1);
      host = host.slice(0, pc);
    }
  }
  if (!host || !/^[A-Za-z0-9.\-[\]:_]+$/.test(host)) return undefined;
  uri.host = host;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return undefined;
    const port = Number(portText);
    if (port > 65535) return undefined;
    uri.port = port;
  }
  return uri;
}

export function formatUri(uri: SipUri): string {
  if (uri.scheme === 'tel') return `tel:${uri.host}${formatParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  const headers = Object.entries(uri.headers);
  if (headers.length) out += '?' + headers.map(([k, v]) => `${k}=${v ?? ''}`).join('&');
  return out;
}

/**
 * name-addr or addr-spec (§20.10): with angle brackets the parameters after `>` belong to the
 * header; without them every parameter after the URI belongs to the header, not the URI.
 */
export function parseNameAddr(text: string): NameAddr | undefined {
  const value = text.trim();
  const lt = findUnquoted(value, '<');
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    if (gt < 0) return undefined;
    const uri = parseUri(value.slice(lt + 1, gt));
    if (!uri) return undefined;
    let display = value.slice(0, lt).trim();
    if (display.startsWith('"') && display.endsWith('"') && display.length >= 2) {
      display = display.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    const rest = value.slice(gt + 1).trim();
    const params = rest.startsWith(';') ? parseParams(rest.slice(1)) : {};
    const result: NameAddr = { uri, params };
    if (display) result.displayName = display;
    return result;
  }
  const semi = value.indexOf(';');
  const uri = parseUri(semi >= 0 ? value.slice(0, semi) : value);
  if (!uri) return undefined;
  return { uri, params: semi >= 0 ? parseParams(value.slice(semi + 1)) : {} };
}

function findUnquoted(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

export function formatNameAddr(addr: NameAddr): string {
  const display = addr.displayName ? `"${addr.displayName.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${display}<${formatUri(addr.uri)}>${formatParams(addr.params)}`;
}

export interface Via {
  protocol: string;
  transport: string;
  host: string;
  port?: number;
  params: Params;
}

/** `SIP/2.0/UDP host:port;branch=..;rport` (§20.42; rport is RFC 3581 §3). */
export function parseVia(text: string): Via | undefined {
  const m = /^\s*SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(;.*)?$/i.exec(text);
  if (!m) return undefined;
  const hostport = m[2] ?? '';
  const uri = parseUri(`sip:${hostport}`);
  if (!uri || uri.user !== undefined) return undefined;
  const via: Via = {
    protocol: 'SIP/2.0',
    transport: (m[1] ?? '').toUpperCase(),
    host: uri.host,
    params: m[3] ? parseParams(m[3].slice(1)) : {},
  };
  if (uri.port !== undefined) via.port = uri.port;
  return via;
}

export function formatVia(via: Via): string {
  const port = via.port !== undefined ? `:${via.port}` : '';
  return `SIP/2.0/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}

export interface CSeq {
  seq: number;
  method: string;
}

export function parseCSeq(text: string): CSeq | undefined {
  const m = /^\s*(\d{1,10})\s+([A-Za-z!%*_+`'~.-]+)\s*$/.exec(text);
  if (!m) return undefined;
  const seq = Number(m[1]);
  if (seq > 2 ** 31 - 1) return undefined; // §8.1.1.5: less than 2**31
  return { seq, method: m[2] ?? '' };
}
