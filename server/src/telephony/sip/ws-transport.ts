// SIP over WebSocket server (RFC 7118): HTTP upgrade with subprotocol "sip" (§4.1), one SIP message
// per WebSocket message (§5.1). Browsers connect to us; we never dial out over WS.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Endpoint, InboundData, SipTransport } from './transport.ts';
import { encodeWsFrame, WsFrameDecoder } from './ws-frame.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WsTransportOptions {
  host: string;
  port: number;
  /** Present → WSS. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export async function createWsTransport(options: WsTransportOptions): Promise<SipTransport> {
  const protocol = options.tls ? 'wss' : 'ws';
  const connections = new Map<string, Duplex>();
  let handler: ((inbound: InboundData) => void) | undefined;
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  server.on('request', (_req, res) => {
    res.writeHead(426, { Upgrade: 'websocket' }).end();
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    const key = req.headers['sec-websocket-key'];
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim().toLowerCase());
    socket.on('error', () => socket.destroy());
    if (typeof key !== 'string' || !protocols.includes('sip')) {
      // RFC 7118 §4.1: the "sip" subprotocol is mandatory.
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
    );
    const address = normalize(req.socket.remoteAddress ?? '');
    const port = req.socket.remotePort ?? 0;
    const connKey = `${address}:${port}`;
    connections.set(connKey, socket);
    const decoder = new WsFrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      const { frames, error } = decoder.push(chunk);
      for (const frame of frames) {
        if (frame.opcode === 1 || frame.opcode === 2) {
          handler?.({ data: frame.payload, source: { protocol, address, port }, transport });
        } else if (frame.opcode === 9) socket.write(encodeWsFrame(10, frame.payload));
        else if (frame.opcode === 8) {
          socket.end(encodeWsFrame(8, frame.payload.subarray(0, 2)));
          return;
        }
      }
      if (error) socket.destroy();
    });
    socket.on('close', () => {
      if (connections.get(connKey) === socket) connections.delete(connKey);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const local = { address: options.host, port: typeof addr === 'object' && addr ? addr.port : 0 };
  const transport: SipTransport = {
    protocol,
    reliable: true,
    local,
    send(data: Buffer, dest: Endpoint): Promise<void> {
      const socket = connections.get(`${dest.address}:${dest.port}`);
      if (!socket) return Promise.reject(new Error(`no WebSocket connection to ${dest.address}`));
      return new Promise((resolve, reject) =>
        socket.write(encodeWsFrame(1, data), (error) => (error ? reject(error) : resolve())),
      );
    },
    onReceive(h) {
      handler = h;
    },
    async close() {
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return transport;
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
