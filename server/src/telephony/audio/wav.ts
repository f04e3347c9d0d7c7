// RIFF/WAVE reading and writing (Microsoft "Multimedia Programming Interface and Data
// Specifications 1.0", 1991; WAVE_FORMAT_EXTENSIBLE per the 2001 Microsoft note). Prompts may
// come in any common PCM layout; the engine itself only ever writes 8 kHz 16-bit PCM.
import { readFile } from 'node:fs/promises';
import { invalidInput } from '../../platform/index.ts';
import { decodeG711 } from './g711.ts';
import { mixToMono, resample } from './resample.ts';

export const MEDIA_SAMPLE_RATE = 8000;
export const WAV_HEADER_LENGTH = 44;

export interface WavAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved signed 16-bit samples. */
  samples: Int16Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

export function parseWav(data: Buffer, where = 'wav'): WavAudio {
  const bad = (message: string): Error => invalidInput('media.wav_invalid', message, { where });
  if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF') throw bad('not a RIFF file');
  if (data.toString('ascii', 8, 12) !== 'WAVE') throw bad('not a WAVE file');
  let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = data.subarray(offset + 8, Math.min(data.length, offset + 8 + size));
    if (id === 'fmt ') {
      if (body.length < 16) throw bad('fmt chunk too short');
      let tag = body.readUInt16LE(0);
      if (tag === FORMAT_EXTENSIBLE && body.length >= 26) tag = body.readUInt16LE(24);
      format = {
        tag,
        channels: body.readUInt16LE(2),
        rate: body.readUInt32LE(4),
        bits: body.readUInt16LE(14),
      };
    } else if (id === 'data') {
      if (!format) throw bad('data chunk before fmt chunk');
      // Writers that crashed leave size 0 or 0xFFFFFFFF: take what is there.
      const payload = size === 0 || size === 0xffffffff ? data.subarray(offset + 8) : body;
      return {
        sampleRate: format.rate,
        channels: Math.max(1, format.channels),
        samples: toInt16(payload, format.tag, format.bits, bad),
      };
    }
    offset += 8 + size + (size & 1); // chunks are word-aligned
  }
  throw bad('no data chunk');
}

function toInt16(
  payload: Buffer,
  tag: number,
  bits: number,
  bad: (message: string) => Error,
): Int16Array {
  if (tag === FORMAT_ALAW || tag === FORMAT_MULAW) {
    return decodeG711(tag === FORMAT_ALAW ? 'PCMA' : 'PCMU', payload);
  }
  const bytes = bits / 8;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 4) throw bad(`unsupported ${bits}-bit`);
  const count = Math.floor(payload.length / bytes);
  const out = new Int16Array(count);
  if (tag === FORMAT_FLOAT && bits === 32) {
    for (let i = 0; i < count; i++)
      out[i] = clamp16(Math.round(payload.readFloatLE(i * 4) * 32767));
    return out;
  }
  if (tag !== FORMAT_PCM) throw bad(`unsupported format tag ${tag}`);
  for (let i = 0; i < count; i++) {
    const at = i * bytes;
    // 8-bit WAV is unsigned; wider samples are signed little-endian, keep the top 16 bits.
    if (bytes === 1) out[i] = (payload[at]! - 128) << 8;
    else if (bytes === 2) out[i] = payload.readInt16LE(at);
    else out[i] = payload.readIntLE(at, bytes) >> ((bytes - 2) * 8);
  }
  return out;
}

const clamp16 = (value: number): number => Math.max(-32768, Math.min(32767, value));

/** A 44-byte canonical PCM header (16-bit). */
export function wavHeader(dataBytes: number, channels: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_LENGTH);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(FORMAT_PCM, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export function encodeWav(audio: WavAudio): Buffer {
  const body = Buffer.from(
    audio.samples.buffer,
    audio.samples.byteOffset,
    audio.samples.byteLength,
  );
  return Buffer.concat([wavHeader(body.length, audio.channels, audio.sampleRate), body]);
}

/** Any WAV → 8 kHz mono 16-bit, what the engine plays (channels mixed, rate converted). */
export function toMediaPcm(audio: WavAudio): Int16Array {
  const mono = mixToMono(audio.samples, audio.channels);
  return resample(mono, audio.sampleRate, MEDIA_SAMPLE_RATE);
}

export async function loadPrompt(path: string): Promise<Int16Array> {
  return toMediaPcm(parseWav(await readFile(path), path));
}
