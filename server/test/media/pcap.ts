// Minimal libpcap file reader (https://www.tcpdump.org/manpages/pcap-savefile.5.txt) that
// yields the UDP datagrams of a capture. Enough for the captures sipp ships and for what tshark
// writes on loopback; pcapng is not supported.
import { readFileSync } from 'node:fs';

export interface UdpDatagram {
  /** Capture time in ms since the first packet. */
  timeMs: number;
  srcAddress: string;
  srcPort: number;
  dstAddress: string;
  dstPort: number;
  payload: Buffer;
}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_LINUX_SLL2 = 276;

export function readPcapUdp(path: string): UdpDatagram[] {
  return parsePcapUdp(readFileSync(path));
}

export function parsePcapUdp(file: Buffer): UdpDatagram[] {
  if (file.length < 24) throw new Error('pcap: file shorter than the global header');
  const magic = file.readUInt32LE(0);
  let little: boolean;
  let nano = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) little = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) little = false;
  else throw new Error(`pcap: bad magic 0x${magic.toString(16)}`);
  if (magic === 0xa1b23c4d || magic === 0x4d3cb2a1) nano = true;
  const u32 = (offset: number): number =>
    little ? file.readUInt32LE(offset) : file.readUInt32BE(offset);
  const linkType = u32(20) & 0xffff;
  const out: UdpDatagram[] = [];
  let first: number | null = null;
  let offset = 24;
  while (offset + 16 <= file.length) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const captured = u32(offset + 8);
    const frame = file.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    const time = seconds * 1000 + (nano ? fraction / 1e6 : fraction / 1e3);
    first ??= time;
    const ip = ipPayloadOf(frame, linkType);
    if (!ip) continue;
    const datagram = udpOf(ip);
    if (datagram) out.push({ ...datagram, timeMs: time - first });
  }
  return out;
}

function ipPayloadOf(frame: Buffer, linkType: number): Buffer | null {
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      let offset = 12;
      let etherType = frame.readUInt16BE(offset);
      while (etherType === 0x8100 && frame.length >= offset + 6) {
        offset += 4; // 802.1Q VLAN tag
        etherType = frame.readUInt16BE(offset);
      }
      return etherType === 0x0800 || etherType === 0x86dd ? frame.subarray(offset + 2) : null;
    }
    case LINKTYPE_LINUX_SLL:
      return frame.subarray(16);
    case LINKTYPE_LINUX_SLL2:
      return frame.subarray(20);
    case LINKTYPE_NULL:
      return frame.subarray(4);
    case LINKTYPE_RAW:
      return frame;
    default:
      return null;
  }
}

function udpOf(ip: Buffer): Omit<UdpDatagram, 'timeMs'> | null {
  if (ip.length < 20) return null;
  const version = ip[0]! >> 4;
  let protocol: number;
  let headerLength: number;
  let src: string;
  let dst: string;
  if (version === 4) {
    headerLength = (ip[0]! & 0x0f) * 4;
    protocol = ip[9]!;
    src = [...ip.subarray(12, 16)].join('.');
    dst = [...ip.subarray(16, 20)].join('.');
  } else if (version === 6 && ip.length >= 40) {
    headerLength = 40; // extension headers are not followed: loopback captures have none
    protocol = ip[6]!;
    src = ipv6(ip.subarray(8, 24));
    dst = ipv6(ip.subarray(24, 40));
  } else return null;
  if (protocol !== 17) return null;
  const udp = ip.subarray(headerLength);
  if (udp.length < 8) return null;
  const length = udp.readUInt16BE(4);
  return {
    srcAddress: src,
    srcPort: udp.readUInt16BE(0),
    dstAddress: dst,
    dstPort: udp.readUInt16BE(2),
    payload: Buffer.from(udp.subarray(8, Math.min(length, udp.length))),
  };
}

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}
