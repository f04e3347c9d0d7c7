// G.711 (ITU-T Rec. G.711, 11/88) µ-law and A-law, after the public-domain Sun Microsystems
// reference (g711.c). Everything goes through lookup tables built once at load: decoding is a
// 256-entry table, encoding a 65,536-entry table indexed by the 16-bit sample, so the hot path is
// a single array read per sample.
import type { Codec } from '../media/media-server.types.ts';

const SEG_A_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const SEG_U_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const U_BIAS = 0x84;
const U_CLIP = 8159;

function segment(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= ends[i]!) return i;
  return ends.length;
}

/** G.711 A-law compression of one 16-bit sample (13-bit magnitude, even bits inverted). */
function linearToAlaw(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const seg = segment(pcm, SEG_A_END);
  if (seg >= 8) return 0x7f ^ mask;
  let value = seg << 4;
  value |= seg < 2 ? (pcm >> 1) & 0x0f : (pcm >> seg) & 0x0f;
  return value ^ mask;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return (a & 0x80) !== 0 ? t : -t;
}

/** G.711 µ-law compression of one 16-bit sample (14-bit magnitude, biased by 33). */
function linearToUlaw(sample: number): number {
  // Magnitude before the shift, so negative samples are not rounded away from zero.
  let pcm: number;
  let mask: number;
  if (sample < 0) {
    pcm = Math.min(-sample, 32767) >> 2;
    mask = 0x7f;
  } else {
    pcm = sample >> 2;
    mask = 0xff;
  }
  if (pcm > U_CLIP) pcm = U_CLIP;
  pcm += U_BIAS >> 2;
  const seg = segment(pcm, SEG_U_END);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((pcm >> (seg + 1)) & 0x0f)) ^ mask;
}

function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + U_BIAS) << ((u & 0x70) >> 4);
  return (u & 0x80) !== 0 ? U_BIAS - t : t - U_BIAS;
}

function buildTables(
  encode: (sample: number) => number,
  decode: (code: number) => number,
): { encode: Uint8Array; decode: Int16Array } {
  const encodeTable = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) encodeTable[i] = encode((i << 16) >> 16);
  const decodeTable = new Int16Array(256);
  for (let i = 0; i < 256; i++) decodeTable[i] = decode(i);
  return { encode: encodeTable, decode: decodeTable };
}

const TABLES: Record<Codec, { encode: Uint8Array; decode: Int16Array }> = {
  PCMU: buildTables(linearToUlaw, ulawToLinear),
  PCMA: buildTables(linearToAlaw, alawToLinear),
};

/** The code for digital silence: what a comfort-noise-free gap sounds like on the wire. */
export const G711_SILENCE: Record<Codec, number> = { PCMU: 0xff, PCMA: 0xd5 };

/** RFC 3551 §6 static payload types. */
export const STATIC_PAYLOAD_TYPE: Record<Codec, number> = { PCMU: 0, PCMA: 8 };

export function encodeG711(codec: Codec, pcm: Int16Array, out?: Uint8Array): Uint8Array {
  const table = TABLES[codec].encode;
  const target = out ?? new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) target[i] = table[pcm[i]! & 0xffff]!;
  return target;
}

export function decodeG711(codec: Codec, payload: Uint8Array, out?: Int16Array): Int16Array {
  const table = TABLES[codec].decode;
  const target = out ?? new Int16Array(payload.length);
  for (let i = 0; i < payload.length; i++) target[i] = table[payload[i]!]!;
  return target;
}

/** Re-encode between laws via linear (only used when two legs negotiated different codecs). */
export function transcodeG711(from: Codec, to: Codec, payload: Uint8Array): Uint8Array {
  if (from === to) return payload;
  const decode = TABLES[from].decode;
  const encode = TABLES[to].encode;
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = encode[decode[payload[i]!]! & 0xffff]!;
  return out;
}
