// Registrar (RFC 3261 §10.3) with digest authentication (§22.4, RFC 2617 qop=auth / RFC 7616),
// expiry (§10.2.1.1, 423 + Min-Expires), unregister (`Contact: *`, §10.2.2) and per-source rate
// limiting of failures so that scanners cannot guess passwords.
import type { Logger } from '../../platform/index.ts';
import {
  digestHa1,
  digestResponse,
  NonceManager,
  parseCredentials,
  safeEqualHex,
} from './digest.ts';
import { contactUri, tagOf } from './dialog.ts';
import { createResponse } from './message.ts';
import type { IncomingRequest } from './stack.ts';
import type { Endpoint } from './transport.ts';
import { parseCSeq, parseNameAddr } from './uri.ts';

/** Telephony never reads the database: credentials come through this injected function. */
export type CredentialLookup = (
  realm: string,
  user: string,
) => Promise<{ password: string } | { ha1: string } | undefined>;

export interface Binding {
  user: string;
  /** Contact URI to send calls to. */
  contact: string;
  expiresAt: number;
  /** Where the REGISTER came from: the flow to use for NAT / WebSocket clients (RFC 5626 spirit). */
  source: Endpoint;
  callId: string;
  cseq: number;
  userAgent: string | undefined;
}

export interface RegistrarOptions {
  realm: string;
  lookupCredentials: CredentialLookup;
  now?: () => number;
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  /** Failed attempts per source address within `failureWindowMs` before it is ignored. */
  failureLimit?: number;
  failureWindowMs?: number;
  logger?: Logger;
  onChange?: (user: string, bindings: Binding[]) => void;
}

export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly failures = new Map<string, number[]>();
  private readonly nonces = new NonceManager();
  private readonly now: () => number;
  stats = { challenged: 0, accepted: 0, rejected: 0, blocked: 0 };

  constructor(private readonly options: RegistrarOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Current bindings of a user (expired ones dropped). */
  lookup(user: string): Binding[] {
    const now = this.now();
    const list = (this.bindings.get(user) ?? []).filter((b) => b.expiresAt > now);
    if (list.length) this.bindings.set(user, list);
    else this.bindings.delete(user);
    return list;
  }

  isBlocked(address: string): boolean {
    const cutoff = this.now() - (this.options.failureWindowMs ?? 60_000);
    const recent = (this.failures.get(address) ?? []).filter((t) => t > cutoff);
    if (recent.length) this.failures.set(address, recent);
    else this.failures.delete(address);
    return recent.length >= (this.options.failureLimit ?? 10);
  }

  handle(incoming: IncomingRequest): void {
    this.handleAsync(incoming).catch((error: unknown) => {
      this.options.logger?.error({ err: error }, 'registrar: failed');
      incoming.respond(createResponse(incoming.request, 500, { toTag: 'r' }));
    });
  }

  private async handleAsync(incoming: IncomingRequest): Promise<void> {
    const { request, source } = incoming;
    const realm = this.options.realm;
    const reply = (status: number, extra: Array<[string, string]> = [], reason?: string) => {
      const r = createResponse(request, status, {
        toTag: tagOf(request.headers.get('To')) ?? 'reg',
        ...(reason ? { reason } : {}),
      });
      for (const [k, v] of extra) r.headers.add(k, v);
      incoming.respond(r);
    };
    if (this.isBlocked(source.address)) {
      // Scanner protection: no answer at all, so guessing gets no feedback (logged once per hit).
      this.stats.blocked++;
      this.options.logger?.warn(
        { source: source.address },
        'registrar: source blocked after failures',
      );
      return;
    }
    const to = parseNameAddr(request.headers.get('To') ?? '');
    const user = to?.uri.user;
    if (!to || !user) return reply(400, [], 'Bad Request (To)');
    const challenge = (stale: boolean) => {
      this.stats.challenged++;
      const nonce = this.nonces.create(this.now());
      reply(401, [
        [
          'WWW-Authenticate',
          `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ', stale=true' : ''}`,
        ],
      ]);
    };
    const authValue = request.headers.get('Authorization');
    const creds = authValue ? parseCredentials(authValue) : undefined;
    if (!creds || creds.realm !== realm) return challenge(false);
    const nonceState = this.nonces.check(creds.nonce, this.now());
    if (nonceState === 'stale') return challenge(true);
    const fail = (why: string) => {
      this.stats.rejected++;
      const list = this.failures.get(source.address) ?? [];
      list.push(this.now());
      this.failures.set(source.address, list);
      this.options.logger?.info(
        { user, source: source.address, why },
        'registrar: authentication failed',
      );
      reply(403, [], 'Forbidden');
    };
    if (nonceState === 'invalid') return fail('invalid nonce');
    if (creds.username !== user) return fail('username differs from To');
    const stored = await this.options.lookupCredentials(realm, creds.username);
    if (!stored) return fail('unknown user');
    const ha1 =
      'ha1' in stored
        ? stored.ha1
        : digestHa1(creds.algorithm, creds.username, realm, stored.password);
    const expected = digestResponse({
      algorithm: creds.algorithm,
      ha1,
      method: 'REGISTER',
      uri: creds.uri,
      nonce: creds.nonce,
      qop: creds.qop,
      nc: creds.nc,
      cnonce: creds.cnonce,
    });
    if (!safeEqualHex(expected, creds.response)) return fail('wrong response');
    this.stats.accepted++;
    this.update(incoming, user, reply);
  }

  private update(
    incoming: IncomingRequest,
    user: string,
    reply: (status: number, extra?: Array<[string, string]>, reason?: string) => void,
  ): void {
    const { request, source } = incoming;
    const now = this.now();
    const callId = request.headers.get('Call-ID') ?? '';
    const cseq = parseCSeq(request.headers.get('CSeq') ?? '')?.seq ?? 0;
    const headerExpires = request.headers.get('Expires');
    const contacts = request.headers.getAll('Contact');
    const min = this.options.minExpires ?? 60;
    const max = this.options.maxExpires ?? 3600;
    let list = this.lookup(user);
    if (contacts.length === 1 && contacts[0] === '*') {
      // §10.3 step 6: "*" is only valid with Expires: 0.
      if (headerExpires !== '0') return reply(400, [], 'Bad Request (Contact * needs Expires 0)');
      list = [];
    }
    for (const c of contacts) {
      if (c === '*') continue;
      const addr = parseNameAddr(c);
      if (!addr) return reply(400, [], 'Bad Request (Contact)');
      const uri = contactUri(c);
      const expiresText = addr.params.expires ?? headerExpires;
      let expires =
        expiresText === undefined || expiresText === null
          ? (this.options.defaultExpires ?? 3600)
          : Number(expiresText);
      if (!Number.isFinite(expires) || expires < 0) expires = this.options.defaultExpires ?? 3600;
      if (expires > 0 && expires < min) return reply(423, [['Min-Expires', String(min)]]);
      expires = Math.min(expires, max);
      const existing = list.find((b) => b.contact === uri);
      // §10.3 step 7: same Call-ID with a CSeq not higher → the request is out of order.
      if (existing && existing.callId === callId && cseq <= existing.cseq) continue;
      list = list.filter((b) => b.contact !== uri);
      if (expires > 0) {
        list.push({
          user,
          contact: uri,
          expiresAt: now + expires * 1000,
          source,
          callId,
          cseq,
          userAgent: request.headers.get('User-Agent'),
        });
      }
    }
    if (list.length) this.bindings.set(user, list);
    else this.bindings.delete(user);
    if (contacts.length) this.options.onChange?.(user, list);
    reply(200, [
      ...list.map((b): [string, string] => [
        'Contact',
        `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
      ]),
      ['Date', new Date(now).toUTCString()],
    ]);
  }
}
