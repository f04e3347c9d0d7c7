// The built-in media engine: allocates legs on the RTP port range, drives every playing leg
// from one shared 20 ms clock, and runs one slow housekeeping timer for RTCP, DTMF end
// timeouts, RTP timeouts and recording flushes across all legs.
import { conflict, newId, notFound, silentLogger } from '../../platform/index.ts';
import { RtpBridge } from './bridge.ts';
import type { LegRuntime } from './leg-runtime.types.ts';
import { MediaClock } from './media-clock.ts';
import { RtpLeg } from './media-leg.ts';
import type {
  BridgeOptions,
  MediaBridge,
  MediaLeg,
  MediaMonitor,
  MediaServer,
  MediaServerOptions,
  MonitorMode,
} from './media-server.types.ts';
import { RtpMonitor } from './mixer.ts';
import { PortPool } from './port-pool.ts';
import { PromptCache } from './prompt-cache.ts';

const HOUSEKEEPING_MS = 250;

export class RtpMediaServer implements MediaServer {
  readonly clock = new MediaClock();
  private readonly pool: PortPool;
  private readonly legs = new Map<string, RtpLeg>();
  private readonly bridges = new Map<RtpLeg, RtpBridge>();
  /** One monitor per bridge; it stops when the bridge ends or the supervisor's leg closes. */
  private readonly monitors = new Map<RtpBridge, RtpMonitor>();
  private readonly runtime: LegRuntime;
  private housekeeping: NodeJS.Timeout | null = null;
  private readonly advertise: string;

  constructor(private readonly options: MediaServerOptions) {
    this.pool = new PortPool(options.bindAddress, options.portRange);
    this.advertise = options.advertiseAddress ?? options.bindAddress;
    const interval = options.rtcpIntervalMs ?? 5000;
    this.runtime = {
      clock: this.clock,
      prompts: new PromptCache(),
      logger: options.logger ?? silentLogger,
      rtpTimeoutMs: options.rtpTimeoutMs ?? 30_000,
      rtcpInterval: () => interval * (0.5 + Math.random()),
      detach: async (leg) => {
        for (const m of this.monitors.values()) if (m.supervisor === leg) m.stop();
        await this.bridges.get(leg)?.unbridge();
      },
      release: (leg) => {
        this.legs.delete(leg.id);
        this.pool.release(leg.local.port);
        if (this.legs.size === 0) this.stopHousekeeping();
      },
    };
  }

  get legCount(): number {
    return this.legs.size;
  }

  async allocateLeg(): Promise<MediaLeg> {
    const { port, rtp, rtcp } = await this.pool.allocate();
    const leg = new RtpLeg(
      newId('leg_'),
      { address: this.advertise, port },
      rtp,
      rtcp,
      this.runtime,
    );
    this.legs.set(leg.id, leg);
    this.housekeeping ??= setInterval(() => this.housekeep(), HOUSEKEEPING_MS).unref();
    return leg;
  }

  bridge(a: MediaLeg, b: MediaLeg, options: BridgeOptions = {}): MediaBridge {
    const legA = this.own(a);
    const legB = this.own(b);
    if (legA === legB)
      throw conflict('media.bridge_self', 'cannot bridge a leg to itself', { where: a.id });
    // A leg is in at most one bridge: bridging it again replaces the old one.
    for (const leg of [legA, legB]) void this.bridges.get(leg)?.unbridge();
    const bridge = new RtpBridge(legA, legB, options, (ended) => {
      for (const leg of [ended.a, ended.b])
        if (this.bridges.get(leg) === ended) this.bridges.delete(leg);
      this.monitors.get(ended)?.stop();
    });
    this.bridges.set(legA, bridge);
    this.bridges.set(legB, bridge);
    return bridge;
  }

  monitor(bridge: MediaBridge, supervisor: MediaLeg, mode: MonitorMode): MediaMonitor {
    const s = this.own(supervisor);
    const live = this.bridges.get(this.own(bridge.a));
    if (!live || live !== bridge)
      throw notFound('media.bridge_gone', 'the call is no longer bridged', { where: bridge.a.id });
    if (s === live.a || s === live.b)
      throw conflict('media.monitor_self', 'a bridged leg cannot monitor its own bridge', {
        where: s.id,
      });
    const previous = this.monitors.get(live);
    if (previous) previous.stop();
    const monitor = new RtpMonitor(live, s, mode, this.clock, (ended) => {
      if (this.monitors.get(live) === ended) this.monitors.delete(live);
    });
    this.monitors.set(live, monitor);
    return monitor;
  }

  private own(leg: MediaLeg): RtpLeg {
    const found = this.legs.get(leg.id);
    if (!found || found !== leg)
      throw notFound('media.leg_unknown', 'media leg is closed or not from this server', {
        where: leg.id,
      });
    return found;
  }

  private housekeep(): void {
    const mono = performance.now();
    const wall = Date.now();
    for (const leg of this.legs.values()) leg.housekeep(mono, wall);
  }

  private stopHousekeeping(): void {
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.housekeeping = null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.legs.values()].map((leg) => leg.close()));
    this.stopHousekeeping();
    this.clock.stop();
    this.runtime.prompts.clear();
  }
}

export function createMediaServer(options: MediaServerOptions): MediaServer {
  return new RtpMediaServer(options);
}
