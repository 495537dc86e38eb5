/**
 * Passes on the latest of a stream of values at most once per interval: the first at once, the rest on the
 * trailing edge (the newest value when the interval is up, so the last one always arrives). The curves re-render
 * through this while a model trains: each recharts update costs tens of ms of main thread, and a curve that moves
 * every half second reads as live.
 */

/** Timers the throttle uses (the page's, or fake ones in tests). */
export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LatestThrottle<T> {
  push(value: T): void;
  /** Drops a trailing value not yet passed on. */
  cancel(): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Calls `emit` with pushed values, at most once per `intervalMs`, always ending with the newest. */
export function latestThrottle<T>(
  emit: (value: T) => void,
  intervalMs: number,
  clock: ThrottleClock = realClock,
): LatestThrottle<T> {
  let last = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let pending: { value: T } | null = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = clock.now();
    emit(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
