import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildAuthorization,
  digestHa1,
  digestResponse,
  NonceManager,
  parseChallenge,
  parseCredentials,
} from './digest.ts';
import { parseMessage } from './parser.ts';

describe('digest (RFC 2617 / 7616)', () => {
  it('reproduces the response baresip computed for password "secret" (captured REGISTER)', () => {
    const raw = readFileSync(
      new URL('../../../test/fixtures/sip/baresip-register-auth.sip', import.meta.url),
    );
    const parsed = parseMessage(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    const c = parseCredentials(parsed.message.headers.get('Authorization')!)!;
    expect(c).toMatchObject({
      username: 'alice',
      realm: 'yunhu',
      nonce: 'abc123',
      qop: 'auth',
      nc: '00000001',
    });
    const ha1 = digestHa1('MD5', 'alice', 'yunhu', 'secret');
    const expected = digestResponse({
      algorithm: 'MD5',
      ha1,
      method: 'REGISTER',
      uri: c.uri,
      nonce: c.nonce,
      qop: c.qop,
      nc: c.nc,
      cnonce: c.cnonce,
    });
    expect(expected).toBe('89c4fc4a9b151c6599a96495b0972110');
    expect(c.response).toBe(expected);
    const wrong = digestResponse({
      algorithm: 'MD5',
      ha1: digestHa1('MD5', 'alice', 'yunhu', 'Secret'),
      method: 'REGISTER',
      uri: c.uri,
      nonce: c.nonce,
      qop: c.qop,
      nc: c.nc,
      cnonce: c.cnonce,
    });
    expect(wrong).not.toBe(c.response);
  });

  it('matches the RFC 2617 §3.5 example (Mufasa / Circle Of Life)', () => {
    const ha1 = digestHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    expect(
      digestResponse({
        algorithm: 'MD5',
        ha1,
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('builds an Authorization the parser reads back and that verifies', () => {
    const ch = parseChallenge(
      'Digest realm="trunk", nonce="n1", qop="auth,auth-int", opaque="op", algorithm=MD5',
    )!;
    const value = buildAuthorization(ch, { username: 'u', password: 'p' }, 'INVITE', 'sip:x@y');
    const c = parseCredentials(value)!;
    expect(c).toMatchObject({ realm: 'trunk', opaque: 'op', qop: 'auth', uri: 'sip:x@y' });
    const ha1 = digestHa1('MD5', 'u', 'trunk', 'p');
    expect(c.response).toBe(
      digestResponse({
        algorithm: 'MD5',
        ha1,
        method: 'INVITE',
        uri: 'sip:x@y',
        nonce: 'n1',
        qop: 'auth',
        nc: c.nc,
        cnonce: c.cnonce,
      }),
    );
  });

  it('nonces are valid within their lifetime, stale after, invalid when forged', () => {
    const nm = new NonceManager(1000);
    const n = nm.create(5000);
    expect(nm.check(n, 5500)).toBe('valid');
    expect(nm.check(n, 7000)).toBe('stale');
    expect(
      nm.check(
        n.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
        5500,
      ),
    ).toBe('invalid');
    expect(nm.check('abc123', 5500)).toBe('invalid');
  });
});
