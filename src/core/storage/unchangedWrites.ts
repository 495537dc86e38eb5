/**
 * A key-value storage (localStorage's shape) that skips a write when the text equals what the key already holds.
 * zustand's persist middleware writes after every state change, even when the persisted part did not change; a
 * store that also holds the running run's metrics would otherwise write localStorage several times a second while
 * a model trains. With this, a write happens only when a persisted setting changed.
 */

/** The part of the Storage interface persist uses (synchronous, as localStorage). */
export interface TextStorage {
  getItem(name: string): string | null;
  setItem(name: string, value: string): void;
  removeItem(name: string): void;
}

/** Wraps `storage`: reads and removals pass through, a write goes through only when its text changed. */
export function skipUnchangedWrites(storage: TextStorage): TextStorage {
  // what each key holds as far as this wrapper knows (read or written through it)
  const known = new Map<string, string | null>();
  return {
    getItem(name) {
      const value = storage.getItem(name);
      known.set(name, value);
      return value;
    },
    setItem(name, value) {
      if (known.has(name) && known.get(name) === value) return;
      storage.setItem(name, value);
      known.set(name, value);
    },
    removeItem(name) {
      storage.removeItem(name);
      known.set(name, null);
    },
  };
}
