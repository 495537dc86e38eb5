/** Step: one more batch of a paused run, then its loss and per-layer gradient norms for the page. */
import type { GradientTap } from "../core/train/gradNorms.ts";
import type { BatchMetrics } from "../core/train/metrics.ts";
import { state, type TrainerCallbacks } from "./trainerState.ts";

/** The run's Step plumbing: the tap its train steps report to, its newest reported batch, who hears of a step. */
export interface Stepper {
  tap: GradientTap;
  lastBatch: BatchMetrics | null;
  callbacks: TrainerCallbacks;
}
let stepper: Stepper | null = null;

/** The run that starts now steps through this (its onBatches keeps lastBatch up to date). */
export function startStepping(tap: GradientTap, callbacks: TrainerCallbacks): Stepper {
  stepper = { tap, lastBatch: null, callbacks };
  return stepper;
}

/** The run ended: Step has nothing to step until the next one. */
export function endStepping(ended: Stepper): void {
  if (stepper === ended) stepper = null;
}

/**
 * Step: trains exactly one more batch of the paused run, which stays paused, then tells onStep its loss and
 * gradient norms. Null when accepted, else why not; a press while a step still runs is refused (dropped), so
 * fast presses never queue up batches.
 */
export function stepRun(): string | null {
  const run = state.run;
  const current = stepper;
  if (!run || !current) return "No run is going; Step starts one.";
  const done = run.stepOnce();
  if (typeof done === "string") return done;
  // armed after the grant: the loop cannot reach the step before this synchronous code ends
  current.tap.arm();
  void done.then(async () => {
    const norms = (await current.tap.take()) ?? [];
    // a run that ended meanwhile may have let go of its model: the step is still reported, without filters
    const filters = await current.tap.takeFilterChanges().catch(() => []);
    void Promise.resolve(current.callbacks.onStep?.({ batch: current.lastBatch, norms, filters })).catch(() => {});
  });
  return null;
}
