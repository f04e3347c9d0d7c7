// Client transactions (RFC 3261 §17.1): INVITE (§17.1.1, with the RFC 6026 "Accepted" state) and
// non-INVITE (§17.1.2), timers A, B, D, E, F, K, M.
import { SipHeaders } from './headers.ts';
import type { SipRequest, SipResponse } from './message.ts';
import type { TimerHandle, Timers, TimerValues } from './timers.ts';

export type ClientTxState =
  'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

export interface ClientTxUser {
  onResponse(response: SipResponse): void;
  /** Timer B or F fired (treated as 408 by the TU, §8.1.3.1). */
  onTimeout(): void;
  onTransportError(): void;
}

export interface TxEnv {
  timers: Timers;
  values: TimerValues;
  reliable: boolean;
  send(message: SipRequest | SipResponse): Promise<void>;
  onTerminated(): void;
}

export class ClientTransaction {
  state: ClientTxState;
  readonly isInvite: boolean;
  private timerRetransmit: TimerHandle | undefined;
  private timerTimeout: TimerHandle | undefined;
  private timerEnd: TimerHandle | undefined;
  private interval: number;
  private ack: SipRequest | undefined;

  constructor(
    readonly request: SipRequest,
    private readonly tu: ClientTxUser,
    private readonly env: TxEnv,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.state = this.isInvite ? 'calling' : 'trying';
    this.interval = env.values.t1;
  }

  start(): void {
    this.transmit(this.request);
    const { timers, values } = this.env;
    // Timer A / E: retransmit over unreliable transports only.
    if (!this.env.reliable)
      this.timerRetransmit = timers.set(this.interval, () => this.retransmit());
    // Timer B / F: 64*T1 transaction timeout.
    this.timerTimeout = timers.set(64 * values.t1, () => {
      if (this.state === 'calling' || this.state === 'trying' || this.state === 'proceeding') {
        this.terminate();
        this.tu.onTimeout();
      }
    });
  }

  private retransmit(): void {
    if (this.state !== 'calling' && this.state !== 'trying' && this.state !== 'proceeding') return;
    if (this.isInvite && this.state === 'proceeding') return; // §17.1.1.2: A stops on 1xx
    this.transmit(this.request);
    // INVITE doubles without cap (§17.1.1.2); non-INVITE caps at T2, and in Proceeding uses T2.
    this.interval = this.isInvite
      ? this.interval * 2
      : this.state === 'proceeding'
        ? this.env.values.t2
        : Math.min(this.interval * 2, this.env.values.t2);
    this.timerRetransmit = this.env.timers.set(this.interval, () => this.retransmit());
  }

  receive(response: SipResponse): void {
    const status = response.status;
    if (this.state === 'terminated') return;
    if (this.state === 'completed') {
      // §17.1.1.2: a retransmitted final response gets the ACK again; nothing goes to the TU.
      if (this.isInvite && status >= 300 && this.ack) this.transmit(this.ack);
      return;
    }
    if (this.state === 'accepted') {
      // RFC 6026 §7.2: 2xx retransmissions go to the TU, which re-sends its ACK.
      if (status >= 200 && status < 300) this.tu.onResponse(response);
      return;
    }
    if (status < 200) {
      this.state = 'proceeding';
      this.tu.onResponse(response);
      return;
    }
    this.env.timers.clear(this.timerRetransmit);
    this.env.timers.clear(this.timerTimeout);
    if (this.isInvite && status < 300) {
      this.state = 'accepted';
      this.timerEnd = this.env.timers.set(64 * this.env.values.t1, () => this.terminate()); // Timer M
      this.tu.onResponse(response);
      return;
    }
    this.state = 'completed';
    if (this.isInvite) {
      this.ack = buildNon2xxAck(this.request, response);
      this.transmit(this.ack);
    }
    this.tu.onResponse(response);
    // Timer D (≥32 s unreliable) / Timer K (T4 unreliable); zero on reliable transports.
    const wait = this.env.reliable ? 0 : this.isInvite ? 32_000 : this.env.values.t4;
    this.timerEnd = this.env.timers.set(wait, () => this.terminate());
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.env.timers.clear(this.timerRetransmit);
    this.env.timers.clear(this.timerTimeout);
    this.env.timers.clear(this.timerEnd);
    this.env.onTerminated();
  }

  private transmit(message: SipRequest): void {
    this.env.send(message).catch(() => {
      if (this.state === 'terminated') return;
      this.terminate();
      this.tu.onTransportError();
    });
  }
}

/** §17.1.1.3: ACK for a non-2xx final response: same branch, To from the response. */
export function buildNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new SipHeaders();
  const via = invite.headers.get('Via');
  if (via !== undefined) headers.add('Via', via);
  for (const name of ['Route', 'From', 'Call-ID']) {
    for (const e of invite.headers.entries) if (e.name === name) headers.add(name, e.value);
  }
  const to = response.headers.get('To');
  if (to !== undefined) headers.add('To', to);
  const seq = (invite.headers.get('CSeq') ?? '1').split(/\s+/)[0] ?? '1';
  headers.add('CSeq', `${seq} ACK`);
  headers.add('Max-Forwards', '70');
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: Buffer.alloc(0) };
}
