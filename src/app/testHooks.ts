import type { PreparingStep } from "../core/train/trainingRun.ts";

/**
 * Switches that end-to-end tests set on the page (`window.cnnPlaygroundTestHooks = {...}` through
 * `page.evaluate`) to put a long job in a known state instead of racing it; unset, nothing changes.
 */
export interface TestHooks {
  /** The next sweep waits after this many points until it is cancelled. */
  holdSweepAfterPoints?: number;
  /** The next run waits at the start of this preparing step (e.g. "timing the backends") until it is stopped. */
  holdRunAt?: PreparingStep;
}

/** The hooks a test has set, or none. */
export function testHooks(): TestHooks {
  return (globalThis as { cnnPlaygroundTestHooks?: TestHooks }).cnnPlaygroundTestHooks ?? {};
}
