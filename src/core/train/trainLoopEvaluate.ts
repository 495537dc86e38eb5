// Evaluation: loss and accuracy of a model (or any prediction function) over a whole split, in batches.
import * as tf from "@tensorflow/tfjs";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { makeBatch } from "../data/batches.ts";
import type { Evaluation } from "./metrics.ts";
import { CancelledError, yieldToEventLoop } from "./trainControl.ts";

/**
 * Loss and accuracy of `predict` (probabilities) over a whole split, in batches; one read-back at the end.
 * `isCancelled` is checked between batches (CancelledError).
 */
export async function evaluateWith(
  predict: (xs: tf.Tensor4D) => tf.Tensor,
  split: DatasetSplit,
  numClasses: number,
  batchSize = 500,
  isCancelled?: () => boolean,
): Promise<Evaluation> {
  if (split.count === 0) return { loss: Number.NaN, accuracy: Number.NaN, count: 0 };
  const order = Int32Array.from({ length: split.count }, (_, i) => i);
  let sums = tf.zeros([2]);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(split.count, start + batchSize);
    const { xs, ys } = makeBatch(split, order, start, end, numClasses);
    const next = tf.tidy(() => {
      const probs = predict(xs);
      const loss = tf.metrics.categoricalCrossentropy(ys, probs).sum();
      const correct = tf.metrics.categoricalAccuracy(ys, probs).sum();
      return sums.add(tf.stack([loss, correct]));
    });
    tf.dispose([xs, ys, sums]);
    sums = next;
    if ((start / batchSize) % 4 === 3) await yieldToEventLoop();
    if (isCancelled?.()) {
      sums.dispose();
      throw new CancelledError();
    }
  }
  try {
    const [lossSum, correct] = await sums.data();
    return { loss: lossSum / split.count, accuracy: correct / split.count, count: split.count };
  } finally {
    sums.dispose();
  }
}

/** Loss and accuracy of the model over a whole split (inference mode). */
export function evaluateModel(
  model: tf.LayersModel,
  split: DatasetSplit,
  numClasses: number,
  batchSize = 500,
  isCancelled?: () => boolean,
): Promise<Evaluation> {
  return evaluateWith((xs) => model.predict(xs) as tf.Tensor, split, numClasses, batchSize, isCancelled);
}
