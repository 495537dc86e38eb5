/** The running run's metrics into the store: at most one store update (one render of the curves) per frame. */
import { appendBatches } from "../core/train/batchHistory.ts";
import { createMetricsBatcher, type MetricsBatcher, type Scheduler } from "../core/train/metricsBatcher.ts";
import { updateCurrentRun } from "./store.ts";

/** Longest wait for a frame: a hidden tab draws none, and its run's curves should still be current when it shows. */
const FRAME_FALLBACK_MS = 500;

/** Runs `run` on the next animation frame (or after FRAME_FALLBACK_MS where no frame comes), once. */
export const nextFrame: Scheduler = (run) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
    run();
  };
  const timer = setTimeout(once, FRAME_FALLBACK_MS);
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(once) : null;
};

/**
 * Metrics of the newest run, their steps and epochs numbered after `stepOffset` batches and `epochOffset` epochs
 * already in it (a continued run goes on from there), applied once per frame. Call `flush` when the run ends.
 */
export function runMetricsSink(
  stepOffset: number,
  epochOffset: number,
  schedule: Scheduler = nextFrame,
): MetricsBatcher {
  return createMetricsBatcher(
    ({ batches, epochs, progress }) =>
      updateCurrentRun((run) => ({
        batches:
          batches.length === 0
            ? run.batches
            : appendBatches(
                run.batches,
                batches.map((b) => ({ ...b, step: b.step + stepOffset, epochIndex: b.epochIndex + epochOffset })),
              ),
        epochs:
          epochs.length === 0
            ? run.epochs
            : [...run.epochs, ...epochs.map((e) => ({ ...e, epochIndex: e.epochIndex + epochOffset }))],
        progress: progress ?? run.progress,
      })),
    schedule,
  );
}
