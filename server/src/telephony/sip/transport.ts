// The transport interface the SIP layers are written against (RFC 3261 §18), plus an in-memory
// pair for unit tests (the werift createMockTransportPair shape).

export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface Endpoint {
  protocol: TransportProtocol;
  address: string;
  port: number;
}

export interface InboundData {
  data: Buffer;
  source: Endpoint;
  transport: SipTransport;
}

export interface SipTransport {
  readonly protocol: TransportProtocol;
  /** §18: reliable transports get no retransmissions and Timer K/D/I of zero. */
  readonly reliable: boolean;
  readonly local: { address: string; port: number };
  /**
   * Sends one serialized message. Stream transports reuse the connection the peer opened
   * (§18.2.2) and connect when there is none (WS servers cannot connect and reject).
   */
  send(data: Buffer, dest: Endpoint): Promise<void>;
  /** Keep-alive pong etc. is handled inside; only complete SIP messages reach the handler. */
  onReceive(handler: (inbound: InboundData) => void): void;
  close(): Promise<void>;
}

/** Via transport token for a protocol (§20.42, RFC 7118 §5.2). */
export function viaTransport(protocol: TransportProtocol): string {
  return protocol.toUpperCase();
}

export function endpointKey(e: Endpoint): string {
  return `${e.protocol}:${e.address}:${e.port}`;
}

class MemoryTransport implements SipTransport {
  readonly reliable: boolean;
  peer: MemoryTransport | undefined;
  readonly sent: Array<{ data: Buffer; dest: Endpoint }> = [];
  private handler: ((inbound: InboundData) => void) | undefined;
  private closed = false;

  constructor(
    readonly protocol: TransportProtocol,
    readonly local: { address: string; port: number },
  ) {
    this.reliable = protocol !== 'udp';
  }

  send(data: Buffer, dest: Endpoint): Promise<void> {
    this.sent.push({ data, dest });
    const peer = this.peer;
    if (this.closed || !peer) return Promise.resolve();
    // Delivered on a microtask, like a socket callback, so re-entrancy bugs show in tests.
    queueMicrotask(() =>
      peer.deliver({
        data,
        source: { protocol: this.protocol, ...this.local },
        transport: peer,
      }),
    );
    return Promise.resolve();
  }

  deliver(inbound: InboundData): void {
    if (!this.closed) this.handler?.(inbound);
  }

  onReceive(handler: (inbound: InboundData) => void): void {
    this.handler = handler;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

export type MockTransport = SipTransport & {
  readonly sent: Array<{ data: Buffer; dest: Endpoint }>;
  /** Injects bytes as if received from `source`. */
  deliver(inbound: InboundData): void;
};

/** Two transports wired to each other, no sockets. */
export function createMockTransportPair(
  protocol: TransportProtocol = 'udp',
): [MockTransport, MockTransport] {
  const a = new MemoryTransport(protocol, { address: '127.0.0.1', port: 5060 });
  const b = new MemoryTransport(protocol, { address: '127.0.0.2', port: 5060 });
  a.peer = b;
  b.peer = a;
  return [a, b];
}
