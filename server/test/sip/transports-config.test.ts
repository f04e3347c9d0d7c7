// The SIP transports set by YUNHU_* variables listen, through startServer → calls/runtime.ts:
// baresip registers with digest over TLS to YUNHU_SIP_TLS_PORT (a throwaway self-signed
// certificate from YUNHU_SIP_TLS_CERT / _KEY) and takes a call from Yunhu over that connection
// (INVITE / 200 / ACK / BYE); YUNHU_SIP_WS_PORT answers OPTIONS; without certificate files a
// self-signed one is generated into the data dir; a missing file stops the start. sipp is not
// used: Debian's sip-tester is built without OpenSSL ("you must compile SIPp with OpenSSL").
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main.ts';
import { provisionDemoInbound } from '../../src/modules/inbound/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import { parseMessage, type SipMessage } from '../../src/telephony/sip/index.ts';
import { encodeWsFrame, WsFrameDecoder } from '../../src/telephony/sip/ws-frame.ts';
import { freePort, killChildren, start } from './harness.ts';

const PASSWORD = 'tls-secret-1001';
const rtpBase = 20000 + 2 * Math.floor(Math.random() * 10000);
const dirs: string[] = [];
const servers: RunningServer[] = [];

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'yunhu-sip-tls-'));
  dirs.push(dir);
  return dir;
};

async function until(what: string, cond: () => boolean, log = () => ''): Promise<void> {
  for (const end = Date.now() + 10_000; !cond(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log().slice(-2000)}`);
  }
}

async function serve(dir: string, env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer({
    env: {
      YUNHU_DATA_DIR: dir,
      YUNHU_HTTP_HOST: '127.0.0.1',
      YUNHU_HTTP_PORT: '0',
      YUNHU_DEMO: '0',
      YUNHU_LOG_LEVEL: 'silent',
      YUNHU_SIP_HOST: '127.0.0.1',
      YUNHU_RTP_PORTS: `${rtpBase}-${rtpBase + 39}`,
      ...env,
    },
    print: () => undefined,
    exitOnSignal: false,
    sipPort: 0,
  });
  servers.push(server);
  return server;
}

const options = (n: number, transport: string) =>
  `OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${transport} client.invalid;branch=z9hG4bKcfg${n}\r\n` +
  `From: <sip:probe@127.0.0.1>;tag=p${n}\r\nTo: <sip:127.0.0.1>\r\nCall-ID: cfg-${n}\r\n` +
  `CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;

let dir = '';
let server: RunningServer;
let tlsPort = 0;
let wsPort = 0;

beforeAll(async () => {
  dir = tempDir();
  // Throwaway certificate for 127.0.0.1, handed to Yunhu by the two variables.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' }); // prettier-ignore
  tlsPort = await freePort();
  wsPort = await freePort();
  server = await serve(dir, {
    YUNHU_SIP_TLS_PORT: String(tlsPort),
    YUNHU_SIP_TLS_CERT: join(dir, 'cert.pem'),
    YUNHU_SIP_TLS_KEY: join(dir, 'key.pem'),
    YUNHU_SIP_WS_PORT: String(wsPort),
  });
  await provisionDemoInbound(server.ctx, DEFAULT_TENANT_ID, PASSWORD, { extensions: ['1001'] });
}, 20_000);

afterAll(async () => {
  killChildren();
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('SIP transports configured by YUNHU_* variables', () => {
  it('baresip registers over TLS on YUNHU_SIP_TLS_PORT and takes a call over it', async () => {
    expect(server.telephony!.ports.tls).toBe(tlsPort);
    const phoneDir = tempDir();
    const phonePort = await freePort();
    writeFileSync(
      join(phoneDir, 'config'),
      [
        `sip_listen 127.0.0.1:${phonePort}`,
        `sip_cafile ${join(dir, 'cert.pem')}`,
        'audio_player aubridge,nowhere',
        'audio_alert aubridge,nowhere',
        'audio_source aubridge,nowhere',
        `rtp_ports ${rtpBase + 40}-${rtpBase + 59}`,
        'net_interface 127.0.0.1',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module aubridge.so',
        'module_app account.so',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(phoneDir, 'accounts'),
      `<sip:1001@127.0.0.1:${tlsPort};transport=tls>;auth_pass=${PASSWORD};` +
        'answermode=auto;audio_codecs=PCMU;regint=600\n',
    );
    let log = '';
    const phone = start('baresip', ['-4', '-f', phoneDir], { cwd: phoneDir });
    phone.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    phone.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const telephony = server.telephony!;
    await until('baresip to register over TLS', () => telephony.registrar!.lookup('1001').length > 0, () => log); // prettier-ignore
    const binding = telephony.registrar!.lookup('1001')[0]!;
    expect(binding.source.protocol).toBe('tls');
    expect(binding.userAgent ?? '').toMatch(/baresip/i);

    const { call, answered } = await telephony.calls.originate({
      uri: binding.contact,
      flow: binding.source,
      from: '"Yunhu" <sip:4000@127.0.0.1>',
    });
    const outcome = await answered;
    expect(outcome.ok, `${JSON.stringify(outcome)}\n${log.slice(-2000)}`).toBe(true);
    const ended = call.ended();
    await new Promise((r) => setTimeout(r, 500));
    await call.hangup(); // BYE over the same TLS connection
    expect((await ended).reason).toBe('local-hangup');
    // libre reports "Call established" on the ACK, and a received BYE as "session closed:
    // Connection reset by peer" (its BYE handler ends the session with ECONNRESET).
    expect(log).toMatch(/Call established: sip:4000@127\.0\.0\.1/);
    await until('baresip to see the BYE', () => /sip:4000@127\.0\.0\.1: session closed: Connection reset by peer/.test(log), () => log); // prettier-ignore
    expect(log).toMatch(/\{0\/TLS\/v4\} 200 OK/); // its REGISTER went over TLS
  }, 20_000);

  it('YUNHU_SIP_WS_PORT listens: OPTIONS over a WebSocket is answered 200', async () => {
    expect(server.telephony!.ports.ws).toBe(wsPort);
    const socket = net.connect({ host: '127.0.0.1', port: wsPort });
    try {
      await new Promise((r) => socket.once('connect', r));
      const decoder = new WsFrameDecoder();
      let head = '';
      const messages: SipMessage[] = [];
      socket.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) {
          const end = chunk.indexOf('\r\n\r\n');
          head += chunk.subarray(0, end + 4).toString();
          chunk = chunk.subarray(end + 4);
        }
        for (const f of decoder.push(chunk).frames) {
          const r = parseMessage(f.payload);
          if (r.ok) messages.push(r.message);
        }
      });
      socket.write(
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
          'Sec-WebSocket-Protocol: sip\r\n\r\n',
      );
      await until('the WebSocket upgrade', () => head.includes('\r\n\r\n'));
      expect(head).toMatch(/^HTTP\/1\.1 101/);
      socket.write(encodeWsFrame(1, Buffer.from(options(1, 'WS')), randomBytes(4)));
      await until('the OPTIONS answer', () => messages.length > 0);
      expect(messages[0]?.kind === 'response' && messages[0].status).toBe(200);
    } finally {
      socket.destroy();
    }
  });

  it('without certificate files a self-signed one is generated into the data dir and served', async () => {
    const own = tempDir();
    const port = await freePort();
    await serve(own, { YUNHU_SIP_TLS_PORT: String(port), YUNHU_SIP_WS_PORT: '0' });
    expect(existsSync(join(own, 'sip-tls', 'cert.pem'))).toBe(true);
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    try {
      await new Promise((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      expect(socket.getPeerCertificate().subject.CN).toBe('127.0.0.1');
      let reply = '';
      socket.on('data', (d: Buffer) => (reply += d.toString()));
      socket.write(options(2, 'TLS'));
      await until('the OPTIONS answer over TLS', () => reply.includes('\r\n\r\n'));
      expect(reply).toMatch(/^SIP\/2\.0 200/);
    } finally {
      socket.destroy();
    }
  });

  it('a missing certificate file or half a pair stops the start, naming the variable', async () => {
    const own = tempDir();
    const port = String(await freePort());
    await expect(
      serve(own, {
        YUNHU_SIP_TLS_PORT: port,
        YUNHU_SIP_TLS_CERT: join(own, 'nope.pem'),
        YUNHU_SIP_TLS_KEY: join(dir, 'key.pem'),
      }),
    ).rejects.toThrow(
      `YUNHU_SIP_TLS_CERT="${join(own, 'nope.pem')}": cannot read the file (ENOENT)`,
    );
    await expect(
      serve(own, { YUNHU_SIP_TLS_PORT: port, YUNHU_SIP_TLS_CERT: join(dir, 'cert.pem') }),
    ).rejects.toThrow(
      'YUNHU_SIP_TLS_KEY is not set: YUNHU_SIP_TLS_CERT and YUNHU_SIP_TLS_KEY go together',
    );
    // A key that is not the certificate's: refused before any port opens.
    await expect(
      serve(own, {
        YUNHU_SIP_TLS_PORT: port,
        YUNHU_SIP_TLS_CERT: join(dir, 'cert.pem'),
        YUNHU_SIP_TLS_KEY: join(dir, 'cert.pem'),
      }),
    ).rejects.toThrow(/not a usable PEM certificate and matching unencrypted key/);
  });
});
