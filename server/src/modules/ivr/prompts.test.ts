// Prompt generation with the real espeak-ng and sox: every prompt is an 8 kHz mono 16-bit WAV
// with sound in it; a second run regenerates nothing; a changed text is regenerated.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrompts, positionPromptName, PROMPT_NAMES, promptPath } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'yunhu-prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readWav(path: string) {
  const b = readFileSync(path);
  expect(b.toString('ascii', 0, 4)).toBe('RIFF');
  expect(b.toString('ascii', 8, 12)).toBe('WAVE');
  let offset = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = {
        format: b.readUInt16LE(body),
        channels: b.readUInt16LE(body + 2),
        rate: b.readUInt32LE(body + 4),
        bits: b.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      const samples = new Int16Array(
        b.buffer.slice(b.byteOffset + body, b.byteOffset + body + size),
      );
      return { fmt, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

describe('prompt generation (espeak-ng + sox)', () => {
  it(
    'writes every prompt in Mandarin and English as 8 kHz mono 16-bit PCM with audio',
    { timeout: 120_000 },
    async () => {
      const first = await ensurePrompts(dir);
      expect(first.generated).toBe(PROMPT_NAMES.length * 2);
      for (const language of ['zh', 'en'] as const) {
        for (const name of PROMPT_NAMES) {
          const { fmt, samples } = readWav(promptPath(dir, language, name));
          expect(fmt).toEqual({ format: 1, channels: 1, rate: 8000, bits: 16 });
          expect(samples.length / 8000).toBeGreaterThan(0.3);
          let energy = 0;
          for (const s of samples) energy += s * s;
          expect(Math.sqrt(energy / samples.length)).toBeGreaterThan(300);
        }
      }
      // The Mandarin menu is a real sentence (several seconds), not a stub.
      expect(readWav(promptPath(dir, 'zh', 'menu')).samples.length / 8000).toBeGreaterThan(1.5);
    },
  );

  it(
    'a second run is a no-op; a changed text (manifest) regenerates just that prompt',
    { timeout: 120_000 },
    async () => {
      const before = statSync(promptPath(dir, 'zh', 'menu')).mtimeMs;
      expect((await ensurePrompts(dir)).generated).toBe(0);
      const manifestPath = join(dir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
      manifest['zh/menu'] = 'cmn:stale';
      writeFileSync(manifestPath, JSON.stringify(manifest));
      expect((await ensurePrompts(dir)).generated).toBe(1);
      expect(statSync(promptPath(dir, 'zh', 'menu')).mtimeMs).toBeGreaterThanOrEqual(before);
    },
  );

  it('maps queue positions to prompt names', () => {
    expect(positionPromptName(0)).toBe('queue-position-next');
    expect(positionPromptName(1)).toBe('queue-position-1');
    expect(positionPromptName(20)).toBe('queue-position-20');
    expect(positionPromptName(21)).toBe('queue-position-many');
    expect(PROMPT_NAMES).toContain(positionPromptName(7));
  });
});
