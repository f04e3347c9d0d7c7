import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resample } from './resample.ts';
import { rms, tone } from './signal.ts';
import { encodeWav, loadPrompt, parseWav, toMediaPcm } from './wav.ts';
import { WavWriter } from './wav-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'yunhu-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Dominant frequency from zero crossings (good enough for a pure tone). */
function frequencyOf(samples: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return (crossings / 2) * (rate / samples.length);
}

/** sox (Debian package) writes the inputs, so the reader is tested on another tool's files. */
function soxTone(name: string, args: string[]): string {
  const path = join(dir, name);
  execFileSync('sox', ['-n', ...args, path, 'synth', '1', 'sine', '440', 'vol', '0.5']);
  return path;
}

describe('WAV reading (files written by sox)', () => {
  it('loads 8 kHz mono 16-bit as is: 8000 samples of 440 Hz', async () => {
    const pcm = await loadPrompt(soxTone('a.wav', ['-r', '8000', '-c', '1', '-b', '16']));
    expect(pcm.length).toBe(8000);
    expect(frequencyOf(pcm, 8000)).toBeCloseTo(440, -1);
    expect(rms(pcm) / (0.5 * 32767 * Math.SQRT1_2)).toBeCloseTo(1, 1);
  });

  it.each([
    ['16 kHz stereo 16-bit', ['-r', '16000', '-c', '2', '-b', '16']],
    ['44.1 kHz mono 24-bit', ['-r', '44100', '-c', '1', '-b', '24']],
    ['48 kHz mono float', ['-r', '48000', '-c', '1', '-e', 'floating-point', '-b', '32']],
    ['11.025 kHz 8-bit unsigned', ['-r', '11025', '-c', '1', '-b', '8', '-e', 'unsigned']],
    ['8 kHz µ-law', ['-r', '8000', '-c', '1', '-e', 'mu-law']],
    ['8 kHz A-law', ['-r', '8000', '-c', '1', '-e', 'a-law']],
  ])('converts %s to 8 kHz mono: 1 s, 440 Hz, same level within 3 %', async (name, args) => {
    const pcm = await loadPrompt(soxTone(`${name.replace(/\W+/g, '-')}.wav`, args));
    expect(Math.abs(pcm.length - 8000)).toBeLessThanOrEqual(1);
    expect(frequencyOf(pcm, 8000)).toBeGreaterThan(430);
    expect(frequencyOf(pcm, 8000)).toBeLessThan(450);
    expect(Math.abs(rms(pcm) / (0.5 * 32767 * Math.SQRT1_2) - 1)).toBeLessThan(0.03);
  });

  it('rejects a file that is not WAV with a coded error naming the file', () => {
    expect(() => parseWav(Buffer.from('hello world, not a wav'), 'x.wav')).toThrow(/RIFF.*x\.wav/);
  });
});

describe('WAV writing', () => {
  it('encodeWav output is read back by parseWav and accepted by sox (soxi: 8000 Hz, 2 ch)', () => {
    const samples = new Int16Array(1600).map((_, i) => (i % 2 ? 100 : -100));
    const path = join(dir, 'stereo.wav');
    rmSync(path, { force: true });
    const wav = encodeWav({ sampleRate: 8000, channels: 2, samples });
    execFileSync('sh', ['-c', `cat > ${path}`], { input: wav });
    expect(parseWav(readFileSync(path))).toEqual({ sampleRate: 8000, channels: 2, samples });
    expect(execFileSync('soxi', ['-r', path]).toString().trim()).toBe('8000');
    expect(execFileSync('soxi', ['-c', path]).toString().trim()).toBe('2');
    expect(execFileSync('soxi', ['-s', path]).toString().trim()).toBe('800');
  });

  it('WavWriter streams 3 s in 20 ms pieces and patches the sizes: 24,000 frames', async () => {
    const path = join(dir, 'stream.wav');
    const writer = new WavWriter(path, 1);
    const piece = tone(300, 20);
    for (let i = 0; i < 150; i++) writer.write(piece);
    const result = await writer.close();
    expect(result).toMatchObject({ channels: 1, bytes: 44 + 48000, durationMs: 3000 });
    const audio = parseWav(readFileSync(path));
    expect(audio.samples.length).toBe(24000);
    expect(audio.samples.subarray(160, 320)).toEqual(piece);
    expect(execFileSync('soxi', ['-D', path]).toString().trim()).toBe('3.000000');
  });

  it('toMediaPcm mixes stereo to mono by averaging', () => {
    const pcm = toMediaPcm({
      sampleRate: 8000,
      channels: 2,
      samples: Int16Array.of(100, 300, -50, 50),
    });
    expect([...pcm]).toEqual([200, 0]);
  });

  it('resample upsamples 4 kHz to 8 kHz by linear interpolation', () => {
    expect([...resample(Int16Array.of(0, 100, 200, 300), 4000, 8000)]).toEqual([
      0, 50, 100, 150, 200, 250, 300, 300,
    ]);
  });
});
