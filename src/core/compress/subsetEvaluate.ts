// One evaluation pass over a whole split that scores the estimate's subset first: the subset's count of correct
// predictions is read back (and handed to `onSubset`, which may report an estimate) before the other images are
// evaluated, and the full accuracy is the sum of both parts. No image is evaluated twice.
import * as tf from "@tensorflow/tfjs";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { makeBatch } from "../data/batches.ts";
import { CancelledError, yieldToEventLoop } from "../train/trainControl.ts";
import type { Evaluation } from "../train/metrics.ts";
import { subsetAccuracy, subsetFirstOrder, type SubsetAccuracy } from "./estimate.ts";

/** What evaluateSubsetFirst measured: the whole split, and its subset apart. */
export interface SubsetFirstEvaluation extends Evaluation {
  subset: SubsetAccuracy;
}

export interface SubsetFirstOptions {
  batchSize?: number;
  /** Checked between batches (CancelledError). */
  isCancelled?: () => boolean;
  /** Called once the subset is scored, before the rest is evaluated (awaited). */
  onSubset?: (subset: SubsetAccuracy) => void | Promise<void>;
}

/** Sums of loss and correct predictions of `predict` over order[start, end), in batches. */
async function sums(
  predict: (xs: tf.Tensor4D) => tf.Tensor,
  split: DatasetSplit,
  order: Int32Array,
  start: number,
  end: number,
  numClasses: number,
  batchSize: number,
  isCancelled: () => boolean,
): Promise<{ loss: number; correct: number }> {
  let total = tf.zeros([2]);
  for (let from = start, batch = 0; from < end; from += batchSize, batch++) {
    const { xs, ys } = makeBatch(split, order, from, Math.min(end, from + batchSize), numClasses);
    const next = tf.tidy(() => {
      const probs = predict(xs);
      const loss = tf.metrics.categoricalCrossentropy(ys, probs).sum();
      const correct = tf.metrics.categoricalAccuracy(ys, probs).sum();
      return total.add(tf.stack([loss, correct]));
    });
    tf.dispose([xs, ys, total]);
    total = next;
    if (batch % 4 === 3) await yieldToEventLoop();
    if (isCancelled()) {
      total.dispose();
      throw new CancelledError();
    }
  }
  try {
    const [loss, correct] = await total.data();
    return { loss, correct: Math.round(correct) };
  } finally {
    total.dispose();
  }
}

/** Loss and accuracy of `predict` (probabilities) over a whole split, scoring `subset` (indices) first. */
export async function evaluateSubsetFirst(
  predict: (xs: tf.Tensor4D) => tf.Tensor,
  split: DatasetSplit,
  subset: Int32Array,
  numClasses: number,
  options: SubsetFirstOptions = {},
): Promise<SubsetFirstEvaluation> {
  const { batchSize = 250, isCancelled = () => false, onSubset } = options;
  const order = subsetFirstOrder(split.count, subset);
  const head = await sums(predict, split, order, 0, subset.length, numClasses, batchSize, isCancelled);
  const part = subsetAccuracy(head.correct, subset.length);
  await onSubset?.(part);
  if (isCancelled()) throw new CancelledError();
  const rest = await sums(predict, split, order, subset.length, split.count, numClasses, batchSize, isCancelled);
  const count = split.count;
  return {
    loss: count > 0 ? (head.loss + rest.loss) / count : Number.NaN,
    accuracy: count > 0 ? (head.correct + rest.correct) / count : Number.NaN,
    count,
    subset: part,
  };
}
