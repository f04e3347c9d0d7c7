// A typed, synchronous in-process event bus. Modules publish; realtime/ and the evaluation
// roll-ups subscribe. A shared (Redis) fan-out sits behind the same interface at scale.
export type Listener<T> = (payload: T) => void;

export type AnyListener<Events extends object> = <K extends keyof Events>(
  name: K,
  payload: Events[K],
) => void;

export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();
  private readonly anyListeners = new Set<AnyListener<Events>>();

  /** Every event, e.g. for the WebSocket fan-out to browsers. */
  onAny(listener: AnyListener<Events>): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      guarded(name, () => (listener as Listener<Events[K]>)(payload));
    }
    for (const listener of this.anyListeners) guarded(name, () => listener(name, payload));
  }
}

// A failing subscriber must not break the publisher or the other subscribers.
function guarded(name: PropertyKey, call: () => void): void {
  try {
    call();
  } catch (error) {
    process.emitWarning(`event listener for ${String(name)} failed: ${String(error)}`);
  }
}
