// Decoded prompts by path: an IVR plays the same few files to every caller, so they are read,
// converted to 8 kHz and kept (LRU, bounded) instead of being decoded per call.
const MAX_ENTRIES = 256;

export class PromptCache {
  private readonly entries = new Map<string, Promise<Int16Array>>();

  get(path: string, load: (path: string) => Promise<Int16Array>): Promise<Int16Array> {
    let entry = this.entries.get(path);
    if (entry) {
      this.entries.delete(path); // re-insert: most recently used last
    } else {
      entry = load(path);
      // A failed load is not cached: the file may be fixed and played again.
      entry.catch(() => this.entries.delete(path));
    }
    this.entries.set(path, entry);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
