// Waiting calls of one queue: ordered by priority (higher first), then by arrival — FIFO within a
// priority holds exactly, and a call re-queued after an unanswered offer goes back to the front
// of its priority instead of the back.

export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

export interface WaitingCall {
  callId: string;
  priority: number;
  enqueuedAt: number;
  requires: SkillRequirement | null;
  /** Order within a priority; lower goes first. */
  seq: number;
}

export class CallQueue {
  private readonly calls: WaitingCall[] = [];
  private nextSeq = 0;
  private frontSeq = 0;

  get size(): number {
    return this.calls.length;
  }

  enqueue(call: Omit<WaitingCall, 'seq'>): WaitingCall {
    const entry = { ...call, seq: this.nextSeq++ };
    this.insert(entry);
    return entry;
  }

  /** Back to the front of its priority, keeping its original enqueue time. */
  requeueFront(call: WaitingCall): void {
    this.insert({ ...call, seq: --this.frontSeq - 1_000_000_000 });
  }

  remove(callId: string): WaitingCall | undefined {
    const index = this.calls.findIndex((c) => c.callId === callId);
    return index < 0 ? undefined : this.calls.splice(index, 1)[0];
  }

  /** Waiting calls in service order. */
  list(): readonly WaitingCall[] {
    return this.calls;
  }

  position(callId: string): number | null {
    const index = this.calls.findIndex((c) => c.callId === callId);
    return index < 0 ? null : index + 1;
  }

  longestWait(now: number): number | null {
    if (this.calls.length === 0) return null;
    return now - Math.min(...this.calls.map((c) => c.enqueuedAt));
  }

  private insert(entry: WaitingCall): void {
    const index = this.calls.findIndex(
      (c) => c.priority < entry.priority || (c.priority === entry.priority && c.seq > entry.seq),
    );
    if (index < 0) this.calls.push(entry);
    else this.calls.splice(index, 0, entry);
  }
}
