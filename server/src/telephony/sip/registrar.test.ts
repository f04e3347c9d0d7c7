import { describe, expect, it } from 'vitest';
import { buildAuthorization, parseChallenge } from './digest.ts';
import { SipHeaders } from './headers.ts';
import { createRequest, type SipResponse } from './message.ts';
import { Registrar } from './registrar.ts';
import type { IncomingRequest } from './stack.ts';
import { createMockTransportPair } from './transport.ts';

const USERS: Record<string, string> = { '1001': 'secret' };

function setup(now = { t: 1_000_000 }) {
  const registrar = new Registrar({
    realm: 'yunhu',
    now: () => now.t,
    failureLimit: 3,
    lookupCredentials: (_realm, user) =>
      Promise.resolve(USERS[user] ? { password: USERS[user] } : undefined),
  });
  const [transport] = createMockTransportPair();
  let seq = 1;
  const send = async (opts: {
    user?: string;
    password?: string;
    contact?: string;
    expires?: string;
    challenge?: SipResponse;
    address?: string;
  }) => {
    const user = opts.user ?? '1001';
    const h = new SipHeaders()
      .add('Via', 'SIP/2.0/UDP 127.0.0.9:5070;branch=z9hG4bK' + seq)
      .add('From', `<sip:${user}@yunhu>;tag=f`)
      .add('To', `<sip:${user}@yunhu>`)
      .add('Call-ID', 'reg-1')
      .add('CSeq', `${seq++} REGISTER`)
      .add('Contact', opts.contact ?? '<sip:1001@127.0.0.9:5070>');
    if (opts.expires !== undefined) h.add('Expires', opts.expires);
    const request = createRequest('REGISTER', 'sip:yunhu', h);
    if (opts.challenge) {
      const ch = parseChallenge(opts.challenge.headers.get('WWW-Authenticate')!)!;
      h.add(
        'Authorization',
        buildAuthorization(
          ch,
          { username: user, password: opts.password ?? 'secret' },
          'REGISTER',
          'sip:yunhu',
        ),
      );
    }
    let response: SipResponse | undefined;
    const incoming: IncomingRequest = {
      request,
      source: { protocol: 'udp', address: opts.address ?? '127.0.0.9', port: 5070 },
      transport,
      tx: undefined,
      respond: (r) => (response = r),
    };
    registrar.handle(incoming);
    for (let i = 0; i < 20 && !response; i++) await Promise.resolve();
    return response;
  };
  return { registrar, send, now };
}

describe('registrar (RFC 3261 §10.3, digest §22)', () => {
  it('challenges, accepts the right password, binds with expiry, and unregisters', async () => {
    const { registrar, send, now } = setup();
    const ch = await send({});
    expect(ch?.status).toBe(401);
    expect(ch?.headers.get('WWW-Authenticate')).toMatch(
      /^Digest realm="yunhu", nonce="[^"]+", qop="auth", algorithm=MD5$/,
    );
    const ok = await send({ challenge: ch!, expires: '120' });
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('Contact')).toBe('<sip:1001@127.0.0.9:5070>;expires=120');
    expect(registrar.lookup('1001').map((b) => b.contact)).toEqual(['sip:1001@127.0.0.9:5070']);
    now.t += 121_000;
    expect(registrar.lookup('1001')).toEqual([]);
    const again = await send({ challenge: (await send({}))!, expires: '120' });
    expect(again?.status).toBe(200);
    const ch2 = await send({});
    const gone = await send({ challenge: ch2!, contact: '*', expires: '0' });
    expect(gone?.status).toBe(200);
    expect(registrar.lookup('1001')).toEqual([]);
  });

  it('rejects a wrong password with 403 and binds nothing', async () => {
    const { registrar, send } = setup();
    const r = await send({ challenge: (await send({}))!, password: 'wrong' });
    expect(r?.status).toBe(403);
    expect(registrar.lookup('1001')).toEqual([]);
  });

  it('423 with Min-Expires for too short an interval', async () => {
    const { send } = setup();
    const r = await send({ challenge: (await send({}))!, expires: '5' });
    expect(r?.status).toBe(423);
    expect(r?.headers.get('Min-Expires')).toBe('60');
  });

  it('stops answering a source after 3 failures while others still register', async () => {
    const { registrar, send } = setup();
    for (let i = 0; i < 3; i++) {
      expect(
        (await send({ user: 'ghost', challenge: (await send({ user: 'ghost' }))!, password: 'x' }))
          ?.status,
      ).toBe(403);
    }
    expect(await send({})).toBeUndefined();
    expect(registrar.stats.blocked).toBe(1);
    const other = await send({ address: '127.0.0.10' });
    expect(other?.status).toBe(401);
  });
});
