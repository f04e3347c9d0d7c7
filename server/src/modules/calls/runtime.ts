import type { AppContext } from '../../context.ts';
import { createTelephony, type Telephony } from '../../telephony/index.ts';
import { WebRtcGateway } from '../../telephony/webrtc/index.ts';
import { DeviceRegistry, SipPhoneDevice } from './devices.ts';
import { SoftphoneDevice } from './softphone-device.ts';
import { credentialLookup } from './sip-accounts.ts';
import { loadSipTlsCredentials } from './sip-tls.ts';

// The telephony runtime of a running server: the engine (SIP transports, registrar, media, call
// control) plus the agent-device registry. Reached from anything holding the AppContext.

export interface TelephonyRuntime {
  telephony: Telephony;
  devices: DeviceRegistry;
  /** Browser softphones, reached as SIP phones on a loopback port. */
  softphones: WebRtcGateway;
}

const runtimes = new WeakMap<AppContext, TelephonyRuntime>();

export interface StartTelephonyOptions {
  /** Overrides YUNHU_SIP_PORT (0 = any free port, null = off). */
  sipPort?: number | null;
  /** Overrides YUNHU_SIP_WS_PORT (0 = off). */
  wsPort?: number;
}

/** Starts the engine; null when SIP is off (YUNHU_SIP_PORT=0 and no override). */
export async function startTelephonyRuntime(
  ctx: AppContext,
  options: StartTelephonyOptions = {},
): Promise<TelephonyRuntime | null> {
  const sipPort =
    options.sipPort !== undefined
      ? options.sipPort
      : ctx.config.sipPort === 0
        ? null
        : ctx.config.sipPort;
  if (sipPort === null) {
    if (ctx.config.sipTlsPort !== 0) {
      ctx.logger.warn('telephony: YUNHU_SIP_TLS_PORT is ignored because SIP is off');
    }
    return null;
  }
  const wsPort = options.wsPort ?? ctx.config.sipWsPort;
  // YUNHU_SIP_TLS_PORT: a missing or bad certificate stops the start here, before any port opens.
  const tls = await loadSipTlsCredentials(ctx.config);
  const telephony = await createTelephony({
    host: ctx.config.sipHost,
    sipPort,
    wsPort: wsPort === 0 ? null : wsPort,
    tls: tls ? { port: ctx.config.sipTlsPort, cert: tls.cert, key: tls.key } : null,
    rtpPorts: ctx.config.rtpPorts,
    lookupCredentials: credentialLookup(ctx),
    userAgent: 'Yunhu',
    logger: ctx.logger,
    now: () => ctx.clock.now(),
  });
  // The gateway's SIP and RTP stay on loopback; 127.0.0.1 is also offered to browsers as an ICE
  // candidate so that a browser on this machine connects without a network interface.
  const softphones = new WebRtcGateway({
    host: '127.0.0.1',
    additionalHostAddresses: ['127.0.0.1'],
    logger: ctx.logger,
  });
  await softphones.start();
  const devices = new DeviceRegistry();
  devices.add(new SoftphoneDevice(telephony, softphones), { preferred: true });
  devices.add(new SipPhoneDevice(telephony));
  const runtime = { telephony, devices, softphones };
  runtimes.set(ctx, runtime);
  ctx.logger.info(
    {
      host: ctx.config.sipHost,
      ports: telephony.ports,
      ...(tls ? { tlsCertificate: tls.certFile, selfSigned: tls.generated } : {}),
    },
    'telephony: SIP engine listening',
  );
  return runtime;
}

export function telephonyOf(ctx: AppContext): TelephonyRuntime | null {
  return runtimes.get(ctx) ?? null;
}

export async function stopTelephonyRuntime(ctx: AppContext): Promise<void> {
  const runtime = runtimes.get(ctx);
  if (!runtime) return;
  runtimes.delete(ctx);
  await runtime.softphones.close();
  await runtime.telephony.close();
}
