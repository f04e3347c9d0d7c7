// A plain UDP socket standing in for a phone or carrier in the media peer tests.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';

export interface UdpPeer {
  socket: Socket;
  port: number;
  received: { data: Buffer; at: number }[];
  send(data: Buffer, port: number): Promise<void>;
  close(): Promise<void>;
  /** Resolves when `count` datagrams have arrived (or rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export async function udpPeer(): Promise<UdpPeer> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const received: { data: Buffer; at: number }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  socket.on('message', (data) => {
    received.push({ data, at: performance.now() });
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  return {
    socket,
    port: socket.address().port,
    received,
    send: (data, port) =>
      new Promise((resolve, reject) =>
        socket.send(data, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      ),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (received.length >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`got ${received.length} of ${count} datagrams`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

/** Sends datagrams at the pace they were captured (drift-free against performance.now). */
export async function replay(
  peer: UdpPeer,
  packets: readonly { timeMs: number; payload: Buffer }[],
  port: number,
): Promise<void> {
  const start = performance.now();
  for (const packet of packets) {
    const wait = start + packet.timeMs - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    await peer.send(packet.payload, port);
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
