// Data-parallel training: each optimizer step splits its batch between this thread and its peers (other workers,
// each with its own copy of the model), every part computes the gradients of its slice's mean loss at the same
// weights, and the step applies their average weighted by slice size: the gradient of the whole batch's mean loss,
// so the run is the one-worker run up to float rounding. Weights and gradients travel as plain arrays (transferred
// between workers, never shared), so no cross-origin isolation is needed.
import * as tf from "@tensorflow/tfjs";
import { batchLoss, type LossOptions, type TrainStep } from "./trainLoop.ts";
import type { GradientTap } from "./gradNorms.ts";

/** What one slice of a batch gives: the gradients (one array per trainable weight, in order) and its mean loss and accuracy. */
export interface SliceGradients {
  grads: Float32Array[];
  loss: number;
  accuracy: number;
  /** When the peer finished, in ms since the epoch (`performance.timeOrigin + performance.now()`, on its clock). */
  finishedAt?: number;
}

/** A slice of a batch with the weights to compute it at: pixels N×H×W×C and one-hot labels, row-major. */
export interface SliceJob {
  weights: Float32Array[];
  xs: Float32Array;
  ys: Float32Array;
  count: number;
}

/** Another worker holding a copy of the model: computes a slice's gradients at the weights it is sent. */
export interface GradientPeer {
  gradients(job: SliceJob): Promise<SliceGradients>;
}

/** The model's trainable weights as variables, in the order the arrays above follow. */
const variablesOf = (model: tf.LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable);

/**
 * The gradients of `model`'s mean loss on one slice, at `job.weights` (written into the model first): what a peer
 * runs. Owns every tensor it makes; the model's weights are left at `job.weights`.
 */
export async function sliceGradients(
  model: tf.LayersModel,
  job: SliceJob,
  options: LossOptions = {},
): Promise<SliceGradients> {
  const variables = variablesOf(model);
  if (job.weights.length !== variables.length)
    throw new Error(`sliceGradients: ${job.weights.length} weight arrays for ${variables.length} weights`);
  tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(job.weights[i], v.shape))));
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const numClasses = job.ys.length / job.count;
  const { grads, loss, accuracy } = tf.tidy(() => {
    const xs = tf.tensor4d(job.xs, [job.count, ...inputShape] as [number, number, number, number]);
    const ys = tf.tensor2d(job.ys, [job.count, numClasses]);
    let acc: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const out = batchLoss(model, xs, ys, options);
      acc = out.accuracy;
      return out.loss;
    }, variables);
    return { grads: variables.map((v) => grads[v.name]), loss: value, accuracy: acc! };
  });
  try {
    const arrays = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
    const [lossValue, accuracyValue] = await Promise.all([loss.data(), accuracy.data()]);
    const finishedAt = performance.timeOrigin + performance.now();
    return { grads: arrays, loss: lossValue[0], accuracy: accuracyValue[0], finishedAt };
  } finally {
    tf.dispose([...grads, loss, accuracy]);
  }
}

/**
 * How many of `count` examples each part takes, in proportion to its measured speed (`rates`, examples per ms;
 * part 0 is this thread): sizes that sum to `count`, each part getting at least one while examples remain.
 */
export function splitBatch(count: number, rates: readonly number[]): number[] {
  const parts = rates.length;
  const total = rates.reduce((s, r) => s + r, 0);
  const floor = Math.min(1, Math.floor(count / parts));
  const free = count - floor * parts;
  const ideal = rates.map((r) => (free * r) / total);
  const sizes = ideal.map((x) => floor + Math.floor(x));
  // the examples rounding left over go to the parts that lost the most to it
  const order = ideal.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0, left = count - sizes.reduce((s, n) => s + n, 0); k < left; k++) sizes[order[k % parts].i]++;
  return sizes;
}

/** How fast each part ran, smoothed over steps: a new step's speed weighs this much. */
const RATE_SMOOTHING = 0.2;

/**
 * A train step that shares each batch with `peers`: this thread takes the first slice, each peer the next. Slices
 * start equal and then follow each part's measured speed (examples per ms, smoothed), so that all parts finish
 * together although a peer also spends time on messages; a peer left without examples is skipped. With no peers it
 * is the plain step.
 */
export function makeParallelTrainStep(
  peers: readonly GradientPeer[],
  options: LossOptions = {},
  /** Milliseconds since the epoch, as `finishedAt` (tests pass their own). */
  clock: () => number = () => performance.timeOrigin + performance.now(),
  /** Hears the averaged gradients (the ones applied) of the steps it is armed for. */
  tap?: GradientTap,
): TrainStep {
  const rates: Array<number | null> = Array.from({ length: peers.length + 1 }, () => null);
  const measured = (part: number, examples: number, ms: number) => {
    if (examples < 1 || !(ms > 0)) return;
    const rate = examples / ms;
    const before = rates[part];
    rates[part] = before === null ? rate : (1 - RATE_SMOOTHING) * before + RATE_SMOOTHING * rate;
  };
  return async (model, xs, ys) => {
    const optimizer = model.optimizer as tf.Optimizer;
    const variables = variablesOf(model);
    const count = xs.shape[0];
    // equal slices until every part's speed is known
    const sizes = splitBatch(count, rates.includes(null) ? rates.map(() => 1) : (rates as number[]));
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((s, n) => s + n, 0));
    const pixels = xs.size / count;
    const classes = ys.size / count;
    const [weights, xsData, ysData] = await Promise.all([
      Promise.all(variables.map((v) => v.data() as Promise<Float32Array>)),
      xs.data() as Promise<Float32Array>,
      ys.data() as Promise<Float32Array>,
    ]);
    // the peers start first, then this thread computes its own slice meanwhile
    const sentAt = clock();
    const shared = peers.flatMap((peer, i) => {
      const start = starts[i + 1];
      const end = start + sizes[i + 1];
      if (start >= end) return [];
      const job: SliceJob = {
        // each peer gets its own copy (they are transferred); the last takes the arrays read above
        weights: i === peers.length - 1 ? weights : weights.map((w) => w.slice()),
        xs: xsData.slice(start * pixels, end * pixels),
        ys: ysData.slice(start * classes, end * classes),
        count: end - start,
      };
      return [
        peer.gradients(job).then((result) => {
          // the peer's own finishing time: this thread may still have been busy with its slice when it arrived
          measured(i + 1, end - start, (result.finishedAt ?? clock()) - sentAt);
          return { ...result, count: end - start };
        }),
      ];
    });
    const own = sizes[0];
    const ownAt = clock();
    const local = tf.tidy(() => {
      const part = (t: tf.Tensor) => t.slice(0, own);
      let accuracy: tf.Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = batchLoss(model, part(xs) as tf.Tensor4D, part(ys) as tf.Tensor2D, options);
        accuracy = out.accuracy;
        return out.loss;
      }, variables);
      return { loss: value, accuracy: accuracy!, grads };
    });
    // (WASM computes synchronously: its time is known here; a GPU backend's would come later and is not balanced)
    measured(0, own, clock() - ownAt);
    let results: Array<SliceGradients & { count: number }>;
    try {
      results = await Promise.all(shared);
    } catch (error) {
      tf.dispose([local.loss, local.accuracy, ...Object.values(local.grads)]);
      throw error;
    }
    // the whole batch's mean: each slice's mean weighted by its share of the batch, summed on the host (a few
    // hundred thousand multiply-adds: cheaper than dozens of small backend ops)
    const mine = await Promise.all(variables.map((v) => local.grads[v.name].data() as Promise<Float32Array>));
    const averaged: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      // plain loops: Float32Array.from with a mapping function took ~20 ms per step here
      const sum = new Float32Array(mine[i].length);
      const ownShare = own / count;
      for (let k = 0; k < sum.length; k++) sum[k] = mine[i][k] * ownShare;
      for (const r of results) {
        const theirs = r.grads[i];
        const share = r.count / count;
        for (let k = 0; k < sum.length; k++) sum[k] += theirs[k] * share;
      }
      averaged[v.name] = tf.tensor(sum, v.shape);
    });
    tap?.record(model, averaged);
    const [loss, accuracy] = tf.tidy(() => {
      optimizer.applyGradients(averaged);
      const weighted = (mine: tf.Scalar, theirs: (r: SliceGradients) => number) =>
        mine.mul(own / count).add(results.reduce((s, r) => s + (theirs(r) * r.count) / count, 0)) as tf.Scalar;
      return [weighted(local.loss, (r) => r.loss), weighted(local.accuracy, (r) => r.accuracy)];
    });
    tf.dispose(Object.values(averaged));
    tf.dispose([local.loss, local.accuracy, ...Object.values(local.grads)]);
    return [loss, accuracy];
  };
}
