// Generator and sink of the relay benchmark, run as a separate process so its CPU is not
// counted as the relay's. Each call has two sockets (caller, callee); each sends a 20 ms G.711
// packet every 20 ms to its relay port and receives what the relay forwards from the other.
// The payload carries the send time (performance.now, same process) for latency.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';

interface Side {
  socket: Socket;
  target: number;
  seq: number;
  ts: number;
  ssrc: number;
}

type Command =
  | { cmd: 'open'; calls: number }
  | { cmd: 'run'; targets: [number, number][]; durationMs: number }
  | { cmd: 'close' };

const BIN_MS = 0.05;
const BINS = 20_000; // up to 1 s
let sides: Side[] = [];

function send(message: unknown): void {
  process.send!(message);
}

async function open(calls: number): Promise<number[]> {
  sides = [];
  const ports: number[] = [];
  for (let i = 0; i < calls * 2; i++) {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    ports.push(socket.address().port);
    sides.push({ socket, target: 0, seq: i * 1000, ts: i * 100_000, ssrc: 0x1000 + i });
  }
  return ports;
}

async function run(targets: [number, number][], durationMs: number): Promise<unknown> {
  const histogram = new Uint32Array(BINS);
  let received = 0;
  let sent = 0;
  targets.forEach(([a, b], call) => {
    sides[call * 2]!.target = a;
    sides[call * 2 + 1]!.target = b;
  });
  const packet = Buffer.alloc(12 + 160, 0xff);
  for (const side of sides) {
    side.socket.removeAllListeners('message');
    side.socket.on('message', (data: Buffer) => {
      // RTCP (PT 200–204, RFC 3550 §12.1) reaches a socket whose port is another's RTP + 1.
      if (data.length < 20 || (data[1]! >= 200 && data[1]! <= 204)) return;
      received++;
      const latency = performance.now() - data.readDoubleLE(12);
      histogram[Math.min(BINS - 1, Math.max(0, Math.floor(latency / BIN_MS)))]!++;
    });
  }
  // Four staggered groups, one every 5 ms, so the load is spread like independent phones.
  const groups = 4;
  const start = performance.now();
  let tick = 0;
  await new Promise<void>((resolve) => {
    const step = (): void => {
      const group = tick % groups;
      for (let i = group; i < sides.length; i += groups) {
        const side = sides[i]!;
        packet[0] = 0x80;
        packet[1] = 0;
        packet.writeUInt16BE(side.seq & 0xffff, 2);
        packet.writeUInt32BE(side.ts >>> 0, 4);
        packet.writeUInt32BE(side.ssrc, 8);
        packet.writeDoubleLE(performance.now(), 12);
        side.socket.send(packet, side.target, '127.0.0.1');
        side.seq++;
        side.ts += 160;
        sent++;
      }
      tick++;
      if (performance.now() - start >= durationMs) return resolve();
      setTimeout(step, Math.max(0, start + tick * (20 / groups) - performance.now()));
    };
    step();
  });
  await new Promise((resolve) => setTimeout(resolve, 300)); // drain in-flight packets
  const percentile = (p: number): number => {
    const goal = received * p;
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += histogram[i]!;
      if (seen >= goal) return (i + 1) * BIN_MS;
    }
    return BINS * BIN_MS;
  };
  return { sent, received, p50: percentile(0.5), p99: percentile(0.99) };
}

process.on('message', (message: Command) => {
  void (async () => {
    switch (message.cmd) {
      case 'open':
        send({ ports: await open(message.calls) });
        return;
      case 'run':
        send(await run(message.targets, message.durationMs));
        return;
      case 'close':
        await Promise.all(
          sides.map((s) => new Promise<void>((resolve) => s.socket.close(() => resolve()))),
        );
        sides = [];
        send({ closed: true });
        return;
    }
  })();
});
