// RTP port allocation: even ports for RTP, the odd one above for RTCP (RFC 3550 §11). The
// cursor walks the range round-robin so a freed pair is reused as late as possible, which keeps
// stray packets of an ended call from reaching the next one.
import { createSocket, type Socket } from 'node:dgram';
import { AppError } from '../../platform/index.ts';

export interface PortPair {
  port: number;
  rtp: Socket;
  rtcp: Socket;
}

export class PortPool {
  private cursor: number;
  private readonly first: number;
  private readonly pairs: number;
  private readonly inUse = new Set<number>();

  constructor(
    private readonly bindAddress: string,
    range: { from: number; to: number },
  ) {
    this.first = range.from + (range.from % 2);
    this.pairs = Math.max(0, Math.floor((range.to - this.first + 1) / 2));
    if (this.pairs === 0) {
      throw new AppError(
        'invalid_input',
        'media.port_range',
        'RTP port range holds no even/odd pair',
        {
          where: `${range.from}-${range.to}`,
        },
      );
    }
    this.cursor = Math.floor(Math.random() * this.pairs);
  }

  get used(): number {
    return this.inUse.size;
  }

  async allocate(): Promise<PortPair> {
    for (let attempt = 0; attempt < this.pairs; attempt++) {
      const port = this.first + 2 * this.cursor;
      this.cursor = (this.cursor + 1) % this.pairs;
      if (this.inUse.has(port)) continue;
      const rtp = await this.bind(port);
      if (!rtp) continue; // taken by another process
      const rtcp = await this.bind(port + 1);
      if (!rtcp) {
        rtp.close();
        continue;
      }
      this.inUse.add(port);
      return { port, rtp, rtcp };
    }
    throw new AppError('unavailable', 'media.ports_exhausted', 'no free RTP port pair', {
      where: `${this.first}-${this.first + 2 * this.pairs - 1}`,
    });
  }

  release(port: number): void {
    this.inUse.delete(port);
  }

  private bind(port: number): Promise<Socket | null> {
    const socket = createSocket({ type: this.bindAddress.includes(':') ? 'udp6' : 'udp4' });
    return new Promise((resolve) => {
      const onError = (): void => {
        socket.close();
        resolve(null);
      };
      socket.once('error', onError);
      socket.bind(port, this.bindAddress, () => {
        socket.off('error', onError);
        // ICMP port-unreachable on a connected socket surfaces as an error event: not fatal.
        socket.on('error', () => undefined);
        resolve(socket);
      });
    });
  }
}
