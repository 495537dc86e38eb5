/**
 * A run's per-batch curve, bounded and incremental: each update smooths only the new batches (a running,
 * de-biased exponential average) and keeps every `stride`-th batch; when more than MAX_KEPT_BATCHES are kept the
 * stride doubles and every other kept point goes. An update costs the new batches plus, now and then, one pass
 * over the kept points, however long the run.
 */
import type { BatchMetrics } from "./metrics.ts";

/** A kept batch with its smoothed loss and accuracy (NaN where the batch's own value was not finite). */
export interface SmoothedBatch extends BatchMetrics {
  lossSmooth: number;
  accuracySmooth: number;
}

/** The running state of one de-biased exponential average. */
interface Ema {
  value: number;
  count: number;
}

/** A run's batches so far: the kept points and what continuing the curve needs. */
export interface BatchHistory {
  /** Kept batches, oldest first (each `stride`-th batch of the run, and the newest). */
  points: readonly SmoothedBatch[];
  /** Batches seen in all. */
  count: number;
  /** Keeps batch i (0-based within the history) when i % stride === 0. */
  stride: number;
  loss: Ema;
  accuracy: Ema;
}

/** Most points kept per run before the stride doubles (charts draw at most a few hundred). */
export const MAX_KEPT_BATCHES = 4_000;
/** Weight of the exponential average, as TensorBoard's default smoothing. */
export const SMOOTHING = 0.9;

/** A history with no batches. */
export const EMPTY_BATCH_HISTORY: BatchHistory = {
  points: [],
  count: 0,
  stride: 1,
  loss: { value: 0, count: 0 },
  accuracy: { value: 0, count: 0 },
};

/** The next state of an average and its de-biased value; a NaN or infinite input leaves it as it was (and reads NaN). */
function step(ema: Ema, x: number): [Ema, number] {
  if (!Number.isFinite(x)) return [ema, Number.NaN];
  const next = { value: ema.value * SMOOTHING + (1 - SMOOTHING) * x, count: ema.count + 1 };
  return [next, next.value / (1 - SMOOTHING ** next.count)];
}

/** Adds batches (oldest first); returns a new history and leaves `history` as it was. */
export function appendBatches(
  history: BatchHistory,
  batches: readonly BatchMetrics[],
  maxKept: number = MAX_KEPT_BATCHES,
): BatchHistory {
  if (batches.length === 0) return history;
  let { count, stride, loss, accuracy } = history;
  // the newest point is always kept so the curve reaches the present; it is dropped again if it is off-stride
  const kept =
    history.points.length > 0 && (count - 1) % stride !== 0 ? history.points.slice(0, -1) : history.points.slice();
  let newest: SmoothedBatch | null = null;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    let lossSmooth: number;
    let accuracySmooth: number;
    [loss, lossSmooth] = step(loss, batch.loss);
    [accuracy, accuracySmooth] = step(accuracy, batch.accuracy);
    const onStride = count % stride === 0;
    // a point is made only for a kept batch and the newest one
    if (onStride || i === batches.length - 1) newest = { ...batch, lossSmooth, accuracySmooth };
    if (onStride) kept.push(newest!);
    count++;
    if (kept.length > maxKept) {
      stride *= 2;
      let w = 0;
      for (let r = 0; r < kept.length; r += 2) kept[w++] = kept[r];
      kept.length = w;
    }
  }
  if (newest && (count - 1) % stride !== 0) kept.push(newest);
  return { points: kept, count, stride, loss, accuracy };
}

/** A history of stored or loaded batches (e.g. a saved model's curve). */
export const historyOf = (batches: readonly BatchMetrics[]): BatchHistory =>
  appendBatches(EMPTY_BATCH_HISTORY, batches);
