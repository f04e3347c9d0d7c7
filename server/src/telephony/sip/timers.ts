// Injectable timers so the transaction timers (RFC 3261 §17, Table 4) are tested with a manual clock.

export interface TimerHandle {
  readonly id: number;
}

export interface Timers {
  set(ms: number, fn: () => void): TimerHandle;
  clear(handle: TimerHandle | undefined): void;
}

/** §17.1.1.1 defaults: T1 = RTT estimate, T2 = max non-INVITE retransmit interval, T4 = max lifetime. */
export interface TimerValues {
  t1: number;
  t2: number;
  t4: number;
}

export const DEFAULT_TIMER_VALUES: TimerValues = { t1: 500, t2: 4000, t4: 5000 };

export function createRealTimers(): Timers {
  const live = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    set(ms, fn) {
      const id = next++;
      const t = setTimeout(() => {
        live.delete(id);
        fn();
      }, ms);
      t.unref();
      live.set(id, t);
      return { id };
    },
    clear(handle) {
      if (!handle) return;
      const t = live.get(handle.id);
      if (t) clearTimeout(t);
      live.delete(handle.id);
    },
  };
}

/** Fires callbacks only when `advance` moves time past them, in deadline order. */
export class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  set(ms: number, fn: () => void): TimerHandle {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return { id };
  }

  clear(handle: TimerHandle | undefined): void {
    if (handle) this.pending.delete(handle.id);
  }

  get size(): number {
    return this.pending.size;
  }

  advance(ms: number): void {
    const end = this.now + ms;
    // One scan per batch of due timers; a rescan only when a callback added a timer, so that a
    // new timer due earlier than the rest of the batch still fires in deadline order.
    for (;;) {
      const due = [...this.pending]
        .filter(([, t]) => t.at <= end)
        .sort((x, y) => x[1].at - y[1].at || x[0] - y[0]);
      if (due.length === 0) break;
      for (const [id, t] of due) {
        if (!this.pending.has(id)) continue; // cleared by an earlier callback
        this.pending.delete(id);
        this.now = t.at;
        const added = this.next;
        t.fn();
        if (this.next !== added) break; // rescan
      }
    }
    this.now = end;
  }
}
