// DTMF digit buffer with IVR-style collection: first-digit and inter-digit timeouts, terminators,
// type-ahead (digits pressed before collect() started are used first).
import type { CollectOptions } from './call.types.ts';

export class DigitCollector {
  private buffer = '';
  private waiter: { onDigit: () => void } | undefined;
  private closed = false;

  push(digit: string): void {
    if (this.closed) return;
    this.buffer += digit;
    this.waiter?.onDigit();
  }

  close(): void {
    this.closed = true;
    this.waiter?.onDigit();
  }

  collect(options: CollectOptions = {}): Promise<string> {
    const max = options.maxDigits ?? 1;
    const terminators = options.terminators ?? '#';
    const first = options.timeoutMs ?? 5000;
    const between = options.interDigitTimeoutMs ?? 3000;
    return new Promise((resolve) => {
      let got = '';
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(got);
      };
      const arm = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(done, ms);
      };
      const drain = (): boolean => {
        while (this.buffer.length) {
          const d = this.buffer[0] ?? '';
          this.buffer = this.buffer.slice(1);
          if (terminators.includes(d)) return true;
          got += d;
          if (got.length >= max) return true;
        }
        return this.closed;
      };
      if (drain()) {
        resolve(got);
        return;
      }
      this.waiter = {
        onDigit: () => {
          if (drain()) done();
          else arm(between);
        },
      };
      arm(got.length ? between : first);
    });
  }
}
