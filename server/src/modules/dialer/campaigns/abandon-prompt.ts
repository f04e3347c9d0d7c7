import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The short message an abandoned callee hears: it names the company (issue 6) and says the call
// will not be repeated soon. Generated once per company text with espeak-ng + sox (8 kHz mono
// 16-bit WAV, the format the media engine plays); a recorded WAV can replace the file.

const run = promisify(execFile);

export function abandonText(company: string): string {
  return `您好，这里是${company}。很抱歉，现在没有空闲的座席，我们会另行与您联系，再见。`;
}

/** Path of the WAV for `company` in `dir`, generated when missing. */
export async function ensureAbandonPrompt(dir: string, company: string): Promise<string> {
  const text = abandonText(company);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const out = join(dir, `abandon-${hash}.wav`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const raw = `${out}.espeak.wav`;
  const tmp = `${out}.tmp.wav`;
  try {
    await run('espeak-ng', ['-v', 'cmn', '-s', '160', '-w', raw, text]);
    await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp]);
    renameSync(tmp, out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'the abandon message needs espeak-ng and sox (apt-get install espeak-ng sox)',
        {
          cause: error,
        },
      );
    }
    throw error;
  } finally {
    rmSync(raw, { force: true });
    rmSync(tmp, { force: true });
  }
  return out;
}
