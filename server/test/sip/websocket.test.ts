// SIP over WebSocket (RFC 7118) end to end: a browser-style client registers with digest over WS,
// and Yunhu reaches it back over the same connection (the Contact host is `.invalid`).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';
import {
  buildAuthorization,
  parseChallenge,
  parseMessage,
  type SipMessage,
} from '../../src/telephony/sip/index.ts';
import { encodeWsFrame, WsFrameDecoder } from '../../src/telephony/sip/ws-frame.ts';

let telephony: Telephony;

beforeAll(async () => {
  telephony = await createTelephony({
    host: '127.0.0.1',
    sipPort: null,
    wsPort: 0,
    rtpPorts: { from: 15500, to: 15519 },
    realm: 'yunhu',
    lookupCredentials: (_realm, user) =>
      Promise.resolve(user === '1001' ? { password: 'secret' } : undefined),
  });
});
afterAll(async () => {
  await telephony.close();
});

async function wsClient(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  socket.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
  );
  const messages: SipMessage[] = [];
  const decoder = new WsFrameDecoder();
  let upgraded = false;
  socket.on('data', (chunk: Buffer) => {
    if (!upgraded) {
      const end = chunk.indexOf('\r\n\r\n');
      upgraded = true;
      chunk = chunk.subarray(end + 4);
    }
    for (const f of decoder.push(chunk).frames) {
      const r = parseMessage(f.payload);
      if (r.ok) messages.push(r.message);
    }
  });
  await new Promise((r) => setTimeout(r, 50));
  const send = (text: string) => socket.write(encodeWsFrame(1, Buffer.from(text), randomBytes(4)));
  const next = async (count: number) => {
    for (let i = 0; i < 200 && messages.length < count; i++)
      await new Promise((r) => setTimeout(r, 10));
    return messages[count - 1];
  };
  return { socket, send, next };
}

const register = (seq: number, auth = '') =>
  `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKws${seq}\r\n` +
  `From: <sip:1001@127.0.0.1>;tag=ws1\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: ws-reg\r\nCSeq: ${seq} REGISTER\r\n` +
  `Contact: <sip:abc@df7jal23ls0d.invalid;transport=ws>;expires=300\r\n${auth}Max-Forwards: 70\r\n\r\n`; // no Content-Length: WS frames delimit (RFC 7118 §5.1)

describe('SIP over WebSocket', () => {
  it('REGISTER with digest over WS binds the flow, and an INVITE to the phone uses that connection', async () => {
    const client = await wsClient(telephony.ports.ws!);
    try {
      client.send(register(1));
      const challenge = await client.next(1);
      expect(challenge?.kind === 'response' && challenge.status).toBe(401);
      const ch = parseChallenge(challenge!.headers.get('WWW-Authenticate')!)!;
      client.send(
        register(
          2,
          `Authorization: ${buildAuthorization(ch, { username: '1001', password: 'secret' }, 'REGISTER', 'sip:127.0.0.1')}\r\n`,
        ),
      );
      const ok = await client.next(2);
      expect(ok?.kind === 'response' && ok.status).toBe(200);
      const [binding] = telephony.registrar!.lookup('1001');
      expect(binding?.source.protocol).toBe('ws');
      expect(binding?.contact).toBe('sip:abc@df7jal23ls0d.invalid;transport=ws');
      const { call } = await telephony.calls.originate({
        uri: binding!.contact,
        flow: binding!.source,
        timeoutMs: 1000,
      });
      const invite = await client.next(3);
      expect(invite?.kind === 'request' && invite.method).toBe('INVITE');
      expect(invite?.headers.get('Via')).toMatch(/^SIP\/2.0\/WS 127\.0\.0\.1:/);
      await call.hangup();
    } finally {
      client.socket.destroy();
    }
  });
});
