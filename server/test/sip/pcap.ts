// Reads the RTP packets of the pcap files sipp ships (libpcap format, Ethernet/IPv4/UDP).
import { readFileSync } from 'node:fs';

export interface PcapRtp {
  payloadType: number;
  marker: boolean;
  timestamp: number;
  payload: Buffer;
}

export function readPcapRtp(path: string): PcapRtp[] {
  const data = readFileSync(path);
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o: number) => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const linkType = u32(20);
  const out: PcapRtp[] = [];
  for (let off = 24; off + 16 <= data.length;) {
    const caplen = u32(off + 8);
    const frame = data.subarray(off + 16, off + 16 + caplen);
    off += 16 + caplen;
    let ip = linkType === 1 ? 14 : linkType === 113 ? 16 : 0; // Ethernet / Linux cooked
    if (linkType === 1 && frame.readUInt16BE(12) === 0x8100) ip += 4;
    if ((frame[ip] ?? 0) >> 4 !== 4 || frame[ip + 9] !== 17) continue;
    const udp = ip + ((frame[ip] ?? 0) & 0x0f) * 4;
    const rtp = frame.subarray(udp + 8);
    if (rtp.length < 12 || (rtp[0] ?? 0) >> 6 !== 2) continue;
    const cc = (rtp[0] ?? 0) & 0x0f;
    out.push({
      payloadType: (rtp[1] ?? 0) & 0x7f,
      marker: ((rtp[1] ?? 0) & 0x80) !== 0,
      timestamp: rtp.readUInt32BE(4),
      payload: Buffer.from(rtp.subarray(12 + cc * 4)),
    });
  }
  return out;
}
