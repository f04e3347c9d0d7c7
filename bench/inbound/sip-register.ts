// A minimal SIP REGISTER client (RFC 3261 §10.2) on a Yunhu user agent: registers `user` with
// digest credentials (§22.2), binding it to a Contact on another port — the simulated agents'
// engine — so that Yunhu rings that engine exactly as it rings a desk phone.
import { randomBytes } from 'node:crypto';
import {
  buildAuthorization,
  createRequest,
  newTag,
  parseChallenge,
  SipHeaders,
  type SipResponse,
  type UserAgent,
} from '../../server/src/telephony/sip/index.ts';

export interface RegisterTarget {
  /** The registrar (Yunhu) on 127.0.0.1, UDP. */
  registrarPort: number;
  user: string;
  password: string;
  /** Where calls for `user` should go (the agent engine's UDP port on 127.0.0.1). */
  contactPort: number;
  expiresSeconds?: number;
}

export async function register(ua: UserAgent, target: RegisterTarget): Promise<void> {
  const callId = randomBytes(8).toString('hex');
  const tag = newTag();
  const uri = `sip:127.0.0.1:${target.registrarPort}`;
  const send = (cseq: number, authorization?: string): Promise<SipResponse> => {
    const headers = new SipHeaders();
    headers.add('From', `<sip:${target.user}@127.0.0.1>;tag=${tag}`);
    headers.add('To', `<sip:${target.user}@127.0.0.1>`);
    headers.add('Call-ID', callId);
    headers.add('CSeq', `${cseq} REGISTER`);
    headers.add('Contact', `<sip:${target.user}@127.0.0.1:${target.contactPort}>`);
    headers.add('Expires', String(target.expiresSeconds ?? 3600));
    headers.add('Max-Forwards', '70');
    if (authorization) headers.add('Authorization', authorization);
    return new Promise((resolve, reject) => {
      ua.stack.sendRequest(
        createRequest('REGISTER', uri, headers),
        { protocol: 'udp', address: '127.0.0.1', port: target.registrarPort },
        {
          onResponse: (r) => {
            if (r.status >= 200) resolve(r);
          },
          onTimeout: () => reject(new Error(`REGISTER ${target.user}: timeout`)),
          onTransportError: () => reject(new Error(`REGISTER ${target.user}: transport error`)),
        },
      );
    });
  };
  let response = await send(1);
  if (response.status === 401) {
    const challenge = parseChallenge(response.headers.get('WWW-Authenticate') ?? '');
    if (!challenge) throw new Error(`REGISTER ${target.user}: 401 without a digest challenge`);
    const auth = { username: target.user, password: target.password };
    response = await send(2, buildAuthorization(challenge, auth, 'REGISTER', uri));
  }
  if (response.status !== 200)
    throw new Error(`REGISTER ${target.user}: ${response.status} ${response.reason}`);
}
