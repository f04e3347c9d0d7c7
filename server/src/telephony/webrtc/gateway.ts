// The WebRTC gateway: browser agents appear to Yunhu's B2BUA as ordinary SIP phones. It runs its
// own SIP user agent on a loopback UDP port; the B2BUA rings an agent by dialling uriFor(agent)
// (CallControl.originate), and bridging, recording and DTMF work as for any other phone.
import { newId, type Logger } from '../../platform/index.ts';
import { answerOffer } from '../sdp/index.ts';
import {
  createUdpTransport,
  parseNameAddr,
  parseUri,
  UserAgent,
  type IncomingInvite,
} from '../sip/index.ts';
import { GatewayCall } from './gateway-call.ts';
import type { SoftphoneEvent, SoftphoneRequest } from './signalling.types.ts';

export interface WebRtcGatewayOptions {
  /** Loopback address for the SIP port and the RTP ports toward the B2BUA (default 127.0.0.1). */
  host?: string;
  /** Extra ICE host candidates offered to browsers (e.g. ['127.0.0.1'] for same-machine tests). */
  additionalHostAddresses?: string[];
  logger?: Logger;
}

export interface TransferRequest {
  user: string;
  /** SIP Call-ID of the agent leg (the INVITE the B2BUA sent to the gateway). */
  sipCallId: string;
  target: string;
}

export type TransferHandler = (
  request: TransferRequest,
) => Promise<{ ok: true } | { ok: false; reason: string }>;

export interface SoftphoneConnection {
  handle(message: SoftphoneRequest): Promise<void>;
  close(): Promise<void>;
}

interface Agent {
  send(event: SoftphoneEvent): void;
}

function numberOf(header: string): string | null {
  return parseNameAddr(header)?.uri.user ?? null;
}

export class WebRtcGateway {
  private ua: UserAgent | undefined;
  private port = 0;
  private readonly agents = new Map<string, Agent>();
  private readonly calls = new Map<string, GatewayCall>();
  /** Blind transfer is done by whoever owns the bridged call (the inbound/outbound runtime). */
  onTransfer: TransferHandler | undefined;
  private readonly host: string;

  constructor(private readonly options: WebRtcGatewayOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
  }

  async start(): Promise<void> {
    if (this.ua) return;
    const transport = await createUdpTransport({ host: this.host, port: 0 });
    this.port = transport.local.port;
    this.ua = new UserAgent({
      transports: [transport],
      host: this.host,
      userAgent: 'Yunhu WebRTC gateway',
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      onInvite: (invite) => this.onInvite(invite),
    });
  }

  /** The SIP URI that rings `user`'s browser (its softphone must be connected). */
  uriFor(user: string): string {
    if (!this.ua) throw new Error('webrtc gateway not started');
    return `sip:${encodeURIComponent(user)}@${this.host}:${this.port}`;
  }

  isConnected(user: string): boolean {
    return this.agents.has(user);
  }

  callsOf(user: string): GatewayCall[] {
    return [...this.calls.values()].filter((c) => c.user === user);
  }

  /** A browser's signalling channel; a second connection of the same user replaces the first. */
  connect(user: string, send: (event: SoftphoneEvent) => void): SoftphoneConnection {
    const agent: Agent = { send };
    this.agents.set(user, agent);
    send({ type: 'hello', user });
    const callOf = (callId: string): GatewayCall => {
      const call = this.calls.get(callId);
      if (!call || call.user !== user) throw new Error(`no such call: ${callId}`);
      return call;
    };
    return {
      handle: async (message) => {
        const id = 'callId' in message ? message.callId : undefined;
        try {
          switch (message.type) {
            case 'ping':
              send({ type: 'pong' });
              return;
            case 'accept':
              return await callOf(message.callId).accept(message.sdp);
            case 'reject':
            case 'hangup':
              return await callOf(message.callId).hangup();
            case 'dtmf':
              return await callOf(message.callId).sendDtmf(message.digits);
            case 'mute':
              return callOf(message.callId).mute(message.on);
            case 'hold':
              return await callOf(message.callId).hold(message.on);
            case 'transfer': {
              const call = callOf(message.callId);
              const outcome = this.onTransfer
                ? await this.onTransfer({ user, sipCallId: call.sipCallId, target: message.target })
                : { ok: false as const, reason: 'transfer is not available on this server' };
              send({
                type: 'transferred',
                callId: call.id,
                target: message.target,
                ok: outcome.ok,
                ...(outcome.ok ? {} : { reason: outcome.reason }),
              });
              return;
            }
          }
        } catch (error) {
          send({
            type: 'error',
            ...(id ? { callId: id } : {}),
            message: error instanceof Error ? error.message : String(error),
          });
        }
      },
      close: async () => {
        if (this.agents.get(user) !== agent) return;
        this.agents.delete(user);
        await Promise.all(this.callsOf(user).map((c) => c.hangup('browser-disconnected')));
      },
    };
  }

  private onInvite(invite: IncomingInvite): void {
    const user = decodeURIComponent(parseUri(invite.request.uri)?.user ?? '');
    const agent = this.agents.get(user);
    if (!agent) {
      invite.reject(480, 'Softphone not connected');
      return;
    }
    const probe = answerOffer(invite.offer ?? '', {
      address: this.host,
      port: 9,
      sessionId: 1,
      sessionVersion: 1,
    });
    if (!probe.ok) {
      invite.reject(probe.status, probe.reason);
      return;
    }
    const call = new GatewayCall(newId('sp_'), user, invite, probe.media, {
      host: this.host,
      additionalHostAddresses: this.options.additionalHostAddresses,
      logger: this.options.logger,
      send: (event) => this.agents.get(user)?.send(event),
      onEnded: (c) => this.calls.delete(c.id),
    });
    this.calls.set(call.id, call);
    const from = invite.request.headers.get('From') ?? '';
    agent.send({
      type: 'incoming',
      callId: call.id,
      from,
      to: invite.request.headers.get('To') ?? '',
      number: numberOf(from),
      callRecordId: invite.request.headers.get('X-Yunhu-Call-Record') ?? null,
    });
    invite.progress(180);
  }

  async close(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.hangup('shutdown')));
    this.agents.clear();
    await this.ua?.close();
    this.ua = undefined;
  }
}
