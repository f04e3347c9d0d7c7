// A typed, synchronous in-process event bus. Modules publish; realtime/ and the evaluation
// roll-ups subscribe. A shared (Redis) fan-out sits behind the same interface at scale.
export type Listener<T> = (payload: T) => void;

export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

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
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of set) {
      // A failing subscriber must not break the publisher or the other subscribers.
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        process.emitWarning(`event listener for ${String(name)} failed: ${String(error)}`);
      }
    }
  }
}
