// Contract suite run against every real transport (hono's common.case pattern): a client socket
// sends a SIP message, the transport delivers it, the reply goes back on the same path.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamFramer } from './framing.ts';
import { createStreamTransport } from './stream-transport.ts';
import { createMockTransportPair, type InboundData, type SipTransport } from './transport.ts';
import { createUdpTransport } from './udp-transport.ts';
import { encodeWsFrame, WsFrameDecoder } from './ws-frame.ts';
import { createWsTransport } from './ws-transport.ts';

const MESSAGE = Buffer.from(
  'OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n' +
    'From: <sip:b@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n' +
    'Content-Length: 0\r\n\r\n',
);

interface Client {
  send(data: Buffer): void;
  next(): Promise<Buffer>;
  close(): void;
}

let certDir = '';
let key = '';
let cert = '';
beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'yunhu-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(join(certDir, 'key.pem'), 'utf8');
  cert = readFileSync(join(certDir, 'cert.pem'), 'utf8');
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

function queue(): { push: (b: Buffer) => void; next: () => Promise<Buffer> } {
  const items: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  return {
    push: (b) => (waiters.length ? waiters.shift()!(b) : items.push(b)),
    next: () =>
      items.length ? Promise.resolve(items.shift()!) : new Promise((r) => waiters.push(r)),
  };
}

async function streamClient(socket: net.Socket, ready: string): Promise<Client> {
  await new Promise((r) => socket.once(ready, r));
  const q = queue();
  const framer = new StreamFramer();
  socket.on('data', (chunk: Buffer) => {
    for (const e of framer.push(chunk)) if (e.type === 'message') q.push(e.data);
  });
  return { send: (d) => socket.write(d), next: q.next, close: () => socket.destroy() };
}

async function wsClient(port: number): Promise<Client> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      'Sec-WebSocket-Protocol: sip\r\n\r\n',
  );
  const q = queue();
  const decoder = new WsFrameDecoder();
  let handshake = '';
  socket.on('data', (chunk: Buffer) => {
    if (!handshake.includes('\r\n\r\n')) {
      handshake += chunk.toString('latin1');
      const end = handshake.indexOf('\r\n\r\n');
      if (end < 0) return;
      expect(handshake).toMatch(/^HTTP\/1.1 101[\s\S]*Sec-WebSocket-Protocol: sip/i);
      chunk = Buffer.from(handshake.slice(end + 4), 'latin1');
    }
    for (const f of decoder.push(chunk).frames) if (f.opcode === 1) q.push(f.payload);
  });
  await new Promise((r) => setTimeout(r, 50));
  return {
    send: (d) => socket.write(encodeWsFrame(1, d, randomBytes(4))),
    next: q.next,
    close: () => socket.destroy(),
  };
}

const cases: Array<{
  name: string;
  create: () => Promise<SipTransport>;
  client: (t: SipTransport) => Promise<Client>;
}> = [
  {
    name: 'udp',
    create: () => createUdpTransport({ host: '127.0.0.1', port: 0 }),
    client: async (t) => {
      const s = dgram.createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
      const q = queue();
      s.on('message', (m) => q.push(m));
      return {
        send: (d) => s.send(d, t.local.port, '127.0.0.1'),
        next: q.next,
        close: () => s.close(),
      };
    },
  },
  {
    name: 'tcp',
    create: () => createStreamTransport({ host: '127.0.0.1', port: 0 }),
    client: (t) => streamClient(net.connect({ host: '127.0.0.1', port: t.local.port }), 'connect'),
  },
  {
    name: 'tls',
    create: () => createStreamTransport({ host: '127.0.0.1', port: 0, tls: { key, cert } }),
    client: (t) =>
      streamClient(
        tls.connect({
          host: '127.0.0.1',
          port: t.local.port,
          ca: cert,
          servername: 'localhost',
          checkServerIdentity: () => undefined,
        }),
        'secureConnect',
      ),
  },
  {
    name: 'ws',
    create: () => createWsTransport({ host: '127.0.0.1', port: 0 }),
    client: (t) => wsClient(t.local.port),
  },
];

describe.each(cases)('$name transport contract', ({ name, create, client }) => {
  it('delivers a whole message with its source and sends the reply back to that source', async () => {
    const transport = await create();
    const c = await client(transport);
    try {
      const got = new Promise<InboundData>((r) => transport.onReceive(r));
      c.send(MESSAGE);
      const inbound = await got;
      expect(inbound.data.equals(MESSAGE)).toBe(true);
      expect(inbound.source.protocol).toBe(name);
      expect(inbound.source.address).toBe('127.0.0.1');
      await transport.send(
        Buffer.from(MESSAGE.toString().replace('OPTIONS sip', 'INFO sip')),
        inbound.source,
      );
      expect((await c.next()).toString()).toMatch(/^INFO sip:a@127.0.0.1/);
    } finally {
      c.close();
      await transport.close();
    }
  });
});

describe('transports', () => {
  it('TCP opens an outbound connection when none exists and receives on it', async () => {
    const a = await createStreamTransport({ host: '127.0.0.1', port: 0 });
    const b = await createStreamTransport({ host: '127.0.0.1', port: 0 });
    try {
      const got = new Promise<InboundData>((r) => b.onReceive(r));
      await a.send(MESSAGE, { protocol: 'tcp', address: '127.0.0.1', port: b.local.port });
      const inbound = await got;
      const back = new Promise<InboundData>((r) => a.onReceive(r));
      await b.send(MESSAGE, inbound.source);
      expect((await back).source.port).toBe(b.local.port);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the mock pair delivers to the other side asynchronously and records what was sent', async () => {
    const [a, b] = createMockTransportPair();
    const got = new Promise<InboundData>((r) => b.onReceive(r));
    await a.send(MESSAGE, { protocol: 'udp', address: '127.0.0.2', port: 5060 });
    expect((await got).source).toEqual({ protocol: 'udp', address: '127.0.0.1', port: 5060 });
    expect(a.sent).toHaveLength(1);
  });
});
