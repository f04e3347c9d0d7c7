// Mandarin and English prompts generated with espeak-ng + sox as 8 kHz mono 16-bit WAV files
// in <dir>/<zh|en>/<name>.wav. Generated once (on first start, by tests, or by
// `node server/scripts/build-prompts.ts`) and again only when a text changes; a recorded WAV
// with the same name can replace any of them (its text is then no longer checked).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PromptLanguage = 'zh' | 'en';

export const MAX_POSITION_PROMPT = 20;
/** Expected waits are announced in whole minutes up to this; longer is "more than N minutes". */
export const MAX_WAIT_PROMPT = 30;

const BASE: Record<string, Record<PromptLanguage, string>> = {
  welcome: {
    zh: '您好，欢迎致电云呼客户服务中心。',
    en: 'Hello, and welcome to the Yunhu service center.',
  },
  menu: {
    zh: '销售请按1，售后服务请按2。',
    en: 'For sales, press 1. For after-sales service, press 2.',
  },
  invalid: { zh: '您的输入有误，请重新输入。', en: 'Sorry, that is not a valid choice.' },
  timeout: { zh: '我们没有收到您的输入。', en: 'We did not receive your input.' },
  hold: {
    zh: '座席正忙，请稍候，您的来电将按顺序接听。',
    en: 'All our agents are busy. Please hold, your call will be answered in turn.',
  },
  goodbye: { zh: '感谢您的来电，再见。', en: 'Thank you for calling. Goodbye.' },
  voicemail: {
    zh: '请在提示音后留言，按井号键结束。',
    en: 'Please leave a message after the tone, and press the hash key when you are done.',
  },
  callback: {
    zh: '已为您登记回电，我们会尽快给您回电话，再见。',
    en: 'Your callback request is registered. We will call you back soon. Goodbye.',
  },
  abandon: {
    zh: '很抱歉，目前无法接通，请稍后再拨。',
    en: 'Sorry, we cannot take your call now. Please call again later.',
  },
  closed: {
    zh: '您好，现在是非工作时间，我们的工作时间是周一至周五上午九点到下午六点。',
    en: 'Our office is closed. Our opening hours are Monday to Friday, nine a.m. to six p.m.',
  },
  transfer: { zh: '正在为您转接，请稍候。', en: 'Please hold while we transfer your call.' },
  'queue-position-next': { zh: '您是下一位，请稍候。', en: 'You are next in line. Please hold.' },
  'queue-position-many': {
    zh: `您前面还有${MAX_POSITION_PROMPT}位以上客户在等候。`,
    en: `There are more than ${MAX_POSITION_PROMPT} callers ahead of you.`,
  },
  'expected-wait-lt1': {
    zh: '预计等待不到一分钟。',
    en: 'The expected wait is less than a minute.',
  },
  'expected-wait-many': {
    zh: `预计等待超过${MAX_WAIT_PROMPT}分钟。`,
    en: `The expected wait is more than ${MAX_WAIT_PROMPT} minutes.`,
  },
};

function positionTexts(): Record<string, Record<PromptLanguage, string>> {
  const out: Record<string, Record<PromptLanguage, string>> = {};
  for (let n = 1; n <= MAX_POSITION_PROMPT; n++) {
    out[`queue-position-${n}`] = {
      zh: `您前面还有${n}位。`,
      en: n === 1 ? 'There is one caller ahead of you.' : `There are ${n} callers ahead of you.`,
    };
  }
  return out;
}

function waitTexts(): Record<string, Record<PromptLanguage, string>> {
  const out: Record<string, Record<PromptLanguage, string>> = {};
  for (let n = 1; n <= MAX_WAIT_PROMPT; n++) {
    out[`expected-wait-${n}`] = {
      zh: `预计等待约${n}分钟。`,
      en: `The expected wait is about ${n} minute${n === 1 ? '' : 's'}.`,
    };
  }
  return out;
}

/** Every prompt text by name and language (beep is a 1 kHz tone, not speech). */
export const PROMPT_TEXTS: Readonly<Record<string, Record<PromptLanguage, string>>> = {
  ...BASE,
  ...positionTexts(),
  ...waitTexts(),
};
export const PROMPT_NAMES: readonly string[] = [...Object.keys(PROMPT_TEXTS), 'beep'];

const VOICES: Record<PromptLanguage, string> = { zh: 'cmn', en: 'en-us' };

export function promptPath(dir: string, language: PromptLanguage, name: string): string {
  return join(dir, language, `${name}.wav`);
}

/** The queue-position prompt name for N callers ahead ("next" for none, "many" above the max). */
export function positionPromptName(ahead: number): string {
  if (ahead < 1) return 'queue-position-next';
  if (ahead > MAX_POSITION_PROMPT) return 'queue-position-many';
  return `queue-position-${Math.max(1, Math.floor(ahead))}`;
}

/**
 * The expected-wait prompt for a wait in ms: under a minute "less than a minute", otherwise
 * rounded UP to whole minutes (61 s → 2), "more than MAX" above MAX_WAIT_PROMPT minutes.
 */
export function expectedWaitPromptName(waitMs: number): string {
  if (waitMs < 60_000) return 'expected-wait-lt1';
  const minutes = Math.ceil(waitMs / 60_000);
  if (minutes > MAX_WAIT_PROMPT) return 'expected-wait-many';
  return `expected-wait-${minutes}`;
}

const SOX_OUT = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer'];

async function speak(text: string, voice: string, out: string): Promise<void> {
  const raw = `${out}.espeak.wav`;
  try {
    // -s 150: a little slower than espeak's default, clearer over G.711.
    await run('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text]);
    // vol 0.7 avoids the clipping espeak-ng output shows when resampled.
    await run('sox', [raw, ...SOX_OUT, out, 'vol', '0.7']);
  } finally {
    rmSync(raw, { force: true });
  }
}

async function beep(out: string): Promise<void> {
  await run('sox', ['-n', ...SOX_OUT, out, 'synth', '0.4', 'sine', '1000', 'vol', '0.5']);
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

export interface PromptBuildResult {
  dir: string;
  /** How many files were (re)generated now; 0 when everything was up to date. */
  generated: number;
}

/**
 * Generates missing or outdated prompts into `dir`. Needs `espeak-ng` and `sox` on the PATH
 * (Debian packages espeak-ng, sox); throws an error naming the missing tool otherwise.
 */
export async function ensurePrompts(
  dir: string,
  languages: readonly PromptLanguage[] = ['zh', 'en'],
): Promise<PromptBuildResult> {
  const manifestPath = join(dir, 'manifest.json');
  let manifest: Record<string, string> = {};
  if (existsSync(manifestPath)) {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
    } catch {
      manifest = {};
    }
  }
  const jobs: { key: string; hash: string; out: string; make: (tmp: string) => Promise<void> }[] =
    [];
  for (const language of languages) {
    mkdirSync(join(dir, language), { recursive: true });
    for (const name of PROMPT_NAMES) {
      const text = PROMPT_TEXTS[name]?.[language];
      const key = `${language}/${name}`;
      const hash = text === undefined ? 'beep-1000hz-400ms' : `${VOICES[language]}:${hashOf(text)}`;
      const out = promptPath(dir, language, name);
      if (existsSync(out) && manifest[key] === hash) continue;
      const make = text === undefined ? beep : (tmp: string) => speak(text, VOICES[language], tmp);
      jobs.push({ key, hash, out, make });
    }
  }
  let generated = 0;
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const tmp = `${job.out}.${process.pid}.tmp.wav`;
      try {
        await job.make(tmp);
        renameSync(tmp, job.out);
      } catch (error) {
        rmSync(tmp, { force: true });
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT') {
          throw new Error(
            'prompt generation needs espeak-ng and sox (apt-get install espeak-ng sox)',
            { cause: error },
          );
        }
        throw error;
      }
      manifest[job.key] = job.hash;
      generated++;
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  if (generated > 0) {
    const tmp = `${manifestPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(manifest, null, 2));
    renameSync(tmp, manifestPath);
  }
  return { dir, generated };
}
