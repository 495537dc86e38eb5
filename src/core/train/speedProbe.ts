import * as tf from "@tensorflow/tfjs";
import { trainStep } from "./trainLoop.ts";

/** How fast a model trains on the current backend, from a few real optimizer steps. */
export interface TrainSpeed {
  /** Examples per second of the fastest timed step (this VM's CPU steal makes slower ones noise). */
  examplesPerSec: number;
  /** Steps timed after the warm-up. */
  steps: number;
  /** The warm-up step (kernel compilation, shader builds, weight upload), ms. */
  firstStepMs: number;
}

/** Settings of a probe: at least one timed step; more while the time budget lasts. */
export interface SpeedProbeOptions {
  maxSteps: number;
  budgetMs: number;
}

async function timedStep(model: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor2D): Promise<number> {
  const start = performance.now();
  const [loss, accuracy] = trainStep(model, xs, ys);
  await loss.data(); // flush the queue: GPU backends run asynchronously
  tf.dispose([loss, accuracy]);
  return performance.now() - start;
}

/**
 * Times one warm-up step and then up to `maxSteps` optimizer steps of `model` on the batch (the
 * model's weights change: probe a throw-away copy). Owns every tensor it makes.
 */
export async function probeTrainSpeed(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor2D,
  options: SpeedProbeOptions,
): Promise<TrainSpeed> {
  const start = performance.now();
  const firstStepMs = await timedStep(model, xs, ys);
  let fastest = Number.POSITIVE_INFINITY;
  let steps = 0;
  while (steps < Math.max(1, options.maxSteps) && (steps === 0 || performance.now() - start < options.budgetMs)) {
    fastest = Math.min(fastest, await timedStep(model, xs, ys));
    steps++;
  }
  return { examplesPerSec: (xs.shape[0] * 1000) / Math.max(fastest, 1e-3), steps, firstStepMs };
}
