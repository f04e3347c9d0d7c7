// One 20 ms clock for every playing leg. A single timer serves all subscribers, so 1,000
// prompts cost one timer, not 1,000. Each tick is scheduled against the ideal deadline
// start + n·20 ms (not "20 ms after the last one"), so timer lateness never accumulates into
// drift; ticks missed during an event-loop stall are caught up (up to MAX_CATCH_UP) so the
// far end still receives the right amount of audio.

export const TICK_MS = 20;
const MAX_CATCH_UP = 5;

export interface ClockScheduler {
  /** Monotonic milliseconds (performance.now / hrtime). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: ClockScheduler = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type TickListener = (tick: number) => void;

export class MediaClock {
  private readonly listeners = new Set<TickListener>();
  private timer: unknown = null;
  private start = 0;
  private tick = 0;
  /** Ticks dropped because the loop stalled longer than the catch-up allowance. */
  skipped = 0;

  constructor(private readonly scheduler: ClockScheduler = systemScheduler) {}

  get subscribers(): number {
    return this.listeners.size;
  }

  subscribe(listener: TickListener): () => void {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.start = this.scheduler.now();
      this.tick = 0;
      this.schedule();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const deadline = this.start + (this.tick + 1) * TICK_MS;
    const delay = Math.max(0, deadline - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    const due = Math.floor((this.scheduler.now() - this.start) / TICK_MS);
    let behind = due - this.tick;
    if (behind > MAX_CATCH_UP) {
      this.skipped += behind - MAX_CATCH_UP;
      this.tick += behind - MAX_CATCH_UP;
      behind = MAX_CATCH_UP;
    }
    for (let i = 0; i < Math.max(1, behind); i++) {
      this.tick++;
      for (const listener of this.listeners) {
        try {
          listener(this.tick);
        } catch (error) {
          process.emitWarning(`media clock listener failed: ${String(error)}`);
        }
      }
    }
    if (this.listeners.size > 0) this.schedule();
    else this.timer = null;
  }
}
