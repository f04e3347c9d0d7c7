// Server transactions (RFC 3261 §17.2): INVITE (§17.2.1, RFC 6026 "Accepted") and non-INVITE
// (§17.2.2), timers G, H, I, J, L.
import type { TxEnv } from './client-transaction.ts';
import type { SipRequest, SipResponse } from './message.ts';
import type { TimerHandle } from './timers.ts';

export type ServerTxState =
  'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction {
  state: ServerTxState;
  readonly isInvite: boolean;
  lastResponse: SipResponse | undefined;
  /** Set when a CANCEL matched this INVITE (§9.2). */
  cancelled = false;
  private timerRetransmit: TimerHandle | undefined;
  private timerTimeout: TimerHandle | undefined;
  private timerEnd: TimerHandle | undefined;
  private interval: number;

  constructor(
    readonly request: SipRequest,
    private readonly env: TxEnv & { onAckTimeout?: () => void },
  ) {
    this.isInvite = request.method === 'INVITE';
    this.state = this.isInvite ? 'proceeding' : 'trying';
    this.interval = env.values.t1;
    // Not in RFC 3261: a guard so a TU that never answers (e.g. a registrar ignoring a blocked
    // scanner) cannot leak transactions. Non-INVITE: 64*T1 (the client gave up by then);
    // INVITE: 10 minutes of ringing.
    this.timerTimeout = env.timers.set(this.isInvite ? 600_000 : 64 * env.values.t1, () => {
      if (this.state === 'trying' || this.state === 'proceeding') this.terminate();
    });
  }

  /** A retransmission of the request arrived (§17.2.1 / §17.2.2): resend the last response. */
  receiveRetransmission(): void {
    if (this.lastResponse && (this.state === 'proceeding' || this.state === 'completed')) {
      this.transmit(this.lastResponse);
    }
  }

  /** ACK for a non-2xx final response (§17.2.1). */
  receiveAck(): void {
    if (this.state !== 'completed') return;
    this.state = 'confirmed';
    this.env.timers.clear(this.timerRetransmit);
    this.env.timers.clear(this.timerTimeout);
    // Timer I: T4 on unreliable transports, zero on reliable.
    this.timerEnd = this.env.timers.set(this.env.reliable ? 0 : this.env.values.t4, () =>
      this.terminate(),
    );
  }

  respond(response: SipResponse): void {
    if (
      this.state === 'terminated' ||
      this.state === 'completed' ||
      this.state === 'confirmed' ||
      this.state === 'accepted'
    ) {
      return; // a final response was already sent
    }
    this.lastResponse = response;
    this.transmit(response);
    const { timers, values, reliable } = this.env;
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    timers.clear(this.timerTimeout);
    if (this.isInvite && response.status < 300) {
      // RFC 6026 §8.5: stay to absorb INVITE retransmissions for Timer L = 64*T1; the TU
      // retransmits the 2xx itself (§13.3.1.4).
      this.state = 'accepted';
      this.timerEnd = timers.set(64 * values.t1, () => this.terminate());
      return;
    }
    this.state = 'completed';
    if (this.isInvite) {
      if (!reliable) this.timerRetransmit = timers.set(this.interval, () => this.retransmit()); // G
      this.timerTimeout = timers.set(64 * values.t1, () => {
        // Timer H: the ACK never came.
        this.terminate();
        this.env.onAckTimeout?.();
      });
    } else {
      this.timerEnd = timers.set(reliable ? 0 : 64 * values.t1, () => this.terminate()); // J
    }
  }

  /** The UAS core retransmits its 2xx itself (§13.3.1.4), even after this transaction ended. */
  resendFinal(): void {
    if (this.lastResponse) this.transmit(this.lastResponse, false);
  }

  private retransmit(): void {
    if (this.state !== 'completed' || !this.lastResponse) return;
    this.transmit(this.lastResponse);
    this.interval = Math.min(this.interval * 2, this.env.values.t2);
    this.timerRetransmit = this.env.timers.set(this.interval, () => this.retransmit());
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.env.timers.clear(this.timerRetransmit);
    this.env.timers.clear(this.timerTimeout);
    this.env.timers.clear(this.timerEnd);
    this.env.onTerminated();
  }

  private transmit(message: SipResponse, terminateOnError = true): void {
    this.env.send(message).catch(() => {
      if (terminateOnError) this.terminate();
    });
  }
}
