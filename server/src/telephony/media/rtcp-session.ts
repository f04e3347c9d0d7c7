// RTCP for one leg (RFC 3550 §6): builds our compound reports (SR when we sent RTP since the
// last report, else RR; always SDES CNAME, §6.1) and reads the peer's to get RTT (§6.4.1:
// RTT = A − LSR − DLSR, in 1/65536 s).
import {
  ntpFromUnixMs,
  ntpMiddle32,
  parseRtcp,
  serializeRtcp,
  type RtcpPacket,
} from '../rtp/index.ts';
import type { OutStream } from './out-stream.ts';
import type { ReceiveStats } from './receive-stats.ts';

export class RtcpSession {
  /** Middle 32 bits of the NTP time in the last SR we received, and when (monotonic ms). */
  private lastSr = 0;
  private lastSrAt = 0;
  rttMs: number | null = null;
  /** The peer sent BYE (§6.6). */
  byeReceived = false;
  reportsReceived = 0;

  constructor(
    private readonly out: OutStream,
    private readonly receive: ReceiveStats,
    private readonly cname: string,
  ) {}

  buildReport(nowMono: number, nowWall: number): Buffer {
    const delay = this.lastSr === 0 ? 0 : Math.round(((nowMono - this.lastSrAt) * 65536) / 1000);
    const block = this.receive.reportBlock(this.lastSr, delay);
    const reports = block ? [block] : [];
    const packets: RtcpPacket[] = [];
    const out = this.out;
    if (out.packets > out.packetsAtLastReport) {
      const ntp = ntpFromUnixMs(nowWall);
      packets.push({
        type: 'sr',
        ssrc: out.ssrc,
        ntpSeconds: ntp.seconds,
        ntpFraction: ntp.fraction,
        rtpTimestamp: out.timestampAt(nowMono),
        packetCount: out.packets >>> 0,
        octetCount: out.octets >>> 0,
        reports,
        extension: Buffer.alloc(0),
      });
    } else {
      packets.push({ type: 'rr', ssrc: out.ssrc, reports, extension: Buffer.alloc(0) });
    }
    out.packetsAtLastReport = out.packets;
    packets.push({
      type: 'sdes',
      chunks: [{ ssrc: out.ssrc, items: [{ type: 1, value: this.cname }] }],
    });
    return serializeRtcp(packets);
  }

  /** §6.6: BYE goes in a compound packet after a report. */
  buildBye(nowMono: number, nowWall: number): Buffer {
    const report = this.buildReport(nowMono, nowWall);
    const bye = serializeRtcp([{ type: 'bye', ssrcs: [this.out.ssrc], reason: null }]);
    return Buffer.concat([report, bye]);
  }

  handle(data: Buffer, nowMono: number, nowWall: number): void {
    const packets = parseRtcp(data);
    if (!packets) return;
    for (const packet of packets) {
      if (packet.type === 'sr') {
        this.lastSr = ntpMiddle32(packet.ntpSeconds, packet.ntpFraction);
        this.lastSrAt = nowMono;
      }
      if (packet.type === 'sr' || packet.type === 'rr') {
        this.reportsReceived++;
        for (const block of packet.reports) {
          if (block.ssrc !== this.out.ssrc || block.lastSr === 0) continue;
          const ntp = ntpFromUnixMs(nowWall);
          const arrival = ntpMiddle32(ntp.seconds, ntp.fraction);
          const rtt = (arrival - block.lastSr - block.delaySinceLastSr) >>> 0;
          // A wrapped (negative) value means clocks or DLSR are off: keep the last good one.
          if (rtt < 0x80000000) this.rttMs = (rtt * 1000) / 65536;
        }
      }
      if (packet.type === 'bye') this.byeReceived = true;
    }
  }
}
