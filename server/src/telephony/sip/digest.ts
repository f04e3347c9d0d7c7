// HTTP Digest for SIP (RFC 3261 §22, RFC 2617 §3.2.2 qop=auth, RFC 7616 SHA-256): challenge
// parsing, response computation (client) and stateless, time-limited nonces (server).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  stale?: boolean;
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  cnonce?: string;
  nc?: string;
  qop?: string;
  opaque?: string;
}

/** Parses `Digest a=b, c="d"` into lowercase-keyed values (RFC 2617 §1.2 auth-param list). */
export function parseAuthParams(value: string): { scheme: string; params: Record<string, string> } {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  const rest = space < 0 ? '' : trimmed.slice(space);
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    const key = (m[1] ?? '').toLowerCase();
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return { scheme, params };
}

function algorithmOf(text: string | undefined): DigestAlgorithm | undefined {
  const a = (text ?? 'MD5').toUpperCase();
  return a === 'MD5' ? 'MD5' : a === 'SHA-256' ? 'SHA-256' : undefined;
}

export function parseChallenge(value: string): DigestChallenge | undefined {
  const { scheme, params } = parseAuthParams(value);
  const algorithm = algorithmOf(params.algorithm);
  if (scheme.toLowerCase() !== 'digest' || !params.realm || !params.nonce || !algorithm) {
    return undefined;
  }
  const c: DigestChallenge = { realm: params.realm, nonce: params.nonce, algorithm };
  if (params.opaque !== undefined) c.opaque = params.opaque;
  if (params.qop !== undefined) c.qop = params.qop;
  if (params.stale !== undefined) c.stale = params.stale.toLowerCase() === 'true';
  return c;
}

export function parseCredentials(value: string): DigestCredentials | undefined {
  const { scheme, params } = parseAuthParams(value);
  const algorithm = algorithmOf(params.algorithm);
  const { username, realm, nonce, uri, response } = params;
  if (scheme.toLowerCase() !== 'digest' || !algorithm) return undefined;
  if (username === undefined || realm === undefined || !nonce || !uri || !response)
    return undefined;
  const c: DigestCredentials = { username, realm, nonce, uri, response, algorithm };
  if (params.cnonce !== undefined) c.cnonce = params.cnonce;
  if (params.nc !== undefined) c.nc = params.nc;
  if (params.qop !== undefined) c.qop = params.qop;
  if (params.opaque !== undefined) c.opaque = params.opaque;
  return c;
}

const hash = (algorithm: DigestAlgorithm, text: string): string =>
  createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

/** HA1 = H(user:realm:password) — what a credential store may keep instead of the password. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  user: string,
  realm: string,
  password: string,
): string {
  return hash(algorithm, `${user}:${realm}:${password}`);
}

/** RFC 2617 §3.2.2.1 request-digest (qop=auth, or the RFC 2069 form without qop). */
export function digestResponse(input: {
  algorithm: DigestAlgorithm;
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string | undefined;
  nc?: string | undefined;
  cnonce?: string | undefined;
}): string {
  const ha2 = hash(input.algorithm, `${input.method}:${input.uri}`);
  if (input.qop === 'auth') {
    return hash(
      input.algorithm,
      `${input.ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:auth:${ha2}`,
    );
  }
  return hash(input.algorithm, `${input.ha1}:${input.nonce}:${ha2}`);
}

/** Client side (§22.2, §22.3): the Authorization / Proxy-Authorization value for a challenge. */
export function buildAuthorization(
  challenge: DigestChallenge,
  auth: { username: string; password: string },
  method: string,
  uri: string,
  nc = 1,
): string {
  const ha1 = digestHa1(challenge.algorithm, auth.username, challenge.realm, auth.password);
  const qop = challenge.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const cnonce = qop ? randomBytes(8).toString('hex') : undefined;
  const ncText = nc.toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm: challenge.algorithm,
    ha1,
    method,
    uri,
    nonce: challenge.nonce,
    qop,
    nc: ncText,
    cnonce,
  });
  let out = `Digest username="${auth.username}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", response="${response}", algorithm=${challenge.algorithm}`;
  if (qop) out += `, qop=auth, nc=${ncText}, cnonce="${cnonce}"`;
  if (challenge.opaque !== undefined) out += `, opaque="${challenge.opaque}"`;
  return out;
}

/**
 * Server-side nonces that need no storage: `<issued-ms>.<hmac>`; valid for `lifetimeMs`
 * (RFC 7616 §3.3 lets the server choose the nonce format).
 */
export class NonceManager {
  private readonly secret = randomBytes(32);
  constructor(private readonly lifetimeMs = 300_000) {}

  create(now: number): string {
    const issued = now.toString(36);
    return `${issued}.${this.mac(issued)}`;
  }

  /** 'valid', 'stale' (well-formed but expired → stale=true, §22.1) or 'invalid'. */
  check(nonce: string, now: number): 'valid' | 'stale' | 'invalid' {
    const dot = nonce.indexOf('.');
    if (dot <= 0) return 'invalid';
    const issued = nonce.slice(0, dot);
    const mac = Buffer.from(nonce.slice(dot + 1));
    const expected = Buffer.from(this.mac(issued));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return 'invalid';
    const age = now - parseInt(issued, 36);
    return age >= 0 && age <= this.lifetimeMs ? 'valid' : 'stale';
  }

  private mac(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 22);
  }
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}
