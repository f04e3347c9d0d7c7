// The SIP stack: transports → parser → transaction layer (RFC 3261 §17, §18). Malformed input is
// answered with 400/513 where it can be addressed and dropped with a log line otherwise; no
// exception escapes the receive path.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../platform/index.ts';
import { ClientTransaction, type ClientTxUser, type TxEnv } from './client-transaction.ts';
import {
  createResponse,
  serializeMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message.ts';
import { parseMessage } from './parser.ts';
import { ServerTransaction } from './server-transaction.ts';
import { createRealTimers, DEFAULT_TIMER_VALUES, type Timers, type TimerValues } from './timers.ts';
import type { Endpoint, InboundData, SipTransport, TransportProtocol } from './transport.ts';
import { formatVia, parseCSeq, parseVia, type Via } from './uri.ts';

export const BRANCH_COOKIE = 'z9hG4bK';

export const newBranch = (): string => BRANCH_COOKIE + randomBytes(8).toString('hex');
export const newTag = (): string => randomBytes(6).toString('hex');

export interface IncomingRequest {
  request: SipRequest;
  source: Endpoint;
  transport: SipTransport;
  /** Undefined for ACK (ACK for a 2xx is its own transaction, §17.1.1.3). */
  tx: ServerTransaction | undefined;
  respond(response: SipResponse): void;
}

export interface SipStackOptions {
  transports: SipTransport[];
  timers?: Timers;
  values?: TimerValues;
  logger?: Logger;
  /** Called for every request that starts a new server transaction, and for 2xx ACKs. */
  onRequest(incoming: IncomingRequest): void;
  /** Responses matching no client transaction (2xx retransmissions after Timer M, §13.2.2.4). */
  onStrayResponse?(response: SipResponse, source: Endpoint): void;
}

export class SipStack {
  readonly timers: Timers;
  readonly values: TimerValues;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly logger: Logger | undefined;
  /** dropped: discarded on purpose (e.g. no usable Via); errors: an exception was caught. */
  stats = { received: 0, malformed: 0, dropped: 0, errors: 0 };

  constructor(private readonly options: SipStackOptions) {
    this.timers = options.timers ?? createRealTimers();
    this.values = options.values ?? DEFAULT_TIMER_VALUES;
    this.logger = options.logger;
    for (const t of options.transports) t.onReceive((inbound) => this.receive(inbound));
  }

  get transactionCount(): number {
    return this.clients.size + this.servers.size;
  }

  transportFor(protocol: TransportProtocol): SipTransport | undefined {
    return this.options.transports.find((t) => t.protocol === protocol);
  }

  /** The Via value this stack puts on requests leaving over `transport` (§8.1.1.7, RFC 3581 §3). */
  makeVia(transport: SipTransport, branch = newBranch()): string {
    const via: Via = {
      protocol: 'SIP/2.0',
      transport: transport.protocol.toUpperCase(),
      host: transport.local.address,
      port: transport.local.port,
      params: { branch, rport: null },
    };
    return formatVia(via);
  }

  /** Sends a request in a new client transaction; the caller has set every header but Via. */
  sendRequest(
    request: SipRequest,
    target: Endpoint,
    tu: ClientTxUser,
    options: { branch?: string } = {},
  ): ClientTransaction {
    const transport = this.transportFor(target.protocol);
    if (!transport) throw new Error(`no ${target.protocol} transport`);
    // A CANCEL reuses the INVITE's branch (§9.1).
    const branch = options.branch ?? newBranch();
    request.headers.prepend('Via', this.makeVia(transport, branch));
    const key = `${branch}|${request.method}`;
    const tx = new ClientTransaction(
      request,
      tu,
      this.env(transport, target, () => this.clients.delete(key)),
    );
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** Sends outside any transaction: the ACK for a 2xx (§13.2.2.4) or a stateless reply. */
  sendStateless(message: SipMessage, target: Endpoint): Promise<void> {
    const transport = this.transportFor(target.protocol);
    if (!transport) return Promise.reject(new Error(`no ${target.protocol} transport`));
    if (message.kind === 'request' && !message.headers.has('Via')) {
      message.headers.prepend('Via', this.makeVia(transport));
    }
    return transport.send(serializeMessage(message), target).catch((error: unknown) => {
      this.logger?.warn({ err: error, target }, 'sip: stateless send failed');
    });
  }

  receive(inbound: InboundData): void {
    try {
      this.receiveUnsafe(inbound);
    } catch (error) {
      this.stats.errors++;
      this.logger?.error({ err: error, source: inbound.source }, 'sip: receive failed');
    }
  }

  private receiveUnsafe(inbound: InboundData): void {
    this.stats.received++;
    const result = parseMessage(inbound.data, {
      stream:
        inbound.transport.reliable &&
        inbound.transport.protocol !== 'ws' &&
        inbound.transport.protocol !== 'wss',
    });
    if (!result.ok) {
      this.stats.malformed++;
      const partial = result.partial;
      this.logger?.info(
        { error: result.error, detail: result.detail, source: inbound.source },
        'sip: malformed message',
      );
      // §21.4.1 400 / §21.4.11 513; only when the message can be answered (a request with Via etc.).
      if (partial?.kind === 'request' && partial.method !== 'ACK' && hasAddressing(partial)) {
        const status =
          result.error === 'headers-too-large' || result.error === 'body-too-large'
            ? 513
            : result.error === 'bad-version'
              ? 505
              : 400;
        const response = createResponse(partial, status, {
          reason: `${status === 400 ? 'Bad Request' : status === 505 ? 'Version Not Supported' : 'Message Too Large'} (${result.error})`,
        });
        this.sendResponse(response, inbound);
      }
      return;
    }
    const message = result.message;
    const topVia = parseVia(message.headers.get('Via') ?? '');
    if (!topVia) {
      this.stats.dropped++;
      this.logger?.info({ source: inbound.source }, 'sip: unparseable top Via, dropped');
      return;
    }
    if (message.kind === 'response') this.receiveResponse(message, topVia, inbound);
    else this.receiveRequest(message, topVia, inbound);
  }

  private receiveResponse(response: SipResponse, via: Via, inbound: InboundData): void {
    // §18.1.2: a response whose top Via is not ours is discarded; matching by branch + method.
    const method = parseCSeq(response.headers.get('CSeq') ?? '')?.method ?? '';
    const tx = this.clients.get(`${via.params.branch ?? ''}|${method}`);
    if (tx) tx.receive(response);
    else this.options.onStrayResponse?.(response, inbound.source);
  }

  private receiveRequest(request: SipRequest, via: Via, inbound: InboundData): void {
    // §18.2.1: add received when the sent-by host differs; RFC 3581 §4: fill rport.
    const first = request.headers.shift('Via') ?? '';
    const params = { ...via.params };
    if (via.host !== inbound.source.address || 'rport' in params)
      params.received = inbound.source.address;
    if ('rport' in params) params.rport = String(inbound.source.port);
    request.headers.prepend('Via', first && formatVia({ ...via, params }));
    const branch = via.params.branch ?? '';
    const sentBy = `${via.host}:${via.port ?? ''}`;
    const method = request.method === 'ACK' ? 'INVITE' : request.method;
    // §17.2.3 with the magic cookie; RFC 2543 peers fall back to Call-ID + CSeq + From.
    const key = branch.startsWith(BRANCH_COOKIE)
      ? `${branch}|${sentBy}|${method}`
      : `${request.headers.get('Call-ID') ?? ''}|${parseCSeq(request.headers.get('CSeq') ?? '')?.seq ?? ''}|${request.headers.get('From') ?? ''}|${sentBy}|${method}`;
    const existing = this.servers.get(key);
    if (existing) {
      if (request.method === 'ACK') {
        if (existing.state === 'completed') {
          existing.receiveAck();
          return;
        }
        // ACK for a 2xx with a reused branch (RFC 2543 peers): hand it to the core.
      } else {
        existing.receiveRetransmission();
        return;
      }
    }
    const respondTo = (response: SipResponse): void => this.sendResponse(response, inbound);
    if (request.method === 'ACK') {
      this.options.onRequest({
        request,
        source: inbound.source,
        transport: inbound.transport,
        tx: undefined,
        respond: () => undefined,
      });
      return;
    }
    const target = this.responseTarget(request, inbound);
    const tx = new ServerTransaction(
      request,
      this.env(inbound.transport, target, () => this.servers.delete(key)),
    );
    this.servers.set(key, tx);
    this.options.onRequest({
      request,
      source: inbound.source,
      transport: inbound.transport,
      tx,
      respond: (response) =>
        tx.state === 'terminated' ? respondTo(response) : tx.respond(response),
    });
  }

  /** Finds the server INVITE transaction a CANCEL refers to (§9.2: same branch, method INVITE). */
  findInviteFor(cancel: SipRequest): ServerTransaction | undefined {
    const via = parseVia(cancel.headers.get('Via') ?? '');
    if (!via) return undefined;
    return this.servers.get(`${via.params.branch ?? ''}|${via.host}:${via.port ?? ''}|INVITE`);
  }

  private sendResponse(response: SipResponse, inbound: InboundData): void {
    const target = this.responseTarget(response, inbound);
    inbound.transport.send(serializeMessage(response), target).catch((error: unknown) => {
      this.logger?.warn({ err: error }, 'sip: response send failed');
    });
  }

  /**
   * §18.2.2: reliable → the connection the request came on; UDP → `received` address and the
   * rport (RFC 3581 §4) or the sent-by port.
   */
  private responseTarget(message: SipMessage, inbound: InboundData): Endpoint {
    if (inbound.transport.reliable) return inbound.source;
    const via = parseVia(message.headers.get('Via') ?? '');
    if (!via || 'rport' in via.params || via.params.maddr !== undefined) return inbound.source;
    return { protocol: 'udp', address: inbound.source.address, port: via.port ?? 5060 };
  }

  private env(transport: SipTransport, target: Endpoint, onTerminated: () => void): TxEnv {
    return {
      timers: this.timers,
      values: this.values,
      reliable: transport.reliable,
      send: (message) => transport.send(serializeMessage(message), target),
      onTerminated,
    };
  }

  /** Stops every transaction timer (shutdown). */
  close(): void {
    for (const tx of [...this.clients.values()]) tx.terminate();
    for (const tx of [...this.servers.values()]) tx.terminate();
  }
}

function hasAddressing(message: SipMessage): boolean {
  return (
    ['Via', 'From', 'To', 'Call-ID', 'CSeq'].every((h) => message.headers.has(h)) &&
    parseVia(message.headers.get('Via') ?? '') !== undefined
  );
}
