// Bodies of the RTCP packet types (RFC 3550 §6.4–6.6); framing lives in rtcp-packet.ts.
import type { ReportBlock, RtcpPacket, SdesChunk, SdesItem } from './rtcp-packet.ts';

const REPORT_BLOCK_LENGTH = 24;

export function parseRtcpBody(packetType: number, count: number, body: Buffer): RtcpPacket | null {
  switch (packetType) {
    case 200: {
      if (body.length < 24 + count * REPORT_BLOCK_LENGTH) return null;
      return {
        type: 'sr',
        ssrc: body.readUInt32BE(0),
        ntpSeconds: body.readUInt32BE(4),
        ntpFraction: body.readUInt32BE(8),
        rtpTimestamp: body.readUInt32BE(12),
        packetCount: body.readUInt32BE(16),
        octetCount: body.readUInt32BE(20),
        reports: parseReportBlocks(body, 24, count),
        extension: body.subarray(24 + count * REPORT_BLOCK_LENGTH),
      };
    }
    case 201: {
      if (body.length < 4 + count * REPORT_BLOCK_LENGTH) return null;
      return {
        type: 'rr',
        ssrc: body.readUInt32BE(0),
        reports: parseReportBlocks(body, 4, count),
        extension: body.subarray(4 + count * REPORT_BLOCK_LENGTH),
      };
    }
    case 202: {
      const chunks = parseSdesChunks(body, count);
      return chunks ? { type: 'sdes', chunks } : null;
    }
    case 203: {
      if (body.length < count * 4) return null;
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(body.readUInt32BE(i * 4));
      let reason: string | null = null;
      const at = count * 4;
      if (body.length > at) {
        const length = body[at]!;
        if (at + 1 + length > body.length) return null;
        reason = body.toString('utf8', at + 1, at + 1 + length);
      }
      return { type: 'bye', ssrcs, reason };
    }
    default:
      return { type: 'other', packetType, count, body: Buffer.from(body) };
  }
}

export function serializeRtcpBody(packet: RtcpPacket): {
  packetType: number;
  count: number;
  body: Buffer;
} {
  switch (packet.type) {
    case 'sr': {
      const head = Buffer.alloc(24);
      head.writeUInt32BE(packet.ssrc >>> 0, 0);
      head.writeUInt32BE(packet.ntpSeconds >>> 0, 4);
      head.writeUInt32BE(packet.ntpFraction >>> 0, 8);
      head.writeUInt32BE(packet.rtpTimestamp >>> 0, 12);
      head.writeUInt32BE(packet.packetCount >>> 0, 16);
      head.writeUInt32BE(packet.octetCount >>> 0, 20);
      const body = Buffer.concat([head, serializeReportBlocks(packet.reports), packet.extension]);
      return { packetType: 200, count: packet.reports.length, body };
    }
    case 'rr': {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(packet.ssrc >>> 0, 0);
      const body = Buffer.concat([head, serializeReportBlocks(packet.reports), packet.extension]);
      return { packetType: 201, count: packet.reports.length, body };
    }
    case 'sdes':
      return {
        packetType: 202,
        count: packet.chunks.length,
        body: Buffer.concat(packet.chunks.map(serializeSdesChunk)),
      };
    case 'bye': {
      const ids = Buffer.alloc(packet.ssrcs.length * 4);
      packet.ssrcs.forEach((ssrc, i) => ids.writeUInt32BE(ssrc >>> 0, i * 4));
      if (packet.reason === null) return { packetType: 203, count: packet.ssrcs.length, body: ids };
      const text = Buffer.from(packet.reason, 'utf8').subarray(0, 255);
      const reason = Buffer.alloc(pad4(1 + text.length));
      reason[0] = text.length;
      text.copy(reason, 1);
      return { packetType: 203, count: packet.ssrcs.length, body: Buffer.concat([ids, reason]) };
    }
    case 'other':
      return { packetType: packet.packetType, count: packet.count, body: packet.body };
  }
}

function parseReportBlocks(body: Buffer, offset: number, count: number): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < count; i++, offset += REPORT_BLOCK_LENGTH) {
    const lostWord = body.readUInt32BE(offset + 4);
    blocks.push({
      ssrc: body.readUInt32BE(offset),
      fractionLost: lostWord >>> 24,
      cumulativeLost: body.readIntBE(offset + 5, 3),
      highestSequence: body.readUInt32BE(offset + 8),
      jitter: body.readUInt32BE(offset + 12),
      lastSr: body.readUInt32BE(offset + 16),
      delaySinceLastSr: body.readUInt32BE(offset + 20),
    });
  }
  return blocks;
}

function serializeReportBlocks(blocks: readonly ReportBlock[]): Buffer {
  const out = Buffer.alloc(blocks.length * REPORT_BLOCK_LENGTH);
  blocks.forEach((block, i) => {
    const at = i * REPORT_BLOCK_LENGTH;
    out.writeUInt32BE(block.ssrc >>> 0, at);
    out[at + 4] = block.fractionLost & 0xff;
    // Cumulative loss is clamped to the signed 24-bit range (§6.4.1).
    out.writeIntBE(Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost)), at + 5, 3);
    out.writeUInt32BE(block.highestSequence >>> 0, at + 8);
    out.writeUInt32BE(block.jitter >>> 0, at + 12);
    out.writeUInt32BE(block.lastSr >>> 0, at + 16);
    out.writeUInt32BE(block.delaySinceLastSr >>> 0, at + 20);
  });
  return out;
}

function parseSdesChunks(body: Buffer, count: number): SdesChunk[] | null {
  const chunks: SdesChunk[] = [];
  let offset = 0;
  for (let c = 0; c < count; c++) {
    if (offset + 4 > body.length) return null;
    const ssrc = body.readUInt32BE(offset);
    offset += 4;
    const items: SdesItem[] = [];
    // Items run until a null type octet; the chunk then pads to a 32-bit boundary (§6.5).
    for (;;) {
      if (offset >= body.length) return null;
      const type = body[offset]!;
      if (type === 0) break;
      if (offset + 2 > body.length) return null;
      const length = body[offset + 1]!;
      if (offset + 2 + length > body.length) return null;
      items.push({ type, value: body.toString('utf8', offset + 2, offset + 2 + length) });
      offset += 2 + length;
    }
    offset = pad4(offset + 1);
    if (offset > body.length) return null;
    chunks.push({ ssrc, items });
  }
  return chunks;
}

function serializeSdesChunk(chunk: SdesChunk): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(chunk.ssrc >>> 0, 0);
  let length = 4;
  for (const item of chunk.items) {
    const text = Buffer.from(item.value, 'utf8').subarray(0, 255);
    parts.push(Buffer.from([item.type, text.length]), text);
    length += 2 + text.length;
  }
  // At least one null octet ends the item list, then zeros up to the 32-bit boundary.
  const end = pad4(length + 1);
  parts.push(Buffer.alloc(end - length));
  return Buffer.concat(parts);
}

const pad4 = (n: number): number => (n + 3) & ~3;
