// Training: the optimizer step (cross-entropy, class weights, L2) and the loop over epochs and batches.
import * as tf from "@tensorflow/tfjs";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { createDivergenceWatch, type Divergence, type DivergenceRules } from "./divergence.ts";
import { isAugmentationOff, type Augmentation, type LrSchedule } from "../../config/schema.ts";
import { augmentImages } from "../data/augment.ts";
import { makeBatch, type PixelTransform } from "../data/batches.ts";
import { ArrivalOrder, type ArrivingExamples } from "../data/arrivingData.ts";
import { shuffledIndices, type Rng } from "../random.ts";
import type { BatchMetrics, EpochMetrics, RunSummary, TrainProgress } from "./metrics.ts";
import { yieldToEventLoop, type TrainControl } from "./trainControl.ts";
import { evaluateModel } from "./trainLoopEvaluate.ts";
import { scheduleRun, scheduledRate } from "./lrSchedule.ts";
import { setOptimizerRate } from "./optimizerRate.ts";
import type { GradientTap } from "./gradNorms.ts";

/** Re-exported for callers that train and then measure (the end-to-end tests import it from here). */

/** Settings of one run; `rng` shuffles the batches. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  numClasses: number;
  rng: Rng;
  /** Read loss and accuracy back from the device at most this often (each read-back stalls a GPU). */
  readbackEveryMs?: number;
  /** ... and at least every this many batches, so the device queue stays short. */
  readbackEveryBatches?: number;
  /** Runs after every optimizer step (e.g. re-applies pruning masks); `step` counts from 0. */
  afterStep?: (step: number) => void | Promise<void>;
  /** Runs after each completed epoch (e.g. keeps a checkpoint), between batches; its time is not training time. */
  afterEpoch?: (epochIndex: number) => Promise<void>;
  /** Replaces the optimizer step (e.g. quantization-aware training); classWeights and l2 then do not apply. */
  trainStep?: TrainStep;
  /** Random shift, rotation and zoom of each training image (single-channel data), drawn from rng; off when absent. */
  augment?: Augmentation;
  /** Loss weight of each class 0..numClasses-1 (weighted cross-entropy); absent means all 1. */
  classWeights?: number[];
  /** L2 penalty coefficient on the kernels; absent means 0. */
  l2?: number;
  /** When a diverging loss stops the run (NaN, infinite, at its ceiling, grown several-fold); DIVERGENCE_RULES when absent. */
  divergence?: DivergenceRules;
  /**
   * The training examples' pixels are still arriving (a first visit's download): batches take only examples that
   * are in, and validation waits for them all. Absent: every example is in.
   */
  arriving?: ArrivingExamples;
  /**
   * Sets model.optimizer's rate before every step from the schedule (the data-parallel step applies the averaged
   * gradients with the same optimizer). Absent: the optimizer keeps whatever rate it has.
   */
  learningRate?: { base: number; schedule: LrSchedule };
  /** Hears the gradients of the steps it is armed for (the built-in step's; a custom trainStep brings its own). */
  gradientTap?: GradientTap;
}

/** What the minimized loss adds to the mean cross-entropy. */
export interface LossOptions {
  /** Loss weight of each class (weighted cross-entropy: each example's loss times its label's weight). */
  classWeights?: number[];
  /** Adds l2 × Σ kernel² over conv, separable and dense kernels (not biases, not batch norm). */
  l2?: number;
}

/** One optimizer step on a batch, in this thread; [loss, accuracy] scalars the caller owns. */
export type LocalTrainStep = (model: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor2D) => [tf.Scalar, tf.Scalar];
/** One optimizer step on a batch; asynchronous when other workers compute part of it. */
export type TrainStep = (
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor2D,
) => [tf.Scalar, tf.Scalar] | Promise<[tf.Scalar, tf.Scalar]>;

/** Receives metrics in groups (one device read-back each), and one summary per epoch. */
export interface TrainCallbacks {
  onBatches(batches: BatchMetrics[], progress: TrainProgress): void;
  onEpoch(metrics: EpochMetrics): void;
}

/** The kernels of a model's conv, separable (depthwise and pointwise) and dense layers, the head's included. */
export function kernelVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
}

/**
 * The loss a step minimizes on a batch (the mean cross-entropy, weighted per class, plus the L2 penalty) and the
 * batch's accuracy (kept: it outlives a gradient scope). Call inside a gradient function (minimize, variableGrads).
 */
export function batchLoss(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor2D,
  options: LossOptions = {},
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const { classWeights, l2 = 0 } = options;
  const kernels = l2 > 0 ? kernelVariables(model) : [];
  const probs = model.apply(xs, { training: true }) as tf.Tensor2D;
  const accuracy = tf.keep(tf.metrics.categoricalAccuracy(ys, probs).mean() as tf.Scalar);
  let perExample = tf.metrics.categoricalCrossentropy(ys, probs); // [batch]
  // ys is one-hot, so ys · weights is the weight of each example's label
  if (classWeights) perExample = perExample.mul(ys.mul(tf.tensor1d(classWeights)).sum(-1));
  const crossEntropy = perExample.mean() as tf.Scalar;
  if (kernels.length === 0) return { loss: crossEntropy, accuracy };
  return { loss: crossEntropy.add(tf.addN(kernels.map((k) => k.square().sum())).mul(l2)) as tf.Scalar, accuracy };
}

/**
 * An optimizer step on a batch that minimizes the mean cross-entropy, weighted per class, plus the L2 penalty.
 * The loss it returns is the minimized one (penalty and weights included), not the plain cross-entropy.
 */
export function makeTrainStep(options: LossOptions = {}, tap?: GradientTap): LocalTrainStep {
  return (model, xs, ys) => {
    const optimizer = model.optimizer as tf.Optimizer;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let accuracy: tf.Scalar | null = null;
    if (tap?.isArmed) {
      // minimize in two halves, so the tap sees the very gradients the optimizer applies
      const { value, grads } = optimizer.computeGradients(() => {
        const out = batchLoss(model, xs, ys, options);
        accuracy = out.accuracy;
        return out.loss;
      }, variables);
      tap.record(model, grads);
      optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
      return [value as tf.Scalar, accuracy!];
    }
    // minimize disposes every tensor made inside, the class-weight constant included
    const loss = optimizer.minimize(
      () => {
        const out = batchLoss(model, xs, ys, options);
        accuracy = out.accuracy;
        return out.loss;
      },
      true,
      variables,
    ) as tf.Scalar;
    return [loss, accuracy!];
  };
}

/** One optimizer step on a batch (mean cross-entropy); returns [loss, accuracy] scalars the caller owns. */
export const trainStep: LocalTrainStep = makeTrainStep();

/** The augmentation of a split's batches, or undefined when off. */
function augmentOf(settings: Augmentation | undefined, split: DatasetSplit, rng: Rng): PixelTransform | undefined {
  if (!settings || isAugmentationOff(settings)) return undefined;
  if (split.channels !== 1)
    throw new Error(`Augmentation works on single-channel images; this data has ${split.channels} channels.`);
  return (pixels, count) => augmentImages(pixels, count, split.rows, split.cols, settings, rng);
}

/** Resolves when `promise` does or when the signal aborts, whichever is first; rejects when `promise` does first. */
function untilStopped(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  let onAbort = () => {};
  const stopped = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, stopped]).finally(() => signal.removeEventListener("abort", onAbort));
}

/**
 * Trains `model` (compiled, with its optimizer) on `data.train`, validating on `data.validation` after each epoch.
 * Owns every tensor it makes; the model's weights change in place.
 */
export async function runTraining(
  model: tf.LayersModel,
  data: { train: DatasetSplit; validation: DatasetSplit },
  options: TrainOptions,
  callbacks: TrainCallbacks,
  control: TrainControl,
): Promise<RunSummary> {
  const { epochs, batchSize, numClasses, rng } = options;
  const { classWeights, l2 } = options;
  if (classWeights && classWeights.length !== numClasses)
    throw new Error(`runTraining: ${classWeights.length} class weights for ${numClasses} classes`);
  const { gradientTap } = options;
  const optimizerStep =
    options.trainStep ??
    (classWeights || l2 || gradientTap ? makeTrainStep({ classWeights, l2 }, gradientTap) : trainStep);
  const augment = augmentOf(options.augment, data.train, rng);
  const readbackEveryMs = options.readbackEveryMs ?? 250;
  const readbackEveryBatches = options.readbackEveryBatches ?? 25;
  const batchesPerEpoch = Math.ceil(data.train.count / batchSize);
  const totalExamples = epochs * data.train.count;
  let pausedMs = 0;
  let examplesSeen = 0;
  // a loss that is NaN, infinite, stuck at its ceiling or growing several-fold ends the run with the reason
  const watch = createDivergenceWatch(options.divergence);
  let diverged: Divergence | undefined;
  let step = 0;
  const run = scheduleRun(data.train.count, batchSize, epochs);
  let rate: number | undefined;
  /** Waits for the download (or Stop); like a pause, the wait is not training time. */
  const waitForData = async (promise: Promise<void>) => {
    const began = performance.now();
    try {
      await untilStopped(promise, control.signal);
    } finally {
      pausedMs += performance.now() - began;
    }
  };
  const startMs = performance.now();
  const activeMs = () => performance.now() - startMs - pausedMs;
  const progress = (epochIndex: number, batchIndex: number): TrainProgress => {
    const elapsedMs = activeMs();
    const examplesPerSec = examplesSeen / Math.max(elapsedMs / 1000, 1e-6);
    return {
      epochIndex,
      epochs,
      batchIndex,
      batchesPerEpoch,
      examplesSeen,
      totalExamples,
      examplesPerSec,
      elapsedMs,
      etaMs: ((totalExamples - examplesSeen) / Math.max(examplesPerSec, 1e-6)) * 1000,
      ...(rate === undefined ? {} : { learningRate: rate }),
    };
  };

  for (let epochIndex = 0; epochIndex < epochs; epochIndex++) {
    const order = shuffledIndices(data.train.count, rng);
    // While the download goes on, an epoch's batches come from the examples that are in: the same examples per
    // epoch, in an order that depends on when they arrived. With every example in, none of this happens and the
    // batches are order's slices, as they always were (the same run for the same seed).
    const { arriving } = options;
    const arrivals = arriving && arriving.ready() < data.train.count ? new ArrivalOrder(order) : null;
    // [step, loss, accuracy, batch size] of batches not yet read back
    let pending: Array<[number, tf.Scalar, tf.Scalar, number]> = [];
    let lastReadMs = performance.now();
    let epochLossSum = 0;
    let epochCorrect = 0;
    let epochCount = 0;
    const flush = async (batchIndex: number) => {
      if (pending.length === 0) return;
      const group = pending;
      pending = [];
      const stacked = tf.tidy(() => tf.stack(group.flatMap(([, l, a]) => [l, a])));
      tf.dispose(group.flatMap(([, l, a]) => [l, a]));
      const values = await stacked.data();
      stacked.dispose();
      const batches = group.map(([s, , , size], i) => {
        epochLossSum += values[2 * i] * size;
        epochCorrect += values[2 * i + 1] * size;
        epochCount += size;
        diverged ??= watch.observe(values[2 * i]) ?? undefined;
        return { step: s, epochIndex, loss: values[2 * i], accuracy: values[2 * i + 1] };
      });
      lastReadMs = performance.now();
      callbacks.onBatches(batches, progress(epochIndex, batchIndex));
      await yieldToEventLoop();
    };

    for (let batchIndex = 0; batchIndex < batchesPerEpoch; batchIndex++) {
      if (control.isPaused?.()) await flush(batchIndex); // a paused run shows its last batches (a step's loss)
      pausedMs += await control.waitWhilePaused();
      if (control.signal.aborted || diverged) break;
      const start = batchIndex * batchSize;
      const end = Math.min(data.train.count, start + batchSize);
      let picked = arrivals ? arrivals.take(end - start, arriving!.ready()) : order.subarray(start, end);
      while (picked === null && !control.signal.aborted) {
        await waitForData(arriving!.more());
        picked = arrivals!.take(end - start, arriving!.ready());
      }
      if (picked === null) break; // stopped while waiting
      const { xs, ys } = makeBatch(data.train, picked, 0, end - start, numClasses, augment);
      if (options.learningRate) {
        const { base, schedule } = options.learningRate;
        rate = scheduledRate(base, schedule, step, run);
        setOptimizerRate(model.optimizer as tf.Optimizer, rate);
      }
      try {
        const [loss, accuracy] = await optimizerStep(model, xs, ys);
        pending.push([step, loss, accuracy, end - start]);
      } finally {
        tf.dispose([xs, ys]);
      }
      await options.afterStep?.(step);
      step++;
      examplesSeen += end - start;
      if (pending.length >= readbackEveryBatches || performance.now() - lastReadMs >= readbackEveryMs) {
        await flush(batchIndex + 1);
      }
    }
    await flush(batchesPerEpoch);
    // validation holds examples that may not be in yet, and the end of the file proves its start (gzip's checksum)
    if (arriving && !control.signal.aborted && !diverged) await waitForData(arriving.whole());
    if (control.signal.aborted || diverged) {
      return {
        status: "stopped",
        epochsCompleted: epochIndex,
        examplesSeen,
        examplesPerSec: progress(epochIndex, 0).examplesPerSec,
        elapsedMs: activeMs(),
        diverged,
      };
    }
    const validation = await evaluateModel(model, data.validation, numClasses);
    callbacks.onEpoch({
      epochIndex,
      trainLoss: epochLossSum / Math.max(epochCount, 1),
      trainAccuracy: epochCorrect / Math.max(epochCount, 1),
      valLoss: validation.count ? validation.loss : null,
      valAccuracy: validation.count ? validation.accuracy : null,
      examplesPerSec: progress(epochIndex, batchesPerEpoch).examplesPerSec,
      elapsedMs: activeMs(),
    });
    if (options.afterEpoch) {
      const began = performance.now();
      await options.afterEpoch(epochIndex);
      pausedMs += performance.now() - began; // not training time
    }
  }
  return {
    status: "completed",
    epochsCompleted: epochs,
    examplesSeen,
    examplesPerSec: progress(epochs - 1, batchesPerEpoch).examplesPerSec,
    elapsedMs: activeMs(),
  };
}
