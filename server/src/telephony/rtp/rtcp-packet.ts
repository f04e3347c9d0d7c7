// RTCP packets (RFC 3550 §6.4–6.6) and compound packets (§6.1). Common header:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|   RC    |      PT       |             length            |  length = 32-bit words − 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// SR (PT=200, §6.4.1) after the header:
// |                         SSRC of sender                        |
// |              NTP timestamp, most significant word             |
// |             NTP timestamp, least significant word             |
// |                         RTP timestamp                         |
// |                     sender's packet count                     |
// |                      sender's octet count                     |
// + RC report blocks (24 bytes each):
// |                 SSRC_1 (SSRC of first source)                 |
// | fraction lost |       cumulative number of packets lost       |
// |           extended highest sequence number received           |
// |                      interarrival jitter                      |
// |                         last SR (LSR)                         |
// |                   delay since last SR (DLSR)                  |
// RR (PT=201, §6.4.2): SSRC of packet sender, then report blocks.
// SDES (PT=202, §6.5): SC chunks of { SSRC, items (type, length, text) …, 0, pad to 32 bits }.
// BYE (PT=203, §6.6): SC SSRCs, then optional (length, reason) padded to 32 bits.
// Anything else (APP, feedback, XR) is kept as raw bytes so a relay never loses it.
import { RTP_VERSION } from './rtp-packet.ts';
import { parseRtcpBody, serializeRtcpBody } from './rtcp-body.ts';

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, as a fixed-point number /256. */
  fractionLost: number;
  /** Cumulative packets lost (signed 24-bit: duplicates can make it negative). */
  cumulativeLost: number;
  highestSequence: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received. */
  lastSr: number;
  /** Delay since that SR, in 1/65536 s. */
  delaySinceLastSr: number;
}

export interface SdesItem {
  /** 1 CNAME, 2 NAME, … 8 PRIV (§6.5). */
  type: number;
  value: string;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

export type RtcpPacket = (
  | {
      type: 'sr';
      ssrc: number;
      ntpSeconds: number;
      ntpFraction: number;
      rtpTimestamp: number;
      packetCount: number;
      octetCount: number;
      reports: ReportBlock[];
      /** Profile-specific extension after the report blocks (§6.4.1). */
      extension: Buffer;
    }
  | { type: 'rr'; ssrc: number; reports: ReportBlock[]; extension: Buffer }
  | { type: 'sdes'; chunks: SdesChunk[] }
  | { type: 'bye'; ssrcs: number[]; reason: string | null }
  | { type: 'other'; packetType: number; count: number; body: Buffer }
) & {
  /** Padding octets after this packet (only the last of a compound may have them). */
  paddingLength?: number;
};

/** Parses a compound RTCP packet; returns null when any part is malformed (§A.2 checks). */
export function parseRtcp(data: Buffer): RtcpPacket[] | null {
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data.length - offset < 4) return null;
    const first = data[offset]!;
    if (first >> 6 !== RTP_VERSION) return null;
    const packetType = data[offset + 1]!;
    const length = (data.readUInt16BE(offset + 2) + 1) * 4;
    const end = offset + length;
    if (end > data.length) return null;
    let paddingLength = 0;
    if ((first & 0x20) !== 0) {
      paddingLength = data[end - 1]!;
      if (paddingLength === 0 || paddingLength > length - 4) return null;
    }
    const body = data.subarray(offset + 4, end - paddingLength);
    const packet = parseRtcpBody(packetType, first & 0x1f, body);
    if (!packet) return null;
    if (paddingLength > 0) packet.paddingLength = paddingLength;
    packets.push(packet);
    offset = end;
  }
  return packets.length > 0 ? packets : null;
}

export function serializeRtcp(packets: readonly RtcpPacket[]): Buffer {
  const parts: Buffer[] = [];
  for (const packet of packets) {
    const { packetType, count, body } = serializeRtcpBody(packet);
    const padding = packet.paddingLength ?? 0;
    const header = Buffer.alloc(4);
    header[0] = (RTP_VERSION << 6) | (padding > 0 ? 0x20 : 0) | (count & 0x1f);
    header[1] = packetType;
    header.writeUInt16BE((4 + body.length + padding) / 4 - 1, 2);
    parts.push(header, body);
    if (padding > 0) {
      const pad = Buffer.alloc(padding);
      pad[padding - 1] = padding;
      parts.push(pad);
    }
  }
  return Buffer.concat(parts);
}

/** 64-bit NTP timestamp (§4) of a Unix epoch time in ms. */
export function ntpFromUnixMs(ms: number): { seconds: number; fraction: number } {
  const NTP_UNIX_OFFSET = 2_208_988_800;
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 0x1_0000_0000);
  return { seconds: (seconds + NTP_UNIX_OFFSET) >>> 0, fraction: fraction >>> 0 };
}

/** The "middle 32 bits" of an NTP timestamp, the unit of LSR (§6.4.1). */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}
