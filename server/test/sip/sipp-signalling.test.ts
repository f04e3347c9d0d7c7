// sipp (sip-tester) against Yunhu's SIP stack on real UDP/TCP sockets: REGISTER with digest,
// CANCEL → 487, hold re-INVITE, basic calls over UDP and TCP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOffer } from '../../src/telephony/sdp/index.ts';
import {
  createStreamTransport,
  createUdpTransport,
  Registrar,
  UserAgent,
  type IncomingInvite,
} from '../../src/telephony/sip/index.ts';
import { killChildren, sipp } from './harness.ts';

let ua: UserAgent;
let udpPort = 0;
let tcpPort = 0;
let registrar: Registrar;
const answered: string[] = [];

function answer(invite: IncomingInvite): void {
  const user = invite.request.uri.match(/^sip:([^@]+)@/)?.[1] ?? '';
  if (user === 'ring-only') {
    invite.progress(180);
    return;
  }
  invite.progress(180);
  let version = 1;
  const local = () => ({
    address: '127.0.0.1',
    port: 40000,
    sessionId: 7,
    sessionVersion: version++,
  });
  const result = answerOffer(invite.offer ?? '', local());
  if (!result.ok) {
    invite.reject(result.status);
    return;
  }
  void invite.accept(result.answer).then((session) => {
    if (!session) return;
    answered.push(session.callId);
    session.handlers.onReinvite = (offer) => {
      const r = answerOffer(offer ?? '', local());
      return r.ok ? { status: 200, sdp: r.answer } : { status: r.status };
    };
  });
}

beforeAll(async () => {
  const udp = await createUdpTransport({ host: '127.0.0.1', port: 0 });
  const tcp = await createStreamTransport({ host: '127.0.0.1', port: 0 });
  udpPort = udp.local.port;
  tcpPort = tcp.local.port;
  registrar = new Registrar({
    realm: 'yunhu',
    lookupCredentials: (_realm, user) =>
      Promise.resolve(user === '1001' ? { password: 'secret' } : undefined),
  });
  ua = new UserAgent({
    transports: [udp, tcp],
    host: '127.0.0.1',
    onRegister: (i) => registrar.handle(i),
    onInvite: answer,
  });
});

afterAll(async () => {
  killChildren();
  await ua.close();
});

describe('sipp against Yunhu', () => {
  it('REGISTER with digest: the right password gets 200 with the binding (sipp exit 0)', async () => {
    const r = await sipp(udpPort, 'uac-register-digest-expect-200.xml', [
      '-s',
      '1001',
      '-au',
      '1001',
      '-ap',
      'secret',
    ]);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(registrar.lookup('1001')).toHaveLength(1);
  });

  it('REGISTER with a wrong password gets 403 (sipp exit 0 on the 403 scenario)', async () => {
    const r = await sipp(udpPort, 'uac-register-wrong-password-expect-403.xml', [
      '-s',
      '1002',
      '-au',
      '1002',
      '-ap',
      'nope',
    ]);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(registrar.lookup('1002')).toHaveLength(0);
  });

  it('CANCEL after 180 gets 200, the INVITE 487', async () => {
    const r = await sipp(udpPort, 'uac-invite-cancel-expect-487.xml', ['-s', 'ring-only']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(ua.pendingInviteCount).toBe(0);
  });

  it('a hold re-INVITE (sendonly) is answered 200 with recvonly', async () => {
    const r = await sipp(udpPort, 'uac-hold-reinvite-expect-recvonly.xml', ['-s', 'agent']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
  });

  it('basic call over UDP (sipp -sn uac) completes', async () => {
    const before = answered.length;
    const r = await sipp(udpPort, '-sn uac', ['-t', 'u1']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(answered.length).toBe(before + 1);
  });

  it('basic call over TCP (sipp -sn uac -t t1) completes', async () => {
    const before = answered.length;
    const r = await sipp(tcpPort, '-sn uac', ['-t', 't1']);
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(0);
    expect(answered.length).toBe(before + 1);
    expect(ua.sessionCount).toBe(0);
  });
});
