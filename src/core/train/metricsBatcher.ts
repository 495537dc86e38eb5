/**
 * Metrics from the trainer, gathered into one update per frame. The worker reports batch metrics a few times a
 * second and epoch summaries now and then, each on its own message; applying every message as a store update would
 * re-render the page (and its charts) once per message. The batcher queues what arrives and hands it over in one
 * update when the scheduler says (the app's scheduler: the next animation frame).
 */
import type { BatchMetrics, EpochMetrics, TrainProgress } from "./metrics.ts";

/** What arrived since the last update, oldest first; `progress` is the newest one. */
export interface MetricsUpdate {
  batches: BatchMetrics[];
  epochs: EpochMetrics[];
  progress: TrainProgress | null;
}

/** Calls `run` once, later (e.g. on the next animation frame). */
export type Scheduler = (run: () => void) => void;

export interface MetricsBatcher {
  /** A group of batch metrics and the progress read with them. */
  batches(batches: readonly BatchMetrics[], progress: TrainProgress): void;
  /** A finished epoch's summary. */
  epoch(metrics: EpochMetrics): void;
  /** Applies what is queued now (the run ended: nothing may wait for a frame); nothing when the queue is empty. */
  flush(): void;
}

/** A batcher that calls `apply` at most once per scheduled frame, with everything queued since the last call. */
export function createMetricsBatcher(apply: (update: MetricsUpdate) => void, schedule: Scheduler): MetricsBatcher {
  let queued: MetricsUpdate | null = null;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const update = queued;
    queued = null;
    if (update) apply(update);
  };
  const queue = (): MetricsUpdate => {
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
    return (queued ??= { batches: [], epochs: [], progress: null });
  };
  return {
    batches(batches, progress) {
      const update = queue();
      for (const b of batches) update.batches.push(b);
      update.progress = progress;
    },
    epoch(metrics) {
      queue().epochs.push(metrics);
    },
    flush,
  };
}
