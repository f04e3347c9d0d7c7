// UDP transport (RFC 3261 §18.1.1, §18.2.1): one datagram is one message.
import dgram from 'node:dgram';
import type { Endpoint, InboundData, SipTransport } from './transport.ts';

export async function createUdpTransport(options: {
  host: string;
  port: number;
}): Promise<SipTransport> {
  const socket = dgram.createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
  let handler: ((inbound: InboundData) => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A send failure (ICMP unreachable etc.) must not kill the process.
  socket.on('error', () => undefined);
  const local = { address: options.host, port: socket.address().port };
  const transport: SipTransport = {
    protocol: 'udp',
    reliable: false,
    local,
    send(data: Buffer, dest: Endpoint): Promise<void> {
      return new Promise((resolve) => {
        socket.send(data, dest.port, dest.address, () => resolve());
      });
    },
    onReceive(h) {
      handler = h;
    },
    close() {
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
  socket.on('message', (data, rinfo) => {
    handler?.({
      data,
      source: { protocol: 'udp', address: rinfo.address, port: rinfo.port },
      transport,
    });
  });
  return transport;
}
