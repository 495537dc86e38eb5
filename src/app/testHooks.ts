import type { PreparingStep } from "../core/train/trainingRun.ts";

/**
 * Switches that end-to-end tests and the bench set on the page (`window.cnnPlaygroundTestHooks = {...}` through
 * `page.evaluate`) to put a long job in a known state instead of racing it; unset, nothing changes.
 */
export interface TestHooks {
  /** The next sweep waits after this many points until it is cancelled. */
  holdSweepAfterPoints?: number;
  /** The next run waits at the start of this preparing step (e.g. "timing the backends") until it is stopped. */
  holdRunAt?: PreparingStep;
  /** At most this many workers share each batch (the bench compares 1 with one per core). */
  maxWorkers?: number;
  /** The page shows the image intake test page (the camera, the decoder on window) instead of the app. */
  intakeTestPage?: boolean;
}

/** The hooks a test has set, or none. */
export function testHooks(): TestHooks {
  return (globalThis as { cnnPlaygroundTestHooks?: TestHooks }).cnnPlaygroundTestHooks ?? {};
}
