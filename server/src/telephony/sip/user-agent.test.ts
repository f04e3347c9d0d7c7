// Two user agents wired through the in-memory transport pair: calls, CANCEL, re-INVITE, BYE, auth.
import { afterEach, describe, expect, it } from 'vitest';
import { NonceManager, digestHa1, digestResponse, parseCredentials } from './digest.ts';
import { createResponse } from './message.ts';
import { createMockTransportPair } from './transport.ts';
import { UserAgent } from './user-agent.ts';
import type { IncomingInvite } from './incoming-invite.ts';

const OFFER =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const ANSWER = OFFER.replace(/127\.0\.0\.2/g, '127.0.0.1');

let agents: UserAgent[] = [];
afterEach(async () => {
  for (const a of agents) await a.close();
  agents = [];
});

function pair() {
  const [ta, tb] = createMockTransportPair();
  const yunhu = new UserAgent({ transports: [ta], host: '127.0.0.1' });
  const phone = new UserAgent({ transports: [tb], host: '127.0.0.2' });
  agents = [yunhu, phone];
  const invites: IncomingInvite[] = [];
  yunhu.onInvite = (i) => invites.push(i);
  return { yunhu, phone, invites, ta, tb };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('user agent over the in-memory pair', () => {
  it('sets up a call: 180, 200 with SDP answer, ACK confirms, BYE ends both sides', async () => {
    const { yunhu, phone, invites } = pair();
    const call = phone.originate({ uri: 'sip:agent@127.0.0.1', sdp: OFFER });
    const progress: number[] = [];
    call.onProgress = (s) => progress.push(s);
    await until(() => invites.length === 1);
    const invite = invites[0]!;
    expect(invite.offer).toBe(OFFER);
    invite.progress(180);
    const accepted = invite.accept(ANSWER);
    const result = await call.result;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sdp).toBe(ANSWER);
    expect(progress).toEqual([180]);
    const session = await accepted;
    expect(session?.dialog.state).toBe('confirmed');
    const ended: string[] = [];
    session!.onEnded((r) => ended.push(r));
    await result.session.bye();
    await until(() => ended.length === 1);
    expect(ended).toEqual(['remote-bye']);
    expect(yunhu.sessionCount).toBe(0);
    expect(phone.sessionCount).toBe(0);
  });

  it('CANCEL before the answer gives the caller 487 and tells the callee', async () => {
    const { phone, invites } = pair();
    const call = phone.originate({ uri: 'sip:agent@127.0.0.1', sdp: OFFER });
    await until(() => invites.length === 1);
    let cancelled = false;
    invites[0]!.onCancel(() => (cancelled = true));
    invites[0]!.progress(180);
    await new Promise((r) => setTimeout(r, 10));
    call.cancel();
    const result = await call.result;
    expect(result).toMatchObject({ ok: false, status: 487 });
    expect(cancelled).toBe(true);
  });

  it('a hold re-INVITE (sendonly) is answered by the handler with recvonly', async () => {
    const { phone, invites } = pair();
    const call = phone.originate({ uri: 'sip:agent@127.0.0.1', sdp: OFFER });
    await until(() => invites.length === 1);
    const accepted = invites[0]!.accept(ANSWER);
    const result = await call.result;
    const session = await accepted;
    if (!result.ok || !session) throw new Error('no call');
    const offers: Array<string | undefined> = [];
    session.handlers.onReinvite = (offer) => {
      offers.push(offer);
      return { status: 200, sdp: ANSWER + 'a=recvonly\r\n' };
    };
    const hold = await result.session.reinvite(OFFER + 'a=sendonly\r\n');
    expect(hold.status).toBe(200);
    expect(hold.sdp).toContain('a=recvonly');
    expect(offers[0]).toContain('a=sendonly');
  });

  it('rejects, answers OPTIONS, 481 for unknown dialogs and 501 for unknown methods', async () => {
    const { phone, invites, tb } = pair();
    const call = phone.originate({ uri: 'sip:agent@127.0.0.1', sdp: OFFER });
    await until(() => invites.length === 1);
    invites[0]!.reject(486);
    expect(await call.result).toMatchObject({ ok: false, status: 486 });
    const statuses: number[] = [];
    tb.onReceive((inbound) => {
      const text = inbound.data.toString();
      if (text.startsWith('SIP/2.0')) statuses.push(Number(text.slice(8, 11)));
    });
    const raw = (method: string, toTag = '') =>
      `${method} sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK${method}\r\nFrom: <sip:p@x>;tag=1\r\nTo: <sip:agent@127.0.0.1>${toTag}\r\nCall-ID: zz\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`;
    for (const text of [raw('OPTIONS'), raw('BYE', ';tag=nope'), raw('FOO'), raw('SUBSCRIBE')]) {
      await tb.send(Buffer.from(text), { protocol: 'udp', address: '127.0.0.1', port: 5060 });
    }
    await until(() => statuses.length === 4);
    expect(statuses).toEqual([200, 481, 501, 405]);
  });

  it('retries an INVITE with digest credentials after 407', async () => {
    const [ta, tb] = createMockTransportPair();
    const nonces = new NonceManager();
    let verified = false;
    const carrier = new UserAgent({ transports: [ta], host: '127.0.0.1' });
    const yunhu = new UserAgent({ transports: [tb], host: '127.0.0.2' });
    agents = [carrier, yunhu];
    carrier.onInvite = (invite) => {
      const creds = parseCredentials(invite.request.headers.get('Proxy-Authorization') ?? '');
      if (!creds) {
        const r = createResponse(invite.request, 407, { toTag: 'a' });
        r.headers.add(
          'Proxy-Authenticate',
          `Digest realm="carrier", nonce="${nonces.create(Date.now())}", qop="auth"`,
        );
        invite.incoming.respond(r);
        carrier.forgetInvite(invite);
        return;
      }
      const ha1 = digestHa1('MD5', 'trunk1', 'carrier', 'pw');
      verified =
        creds.response ===
        digestResponse({
          algorithm: 'MD5',
          ha1,
          method: 'INVITE',
          uri: creds.uri,
          nonce: creds.nonce,
          qop: creds.qop,
          nc: creds.nc,
          cnonce: creds.cnonce,
        });
      void invite.accept(ANSWER);
    };
    const call = yunhu.originate({
      uri: 'sip:13800000000@127.0.0.1',
      sdp: OFFER,
      auth: { username: 'trunk1', password: 'pw' },
    });
    const result = await call.result;
    expect(result.ok).toBe(true);
    expect(verified).toBe(true);
  });
});
