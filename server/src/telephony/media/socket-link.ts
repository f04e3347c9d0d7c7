// Keeps a UDP socket connect()ed to the wanted remote. dgram's connect() is asynchronous and
// throws if called again before it finished, while SIP can change the remote twice in a row
// (183 with early media, then 200 with another SDP): requests are therefore serialised and
// only the latest target wins.
import type { Socket } from 'node:dgram';
import type { MediaEndpoint } from './media-server.types.ts';

export class SocketLink {
  private target: MediaEndpoint | null = null;
  private connecting = false;
  /** True once the socket is connected to the current target. */
  connected = false;

  constructor(private readonly socket: Socket) {}

  get remote(): MediaEndpoint | null {
    return this.target;
  }

  set(remote: MediaEndpoint | null): void {
    this.target = remote;
    this.connected = false;
    this.apply();
  }

  private apply(): void {
    if (this.connecting) return; // re-applied when the pending connect settles
    try {
      this.socket.disconnect();
    } catch {
      // was not connected
    }
    const wanted = this.target;
    if (!wanted) return;
    this.connecting = true;
    try {
      this.socket.connect(wanted.port, wanted.address, (error?: Error) => {
        this.connecting = false;
        if (this.target !== wanted) this.apply();
        else this.connected = !error;
      });
    } catch {
      // Closed socket or an address dgram refuses: stay disconnected (nothing is sent).
      this.connecting = false;
    }
  }
}
