// TCP and TLS transports (RFC 3261 §18.3, §26.3.1): connection-oriented, framed by
// Content-Length; responses reuse the connection the request arrived on (§18.2.2).
import net from 'node:net';
import tls from 'node:tls';
import { StreamFramer } from './framing.ts';
import type { Endpoint, InboundData, SipTransport, TransportProtocol } from './transport.ts';

export interface StreamTransportOptions {
  host: string;
  port: number;
  /** Present → TLS with this server key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer; clientOptions?: tls.ConnectionOptions };
  /** Connections silent this long are closed (default 10 minutes, RFC 5626 keep-alives reset it). */
  idleMs?: number;
  onError?: (reason: string, remote: string) => void;
}

export async function createStreamTransport(
  options: StreamTransportOptions,
): Promise<SipTransport> {
  const protocol: TransportProtocol = options.tls ? 'tls' : 'tcp';
  const connections = new Map<string, net.Socket>();
  let handler: ((inbound: InboundData) => void) | undefined;
  const idleMs = options.idleMs ?? 600_000;

  const attach = (socket: net.Socket, key: string, remote: { address: string; port: number }) => {
    connections.set(key, socket);
    socket.setTimeout(idleMs, () => socket.destroy());
    socket.setNoDelay(true);
    const framer = new StreamFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) {
        if (event.type === 'ping') socket.write('\r\n');
        else if (event.type === 'error') {
          options.onError?.(event.reason, key);
          socket.destroy();
        } else handler?.({ data: event.data, source: { protocol, ...remote }, transport });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
  };

  const onConnection = (socket: net.Socket) => {
    const address = normalize(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    attach(socket, `${address}:${port}`, { address, port });
  };
  const server = options.tls
    ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onConnection)
    : net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const addr = server.address();
  const local = { address: options.host, port: typeof addr === 'object' && addr ? addr.port : 0 };

  const connect = (dest: Endpoint): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect({ host: dest.address, port: dest.port, ...options.tls.clientOptions })
        : net.connect({ host: dest.address, port: dest.port });
      const event = options.tls ? 'secureConnect' : 'connect';
      socket.once(event, () => {
        socket.off('error', reject);
        attach(socket, `${dest.address}:${dest.port}`, { address: dest.address, port: dest.port });
        resolve(socket);
      });
      socket.once('error', reject);
    });

  const transport: SipTransport = {
    protocol,
    reliable: true,
    local,
    async send(data: Buffer, dest: Endpoint): Promise<void> {
      const socket = connections.get(`${dest.address}:${dest.port}`) ?? (await connect(dest));
      await new Promise<void>((resolve, reject) =>
        socket.write(data, (error) => (error ? reject(error) : resolve())),
      );
    },
    onReceive(h) {
      handler = h;
    },
    async close() {
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return transport;
}

function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
