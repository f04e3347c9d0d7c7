// Assembles the telephony engine from plain options (no config/ import): SIP transports, the user
// agent core, the registrar, the media server and call control.
import type { Logger } from '../platform/index.ts';
import { CallControl } from './call-control/index.ts';
import { createMediaServer, type MediaServer } from './media/index.ts';
import {
  createStreamTransport,
  createUdpTransport,
  createWsTransport,
  Registrar,
  UserAgent,
  type CredentialLookup,
  type SipTransport,
  type TimerValues,
} from './sip/index.ts';

export interface TelephonyOptions {
  /** Address put in Via, Contact and SDP (YUNHU_SIP_HOST). */
  host: string;
  /** Address sockets bind to; default `host`. */
  bindAddress?: string;
  /** UDP and TCP port (YUNHU_SIP_PORT); 0 = any free port (tests); null = SIP off. */
  sipPort: number | null;
  /** SIP over WebSocket (YUNHU_SIP_WS_PORT); null/undefined = off. */
  wsPort?: number | null;
  /** SIP over TLS (YUNHU_SIP_TLS_PORT) with a PEM key and certificate. */
  tls?: { port: number; key: string | Buffer; cert: string | Buffer } | null;
  /** RTP port range (YUNHU_RTP_PORTS). */
  rtpPorts: { from: number; to: number };
  /** Digest realm of the registrar (default: host). */
  realm?: string;
  /** Without it REGISTER is refused (405): no phones can register. */
  lookupCredentials?: CredentialLookup;
  userAgent?: string;
  logger?: Logger;
  now?: () => number;
  /** SIP T1/T2/T4 (RFC 3261 §17.1.1.1); default 500/4000/5000 ms. Tests shorten them. */
  sipTimers?: TimerValues;
  /** Injected media engine (an external media server adapter); default: the built-in one. */
  media?: MediaServer;
}

export interface Telephony {
  ua: UserAgent;
  registrar: Registrar | undefined;
  calls: CallControl;
  media: MediaServer;
  /** Ports actually bound (useful when 0 was asked). */
  ports: { udp?: number; tcp?: number; ws?: number; tls?: number };
  close(): Promise<void>;
}

async function udpAndTcp(bind: string, port: number): Promise<[SipTransport, SipTransport]> {
  // Same port number for UDP and TCP (§18: a UA listens on both); retry if 0 picked a busy TCP port.
  for (let attempt = 0; ; attempt++) {
    const udp = await createUdpTransport({ host: bind, port });
    try {
      const tcp = await createStreamTransport({ host: bind, port: udp.local.port });
      return [udp, tcp];
    } catch (error) {
      await udp.close();
      if (port !== 0 || attempt >= 5) throw error;
    }
  }
}

export async function createTelephony(options: TelephonyOptions): Promise<Telephony> {
  const bind = options.bindAddress ?? options.host;
  const transports: SipTransport[] = [];
  const ports: Telephony['ports'] = {};
  try {
    if (options.sipPort !== null) {
      const [udp, tcp] = await udpAndTcp(bind, options.sipPort);
      transports.push(udp, tcp);
      ports.udp = udp.local.port;
      ports.tcp = tcp.local.port;
    }
    if (options.wsPort !== null && options.wsPort !== undefined) {
      const ws = await createWsTransport({ host: bind, port: options.wsPort });
      transports.push(ws);
      ports.ws = ws.local.port;
    }
    if (options.tls) {
      const tls = await createStreamTransport({
        host: bind,
        port: options.tls.port,
        tls: { key: options.tls.key, cert: options.tls.cert },
      });
      transports.push(tls);
      ports.tls = tls.local.port;
    }
  } catch (error) {
    for (const t of transports) await t.close();
    throw error;
  }
  const registrar = options.lookupCredentials
    ? new Registrar({
        realm: options.realm ?? options.host,
        lookupCredentials: options.lookupCredentials,
        ...(options.now ? { now: options.now } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      })
    : undefined;
  const ua = new UserAgent({
    transports,
    host: options.host,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.sipTimers ? { timerValues: options.sipTimers } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(registrar ? { onRegister: (incoming) => registrar.handle(incoming) } : {}),
  });
  const media =
    options.media ??
    createMediaServer({
      bindAddress: bind,
      advertiseAddress: options.host,
      portRange: options.rtpPorts,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  const calls = new CallControl({
    ua,
    media,
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    ua,
    registrar,
    calls,
    media,
    ports,
    async close() {
      await calls.close();
      await ua.close();
      await media.close();
    },
  };
}
