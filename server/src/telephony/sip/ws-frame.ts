// Minimal WebSocket framing (RFC 6455 §5.2) for SIP over WebSocket (RFC 7118): each SIP message is
// one text or binary WebSocket message (RFC 7118 §5.1).

export type WsOpcode = 0 | 1 | 2 | 8 | 9 | 10;

export interface WsFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export const MAX_WS_FRAME = 512 * 1024;

/** Encodes one frame; clients must mask (§5.3), servers must not. */
export function encodeWsFrame(opcode: WsOpcode, payload: Buffer, mask?: Buffer): Buffer {
  const len = payload.length;
  const extra = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + extra + (mask ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (mask ? 0x80 : 0) | (extra === 0 ? len : extra === 2 ? 126 : 127);
  if (extra === 2) head.writeUInt16BE(len, 2);
  else if (extra === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([head, payload]);
  mask.copy(head, 2 + extra);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([head, body]);
}

export class WsFrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  /** Returns complete messages (fragments joined) and control frames; `error` → close. */
  push(chunk: Buffer): { frames: WsFrame[]; error?: string } {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const frames: WsFrame[] = [];
    for (;;) {
      if (this.buffer.length < 2) break;
      const b0 = this.buffer[0] ?? 0;
      const b1 = this.buffer[1] ?? 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) break;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) break;
        const big = this.buffer.readBigUInt64BE(2);
        if (big > BigInt(MAX_WS_FRAME)) return { frames, error: 'frame too large' };
        len = Number(big);
        offset = 10;
      }
      if (len > MAX_WS_FRAME) return { frames, error: 'frame too large' };
      const masked = (b1 & 0x80) !== 0;
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + len) break;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + len));
      if (masked) {
        for (let i = 0; i < len; i++) {
          payload[i] = (payload[i] ?? 0) ^ (this.buffer[maskOffset + (i & 3)] ?? 0);
        }
      }
      this.buffer = this.buffer.subarray(offset + len);
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      if (opcode >= 8) frames.push({ fin: true, opcode, payload });
      else if (opcode === 0) {
        this.fragments.push(payload);
        if (this.fragments.reduce((n, f) => n + f.length, 0) > MAX_WS_FRAME) {
          return { frames, error: 'message too large' };
        }
        if (fin) {
          frames.push({
            fin: true,
            opcode: this.fragmentOpcode,
            payload: Buffer.concat(this.fragments),
          });
          this.fragments = [];
        }
      } else if (fin) frames.push({ fin: true, opcode, payload });
      else {
        this.fragmentOpcode = opcode;
        this.fragments = [payload];
      }
    }
    return { frames };
  }
}
