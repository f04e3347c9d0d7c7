// What a leg sends on each 20 ms tick of the shared clock: the next 20 ms of the prompt, or
// the next RFC 4733 event packet (DTMF pauses the prompt: §2.5.1.5 says not to send audio
// and events for the same time). Pure state, no sockets: the leg turns intents into RTP.
import { TICK_MS } from './media-clock.ts';
import { dtmfEventCode, serializeTelephoneEvent } from '../rtp/index.ts';
import type { PlayResult } from './media-server.types.ts';

export const SAMPLES_PER_TICK = 160;
const END_REPEATS = 3; // §2.5.1.4
const INTER_DIGIT_TICKS = 3; // 60 ms pause between digits
const DTMF_VOLUME = 10; // −10 dBm0, what most phones send

export type PlayoutIntent =
  | { kind: 'audio'; samples: Int16Array; marker: boolean }
  | { kind: 'event'; payload: Buffer; marker: boolean; first: boolean; durationSamples: number }
  | { kind: 'pause' };

interface Prompt {
  pcm: Int16Array;
  position: number;
  loop: boolean;
  resolve: (result: PlayResult) => void;
}

interface DigitJob {
  event: number;
  ticks: number;
  sent: number;
  ends: number;
  gap: number;
}

export class Playout {
  private prompt: Prompt | null = null;
  private readonly digits: DigitJob[] = [];
  private digitsDone: (() => void)[] = [];
  private readonly frame = new Int16Array(SAMPLES_PER_TICK);
  private talkspurt = true;

  get playing(): boolean {
    return this.prompt !== null;
  }

  get busy(): boolean {
    return this.prompt !== null || this.digits.length > 0;
  }

  play(pcm: Int16Array, loop: boolean): Promise<PlayResult> {
    this.stop();
    return new Promise((resolve) => {
      this.prompt = { pcm, position: 0, loop, resolve };
      this.talkspurt = true;
    });
  }

  stop(): void {
    const prompt = this.prompt;
    this.prompt = null;
    prompt?.resolve('stopped');
  }

  /** Queues digits; resolves when the last end packet went out. Unknown characters are skipped. */
  sendDigits(digits: string, durationMs: number): Promise<void> {
    const ticks = Math.max(2, Math.round(durationMs / TICK_MS));
    for (const char of digits) {
      const event = dtmfEventCode(char);
      if (event !== null) this.digits.push({ event, ticks, sent: 0, ends: 0, gap: 0 });
    }
    if (this.digits.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.digitsDone.push(resolve));
  }

  /** Clears everything (leg closing). */
  reset(): void {
    this.stop();
    this.digits.length = 0;
    this.finishDigits();
  }

  next(): PlayoutIntent | null {
    const job = this.digits[0];
    if (job) {
      const intent = this.nextEvent(job);
      if (intent) return intent;
    }
    const prompt = this.prompt;
    if (!prompt) return null;
    const { pcm } = prompt;
    let filled = 0;
    while (filled < SAMPLES_PER_TICK) {
      if (prompt.position >= pcm.length) {
        if (!prompt.loop || pcm.length === 0) break;
        prompt.position = 0;
      }
      const take = Math.min(SAMPLES_PER_TICK - filled, pcm.length - prompt.position);
      this.frame.set(pcm.subarray(prompt.position, prompt.position + take), filled);
      prompt.position += take;
      filled += take;
    }
    if (filled === 0) {
      this.prompt = null;
      prompt.resolve('done');
      return null;
    }
    this.frame.fill(0, filled);
    const marker = this.talkspurt;
    this.talkspurt = false;
    if (!prompt.loop && prompt.position >= pcm.length) {
      // Last frame: resolve now so the caller's next step starts on the next tick.
      this.prompt = null;
      prompt.resolve('done');
    }
    return { kind: 'audio', samples: this.frame, marker };
  }

  private nextEvent(job: DigitJob): PlayoutIntent | null {
    if (job.sent < job.ticks) {
      job.sent++;
      const end = job.sent === job.ticks;
      if (end) job.ends++;
      return this.eventIntent(job, end, job.sent === 1);
    }
    if (job.ends < END_REPEATS) {
      job.ends++;
      return this.eventIntent(job, true, false);
    }
    if (job.gap < INTER_DIGIT_TICKS) {
      job.gap++;
      return { kind: 'pause' };
    }
    this.digits.shift();
    this.talkspurt = true;
    if (this.digits.length === 0) this.finishDigits();
    return this.digits[0] ? this.nextEvent(this.digits[0]) : null;
  }

  private eventIntent(job: DigitJob, end: boolean, first: boolean): PlayoutIntent {
    const durationSamples = job.sent * SAMPLES_PER_TICK;
    const payload = serializeTelephoneEvent({
      event: job.event,
      end,
      volume: DTMF_VOLUME,
      duration: durationSamples,
    });
    // §2.5.1.3: the marker bit is set on the first packet of an event.
    return { kind: 'event', payload, marker: first, first, durationSamples };
  }

  private finishDigits(): void {
    const done = this.digitsDone;
    this.digitsDone = [];
    for (const resolve of done) resolve();
  }
}
