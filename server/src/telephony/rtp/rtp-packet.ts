// RTP fixed header (RFC 3550 §5.1), header extension (§5.3.1) and padding.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      defined by profile       |           length              |  (X = 1, §5.3.1)
// |                        header extension                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Parsing never throws: anything malformed from the network is dropped (returns null).

export const RTP_VERSION = 2;
export const RTP_HEADER_LENGTH = 12;

export interface RtpHeaderExtension {
  profile: number;
  /** Extension body, a multiple of 4 bytes. */
  data: Buffer;
}

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  extension: RtpHeaderExtension | null;
  payload: Buffer;
  /** Bytes of padding at the end (the last of them holds the count); 0 = no P bit. */
  paddingLength: number;
}

/** Quick check used by the demultiplexer: RTP vs RTCP on one port (RFC 5761 §4). */
export function looksLikeRtcp(data: Buffer): boolean {
  if (data.length < 2) return false;
  const packetType = data[1]!;
  return packetType >= 192 && packetType <= 223;
}

export function parseRtp(data: Buffer): RtpPacket | null {
  if (data.length < RTP_HEADER_LENGTH) return null;
  const first = data[0]!;
  if (first >> 6 !== RTP_VERSION) return null;
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  const second = data[1]!;
  let offset = RTP_HEADER_LENGTH + csrcCount * 4;
  if (data.length < offset) return null;
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(data.readUInt32BE(RTP_HEADER_LENGTH + i * 4));
  let extension: RtpHeaderExtension | null = null;
  if (hasExtension) {
    if (data.length < offset + 4) return null;
    const profile = data.readUInt16BE(offset);
    const words = data.readUInt16BE(offset + 2);
    const end = offset + 4 + words * 4;
    if (data.length < end) return null;
    extension = { profile, data: data.subarray(offset + 4, end) };
    offset = end;
  }
  let paddingLength = 0;
  if (hasPadding) {
    // §5.1: the last octet of the padding counts how many padding octets to ignore, itself included.
    paddingLength = data[data.length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > data.length) return null;
  }
  return {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequenceNumber: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    ssrc: data.readUInt32BE(8),
    csrcs,
    extension,
    payload: data.subarray(offset, data.length - paddingLength),
    paddingLength,
  };
}

export function serializeRtp(packet: RtpPacket): Buffer {
  const csrcCount = Math.min(packet.csrcs.length, 15);
  const extensionLength = packet.extension ? 4 + packet.extension.data.length : 0;
  const headerLength = RTP_HEADER_LENGTH + csrcCount * 4 + extensionLength;
  const out = Buffer.alloc(headerLength + packet.payload.length + packet.paddingLength);
  out[0] =
    (RTP_VERSION << 6) |
    (packet.paddingLength > 0 ? 0x20 : 0) |
    (packet.extension ? 0x10 : 0) |
    csrcCount;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  out.writeUInt16BE(packet.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(packet.timestamp >>> 0, 4);
  out.writeUInt32BE(packet.ssrc >>> 0, 8);
  let offset = RTP_HEADER_LENGTH;
  for (let i = 0; i < csrcCount; i++, offset += 4)
    out.writeUInt32BE(packet.csrcs[i]! >>> 0, offset);
  if (packet.extension) {
    out.writeUInt16BE(packet.extension.profile, offset);
    out.writeUInt16BE(Math.ceil(packet.extension.data.length / 4), offset + 2);
    packet.extension.data.copy(out, offset + 4);
    offset += extensionLength;
  }
  packet.payload.copy(out, offset);
  if (packet.paddingLength > 0) out[out.length - 1] = packet.paddingLength;
  return out;
}

/** A plain packet (no CSRC, no extension, no padding) written into a fresh buffer. */
export function buildRtp(
  payloadType: number,
  sequenceNumber: number,
  timestamp: number,
  ssrc: number,
  payload: Uint8Array,
  marker = false,
): Buffer {
  const out = Buffer.allocUnsafe(RTP_HEADER_LENGTH + payload.length);
  out[0] = RTP_VERSION << 6;
  out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  out.writeUInt16BE(sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(timestamp >>> 0, 4);
  out.writeUInt32BE(ssrc >>> 0, 8);
  out.set(payload, RTP_HEADER_LENGTH);
  return out;
}

/** Offset of the payload in a packet already validated by parseRtp, or -1. */
export function rtpPayloadOffset(data: Buffer): number {
  if (data.length < RTP_HEADER_LENGTH || data[0]! >> 6 !== RTP_VERSION) return -1;
  let offset = RTP_HEADER_LENGTH + (data[0]! & 0x0f) * 4;
  if ((data[0]! & 0x10) !== 0) {
    if (data.length < offset + 4) return -1;
    offset += 4 + data.readUInt16BE(offset + 2) * 4;
  }
  return offset <= data.length ? offset : -1;
}
