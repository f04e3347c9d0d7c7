import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWav } from '../audio/index.ts';
import { Recorder } from './recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'yunhu-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const frame = (value: number, length = 160): Int16Array => new Int16Array(length).fill(value);

describe('Recorder', () => {
  it('keeps a 1 s silence gap where the timestamps jump (DTX / hold) in a mono recording', async () => {
    const path = join(dir, 'gap.wav');
    const recorder = new Recorder(path, 1);
    for (let i = 0; i < 10; i++) recorder.push(0, 1, i * 160, frame(1000), i * 20);
    // 1 s without packets, timestamps continue accordingly (RFC 3550 §5.1)
    for (let i = 60; i < 70; i++) recorder.push(0, 1, i * 160, frame(2000), i * 20);
    const info = await recorder.close();
    expect(info.durationMs).toBe(1400);
    const samples = parseWav(readFileSync(path)).samples;
    expect(samples.length).toBe(11200);
    expect(samples[0]).toBe(1000);
    expect(samples[1599]).toBe(1000);
    expect(samples[1600]).toBe(0);
    expect(samples[9599]).toBe(0);
    expect(samples[9600]).toBe(2000);
  });

  it('aligns two channels by arrival: the right channel starting 500 ms later starts at sample 4000', async () => {
    const path = join(dir, 'stereo.wav');
    const recorder = new Recorder(path, 2);
    for (let i = 0; i < 50; i++) {
      recorder.push(0, 11, 5000 + i * 160, frame(100), i * 20 + 20);
      if (i >= 25) recorder.push(1, 22, 999_999 + (i - 25) * 160, frame(-200), i * 20 + 20);
      recorder.tick(i * 20 + 20);
    }
    await recorder.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.channels).toBe(2);
    const left = wav.samples.filter((_, i) => i % 2 === 0);
    const right = wav.samples.filter((_, i) => i % 2 === 1);
    expect(left.length).toBe(8000);
    expect(left.every((s) => s === 100)).toBe(true);
    expect(right[3999]).toBe(0);
    expect(right[4000]).toBe(-200);
    expect(right[7999]).toBe(-200);
  });

  it('places reordered packets by timestamp and re-anchors on a new SSRC', async () => {
    const path = join(dir, 'reorder.wav');
    const recorder = new Recorder(path, 1);
    recorder.push(0, 1, 0, frame(1), 20);
    recorder.push(0, 1, 320, frame(3), 40); // arrives before its predecessor
    recorder.push(0, 1, 160, frame(2), 41);
    recorder.push(0, 9, 77_777, frame(4), 80); // new source: placed by arrival (80 ms → 480)
    await recorder.close();
    const samples = parseWav(readFileSync(path)).samples;
    expect([samples[0], samples[160], samples[320], samples[480], samples[639]]).toEqual([
      1, 2, 3, 4, 4,
    ]);
    expect(samples.length).toBe(640);
  });

  it('flushes to disk while recording long calls (ring buffer of 4 s never overruns)', async () => {
    const path = join(dir, 'long.wav');
    const recorder = new Recorder(path, 1);
    for (let i = 0; i < 500; i++) recorder.push(0, 1, i * 160, frame(i % 100), i * 20 + 20); // 10 s
    expect(recorder.durationMs).toBe(10_000);
    await recorder.close();
    const samples = parseWav(readFileSync(path)).samples;
    expect(samples.length).toBe(80_000);
    expect(samples[160 * 499]).toBe(99);
    expect(samples[160 * 250]).toBe(50);
  });
});
