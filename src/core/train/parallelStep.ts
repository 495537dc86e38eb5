// Data-parallel training: each optimizer step splits its batch between this thread and its peers (other workers,
// each with its own copy of the model), every part computes the gradients of its slice's mean loss at the same
// weights, and the step applies their average weighted by slice size: the gradient of the whole batch's mean loss,
// so the run is the one-worker run up to float rounding. Weights and gradients travel as plain arrays (transferred
// between workers, never shared), so no cross-origin isolation is needed.
import * as tf from "@tensorflow/tfjs";
import { batchLoss, type LossOptions, type TrainStep } from "./trainLoop.ts";

/** What one slice of a batch gives: the gradients (one array per trainable weight, in order) and its mean loss and accuracy. */
export interface SliceGradients {
  grads: Float32Array[];
  loss: number;
  accuracy: number;
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
    return { grads: arrays, loss: lossValue[0], accuracy: accuracyValue[0] };
  } finally {
    tf.dispose([...grads, loss, accuracy]);
  }
}

/**
 * A train step that shares each batch with `peers`: this thread takes the first slice, each peer the next (slices
 * of equal size, the last one shorter; a peer left without examples is skipped). With no peers it is the plain step.
 */
export function makeParallelTrainStep(peers: readonly GradientPeer[], options: LossOptions = {}): TrainStep {
  return async (model, xs, ys) => {
    const optimizer = model.optimizer as tf.Optimizer;
    const variables = variablesOf(model);
    const count = xs.shape[0];
    const size = Math.ceil(count / (peers.length + 1));
    const pixels = xs.size / count;
    const classes = ys.size / count;
    const [weights, xsData, ysData] = await Promise.all([
      Promise.all(variables.map((v) => v.data() as Promise<Float32Array>)),
      xs.data() as Promise<Float32Array>,
      ys.data() as Promise<Float32Array>,
    ]);
    // the peers start first, then this thread computes its own slice meanwhile
    const shared = peers.flatMap((peer, i) => {
      const start = (i + 1) * size;
      const end = Math.min(count, start + size);
      if (start >= end) return [];
      const job: SliceJob = {
        // each peer gets its own copy (they are transferred); the last takes the arrays read above
        weights: i === peers.length - 1 ? weights : weights.map((w) => w.slice()),
        xs: xsData.slice(start * pixels, end * pixels),
        ys: ysData.slice(start * classes, end * classes),
        count: end - start,
      };
      return [peer.gradients(job).then((result) => ({ ...result, count: end - start }))];
    });
    const own = Math.min(size, count);
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
      const sum = Float32Array.from(mine[i], (g) => g * (own / count));
      for (const r of results) {
        const theirs = r.grads[i];
        const share = r.count / count;
        for (let k = 0; k < sum.length; k++) sum[k] += theirs[k] * share;
      }
      averaged[v.name] = tf.tensor(sum, v.shape);
    });
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
