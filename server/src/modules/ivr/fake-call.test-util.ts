// A scripted IvrCall for unit tests: prompts "play" for a few ms (or until stopPlayback), digits
// are pressed by a script keyed on the prompt that starts, collection keeps type-ahead like the
// telephony DigitCollector, and a manual clock makes response times exact.
import { basename } from 'node:path';
import type { IvrCall, IvrCallEvent } from './ivr.types.ts';

export interface FakeCallOptions {
  from?: string;
  /** Called when a prompt starts (name without .wav); may press digits or hang up. */
  onPlay?: (name: string, call: FakeCall) => void;
  /** Clock ms that pass between a finished collection and the runner's next step. */
  stepMs?: number;
  /** How long prompts play (ms), per prompt name or for all; default 5. */
  playMs?: number | Record<string, number>;
}

export class FakeCall implements IvrCall {
  readonly id = 'fake-call-1';
  readonly from: string;
  state = 'answered';
  clock = 1_000_000;
  readonly played: string[] = [];
  readonly recordings: string[] = [];
  hangups = 0;
  private buffer = '';
  private waiter: (() => void) | undefined;
  private stopCurrent: (() => void) | undefined;
  private readonly listeners = new Set<(event: IvrCallEvent) => void>();

  constructor(private readonly options: FakeCallOptions = {}) {
    this.from = options.from ?? '"张三" <sip:13800138000@127.0.0.1>';
  }

  readonly now = (): number => this.clock;

  on(listener: (event: IvrCallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: IvrCallEvent): void {
    for (const l of this.listeners) l(event);
  }

  press(digits: string): void {
    for (const digit of digits) {
      this.emit({ type: 'dtmf', digit, at: this.clock });
      this.buffer += digit;
      this.waiter?.();
    }
  }

  play(source: string | Int16Array): Promise<'done' | 'stopped'> {
    if (this.state === 'ended') return Promise.resolve('stopped');
    const name = typeof source === 'string' ? basename(source, '.wav') : '(pcm)';
    this.played.push(name);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stopCurrent = undefined;
        resolve('done');
      }, this.playMsOf(name));
      this.stopCurrent = () => {
        clearTimeout(timer);
        this.stopCurrent = undefined;
        resolve('stopped');
      };
      this.options.onPlay?.(name, this);
    });
  }

  private playMsOf(name: string): number {
    const ms = this.options.playMs;
    return typeof ms === 'number' ? ms : (ms?.[name] ?? 5);
  }

  stopPlayback(): void {
    this.stopCurrent?.();
  }

  collectDigits(options: {
    maxDigits?: number;
    timeoutMs?: number;
    interDigitTimeoutMs?: number;
    terminators?: string;
  }): Promise<string> {
    const max = options.maxDigits ?? 1;
    const terminators = options.terminators ?? '#';
    return new Promise((resolve) => {
      let got = '';
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.clock += this.options.stepMs ?? 7;
        resolve(got);
      };
      const drain = (): boolean => {
        while (this.buffer) {
          const d = this.buffer[0]!;
          this.buffer = this.buffer.slice(1);
          if (terminators.includes(d)) return true;
          got += d;
          if (got.length >= max) return true;
        }
        return this.state === 'ended';
      };
      const arm = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(done, ms);
      };
      if (drain()) return done();
      this.waiter = () => (drain() ? done() : arm(options.interDigitTimeoutMs ?? 3000));
      arm(options.timeoutMs ?? 5000);
    });
  }

  record(path: string): void {
    this.recordings.push(path);
  }

  stopRecording(): Promise<{ path: string; durationMs: number } | null> {
    const path = this.recordings.at(-1);
    return Promise.resolve(path ? { path, durationMs: 1234 } : null);
  }

  hangup(): Promise<void> {
    this.hangups++;
    this.remoteHangup();
    return Promise.resolve();
  }

  /** The caller hangs up. */
  remoteHangup(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.stopCurrent?.();
    this.emit({ type: 'state', state: 'ended', at: this.clock });
    this.waiter?.();
  }
}
