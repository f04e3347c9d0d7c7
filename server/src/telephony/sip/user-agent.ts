// The user agent core (RFC 3261 §8, §12–§15): dispatches requests that start server transactions,
// keeps dialogs, answers OPTIONS (§11), CANCEL (§9.2), unknown methods (501) and requests for
// unknown dialogs (481), and sends in-dialog requests with digest retry (§22.2).
import type { Logger } from '../../platform/index.ts';
import { buildAuthorization, parseChallenge } from './digest.ts';
import { dialogKey, tagOf, type Dialog } from './dialog.ts';
import { IncomingInvite } from './incoming-invite.ts';
import { createResponse, type SipRequest, type SipResponse } from './message.ts';
import { OutgoingInvite, type OriginateOptions } from './outgoing-invite.ts';
import type { SipSession } from './session.ts';
import { type SessionHost } from './session.ts';
import { SipStack, type IncomingRequest } from './stack.ts';
import { resolveUri } from './target.ts';
import type { Timers, TimerValues } from './timers.ts';
import type { Endpoint, SipTransport, TransportProtocol } from './transport.ts';
import { parseUri } from './uri.ts';

export interface UserAgentOptions {
  transports: SipTransport[];
  /** Address put in Contact (YUNHU_SIP_HOST). */
  host: string;
  userAgent?: string;
  timers?: Timers;
  timerValues?: TimerValues;
  logger?: Logger;
  /** Handles REGISTER (the registrar); without it REGISTER gets 405. */
  onRegister?: (incoming: IncomingRequest) => void;
  /** New calls; without a handler INVITE gets 480. */
  onInvite?: (invite: IncomingInvite) => void;
}

const SUPPORTED_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'NOTIFY'];
const KNOWN_METHODS = new Set([
  ...SUPPORTED_METHODS,
  'REGISTER',
  'SUBSCRIBE',
  'PUBLISH',
  'MESSAGE',
  'REFER',
  'UPDATE',
  'PRACK',
]);

export class UserAgent {
  readonly stack: SipStack;
  readonly host: string;
  readonly userAgent: string;
  readonly allow: string;
  readonly logger: Logger | undefined;
  onInvite: ((invite: IncomingInvite) => void) | undefined;
  private readonly sessions = new Map<string, SipSession>();
  private readonly invites = new Map<string, IncomingInvite>();
  readonly sessionHost: SessionHost;

  constructor(private readonly options: UserAgentOptions) {
    this.host = options.host;
    this.userAgent = options.userAgent ?? 'Yunhu';
    this.logger = options.logger;
    this.onInvite = options.onInvite;
    this.allow = [...SUPPORTED_METHODS, ...(options.onRegister ? ['REGISTER'] : [])].join(', ');
    this.stack = new SipStack({
      transports: options.transports,
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.timerValues ? { values: options.timerValues } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      onRequest: (incoming) => this.onRequest(incoming),
    });
    this.sessionHost = {
      sendInDialog: (dialog, request) => this.sendInDialog(dialog, request),
      sendAck: (dialog, ack) => {
        void this.resolveDialogTarget(dialog).then((t) => this.sendAckTo(ack, t));
      },
      forget: (session) => this.sessions.delete(session.dialog.key),
      logger: this.logger,
    };
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get pendingInviteCount(): number {
    return this.invites.size;
  }

  /** Our Contact for requests and responses over a transport (§8.1.1.8). */
  contactFor(protocol: TransportProtocol): string {
    const t = this.stack.transportFor(protocol) ?? this.options.transports[0];
    const port = t ? `:${t.local.port}` : '';
    const param = protocol === 'udp' ? '' : `;transport=${protocol}`;
    return `<sip:yunhu@${this.host}${port}${param}>`;
  }

  async resolve(uriText: string): Promise<Endpoint> {
    const uri = parseUri(uriText);
    if (!uri) throw new Error(`bad URI ${uriText}`);
    return resolveUri(uri);
  }

  /** Starts an outbound call (UAC INVITE). */
  originate(options: OriginateOptions): OutgoingInvite {
    const call = new OutgoingInvite(this, options);
    void call.start();
    return call;
  }

  addSession(session: SipSession): void {
    this.sessions.set(session.dialog.key, session);
  }

  forgetInvite(invite: IncomingInvite): void {
    this.invites.delete(dialogKey(invite.callId, invite.localTag, invite.remoteTag));
  }

  /** In-dialog targets: the flow for WS / stream clients and `.invalid` contacts, else DNS. */
  async resolveDialogTarget(dialog: Dialog): Promise<Endpoint> {
    const next = dialog.nextHopUri();
    if (
      dialog.flow &&
      (dialog.flow.protocol !== 'udp' || !next || next.host.endsWith('.invalid'))
    ) {
      return dialog.flow;
    }
    if (!next) throw new Error('dialog has no target');
    return resolveUri(next);
  }

  sendAckTo(ack: SipRequest, target: Endpoint | undefined): Promise<void> {
    if (!target) return Promise.resolve();
    const copy = { ...ack, headers: ack.headers.clone() };
    return this.stack.sendStateless(copy, target);
  }

  /** Sends a request in a dialog and resolves with its final response (408/503 synthesized). */
  async sendInDialog(dialog: Dialog, request: SipRequest, attempt = 0): Promise<SipResponse> {
    let target: Endpoint;
    try {
      target = await this.resolveDialogTarget(dialog);
    } catch {
      return synthesize(request, 503, 'Unresolvable');
    }
    const response = await new Promise<SipResponse>((resolve) => {
      this.stack.sendRequest(request, target, {
        onResponse: (r) => {
          if (r.status >= 200) resolve(r);
        },
        onTimeout: () => resolve(synthesize(request, 408, 'Request Timeout')),
        onTransportError: () => resolve(synthesize(request, 503, 'Transport Error')),
      });
    });
    if ((response.status === 401 || response.status === 407) && dialog.auth && attempt === 0) {
      const challenge = parseChallenge(
        response.headers.get(response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate') ??
          '',
      );
      if (challenge) {
        const retry = dialog.createRequest(request.method, {
          body: request.body,
          ...(request.headers.get('Content-Type')
            ? { contentType: request.headers.get('Content-Type') ?? '' }
            : {}),
        });
        retry.headers.add(
          response.status === 401 ? 'Authorization' : 'Proxy-Authorization',
          buildAuthorization(challenge, dialog.auth, request.method, retry.uri),
        );
        return this.sendInDialog(dialog, retry, 1);
      }
    }
    return response;
  }

  private onRequest(incoming: IncomingRequest): void {
    const { request } = incoming;
    const callId = request.headers.get('Call-ID') ?? '';
    const toTag = tagOf(request.headers.get('To'));
    const fromTag = tagOf(request.headers.get('From')) ?? '';
    if (request.method === 'ACK') {
      const key = dialogKey(callId, toTag ?? '', fromTag);
      this.invites.get(key)?.acked(request.body);
      return; // an ACK for an unknown dialog is dropped (§17.2.3, no response to ACK)
    }
    if (toTag) {
      void this.inDialog(incoming, dialogKey(callId, toTag, fromTag));
      return;
    }
    const reply = (status: number, extra: Array<[string, string]> = []) => {
      const response = createResponse(request, status, {
        toTag: status > 100 ? 'nd' + fromTag.slice(0, 8) : undefined,
      });
      for (const [k, v] of extra) response.headers.add(k, v);
      incoming.respond(response);
    };
    const maxForwards = request.headers.get('Max-Forwards');
    if (maxForwards !== undefined && Number(maxForwards) <= 0 && request.method !== 'OPTIONS') {
      reply(483); // §16.3 step 3 / §8.2 — we do not forward, but never loop on 0
      return;
    }
    const require = request.headers.getAll('Require').filter((r) => r !== '');
    if (require.length && request.method !== 'CANCEL') {
      reply(420, [['Unsupported', require.join(', ')]]); // §8.2.2.3: no extensions supported
      return;
    }
    switch (request.method) {
      case 'INVITE':
        return this.newInvite(incoming);
      case 'CANCEL':
        return this.cancel(incoming);
      case 'OPTIONS':
        return reply(200, [
          ['Allow', this.allow],
          ['Accept', 'application/sdp'],
          ['Contact', this.contactFor(incoming.transport.protocol)],
        ]);
      case 'REGISTER':
        if (this.options.onRegister) return this.options.onRegister(incoming);
        return reply(405, [['Allow', this.allow]]);
      case 'BYE':
        return reply(481);
      default:
        return KNOWN_METHODS.has(request.method) ? reply(405, [['Allow', this.allow]]) : reply(501);
    }
  }

  private newInvite(incoming: IncomingRequest): void {
    const contentType = incoming.request.headers.get('Content-Type');
    if (incoming.request.body.length && contentType && !/^application\/sdp\b/i.test(contentType)) {
      incoming.respond(createResponse(incoming.request, 415, { toTag: 'x' })); // §8.2.3
      return;
    }
    // §17.2.1: 100 Trying at once so the caller stops retransmitting.
    incoming.respond(createResponse(incoming.request, 100));
    const invite = new IncomingInvite(incoming, this);
    this.invites.set(dialogKey(invite.callId, invite.localTag, invite.remoteTag), invite);
    if (!this.onInvite) {
      invite.reject(480);
      return;
    }
    try {
      this.onInvite(invite);
    } catch (error) {
      this.logger?.error({ err: error }, 'sip: INVITE handler failed');
      invite.reject(500);
    }
  }

  private cancel(incoming: IncomingRequest): void {
    const tx = this.stack.findInviteFor(incoming.request);
    const invite = tx ? [...this.invites.values()].find((i) => i.incoming.tx === tx) : undefined;
    if (!tx) {
      incoming.respond(createResponse(incoming.request, 481, { toTag: 'c' }));
      return;
    }
    incoming.respond(createResponse(incoming.request, 200, { toTag: invite?.localTag ?? 'c' }));
    tx.cancelled = true;
    invite?.cancelled();
  }

  private async inDialog(incoming: IncomingRequest, key: string): Promise<void> {
    const { request } = incoming;
    const session = this.sessions.get(key);
    if (!session) {
      incoming.respond(createResponse(request, 481));
      return;
    }
    if (!session.dialog.acceptRemoteSeq(request)) {
      incoming.respond(createResponse(request, 500, { reason: 'CSeq Out Of Order' })); // §12.2.2
      return;
    }
    try {
      const result = await session.handleRequest(request);
      const response = createResponse(request, result.status, {
        ...(result.reason !== undefined ? { reason: result.reason } : {}),
        ...(result.sdp !== undefined ? { body: result.sdp, contentType: 'application/sdp' } : {}),
      });
      if (request.method === 'INVITE' && result.status < 300) {
        response.headers.add('Contact', this.contactFor(incoming.transport.protocol));
      }
      incoming.respond(response);
    } catch (error) {
      this.logger?.error({ err: error }, 'sip: in-dialog handler failed');
      incoming.respond(createResponse(request, 500));
    }
  }

  async close(): Promise<void> {
    for (const session of [...this.sessions.values()]) await session.bye();
    this.stack.close();
    for (const t of this.options.transports) await t.close();
  }
}

function synthesize(request: SipRequest, status: number, reason: string): SipResponse {
  return createResponse(request, status, { reason });
}
