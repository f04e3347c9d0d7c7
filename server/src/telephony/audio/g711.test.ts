import alawmulaw from 'alawmulaw';
import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, G711_SILENCE, transcodeG711 } from './g711.ts';
import { rms, tone } from './signal.ts';

const ALL = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const CODES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('G.711 tables', () => {
  it('µ-law encodes all 65,536 samples exactly as alawmulaw does and decodes identically', () => {
    expect(
      Buffer.from(encodeG711('PCMU', ALL)).equals(Buffer.from(alawmulaw.mulaw.encode(ALL))),
    ).toBe(true);
    expect(decodeG711('PCMU', CODES)).toEqual(alawmulaw.mulaw.decode(CODES));
  });

  it('A-law decodes identically; encodes identically except 127 decision-point ties, never worse', () => {
    expect(decodeG711('PCMA', CODES)).toEqual(alawmulaw.alaw.decode(CODES));
    const mine = encodeG711('PCMA', ALL);
    const theirs = alawmulaw.alaw.encode(ALL);
    const mineDecoded = decodeG711('PCMA', mine);
    const theirsDecoded = alawmulaw.alaw.decode(theirs);
    let differences = 0;
    for (let i = 0; i < ALL.length; i++) {
      if (mine[i] === theirs[i]) continue;
      differences++;
      const errorMine = Math.abs(mineDecoded[i]! - ALL[i]!);
      const errorTheirs = Math.abs(theirsDecoded[i]! - ALL[i]!);
      expect(errorMine).toBeLessThanOrEqual(errorTheirs);
    }
    expect(differences).toBe(127);
  });

  it('decode → encode is the identity on every code except µ-law 0x7f (negative zero)', () => {
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const back = encodeG711(codec, decodeG711(codec, CODES));
      const mismatches = [...CODES].filter((code) => back[code] !== code);
      expect(mismatches).toEqual(codec === 'PCMU' ? [0x7f] : []);
    }
  });

  it('keeps a 1 kHz tone within 1 % RMS through either law, and silence codes decode to ~0', () => {
    const signal = tone(1000, 200, 10000);
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const decoded = decodeG711(codec, encodeG711(codec, signal));
      expect(Math.abs(rms(decoded) / rms(signal) - 1)).toBeLessThan(0.01);
      expect(
        Math.abs(decodeG711(codec, Uint8Array.of(G711_SILENCE[codec]))[0]!),
      ).toBeLessThanOrEqual(8);
    }
  });

  it('transcodes A-law to µ-law preserving the level (within 1 %)', () => {
    const signal = tone(440, 100, 12000);
    const alaw = encodeG711('PCMA', signal);
    const ulaw = transcodeG711('PCMA', 'PCMU', alaw);
    expect(Math.abs(rms(decodeG711('PCMU', ulaw)) / rms(signal) - 1)).toBeLessThan(0.01);
    expect(transcodeG711('PCMU', 'PCMU', ulaw)).toBe(ulaw);
  });
});
