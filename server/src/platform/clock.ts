// Instants are UTC epoch milliseconds everywhere; a Clock makes time injectable in tests.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
