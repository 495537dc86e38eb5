// Stopping and pausing long tfjs work: the control a run is given, the cancel error, a yield to the event loop. No tfjs.

/** Lets the caller pause (awaited between batches) and stop (via the signal) a run. */
export interface TrainControl {
  signal: AbortSignal;
  /** Resolves at once when not paused; otherwise when resumed or stopped. Returns ms spent paused. */
  waitWhilePaused(): Promise<number>;
  /** True while paused: the loop reports the batches it trained before it waits (a step's loss is seen at once). */
  isPaused?(): boolean;
}

/** Yields to the event loop (a macrotask), so stop and pause messages get through on cpu/wasm. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Thrown when a caller's `isCancelled` says so. */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}
