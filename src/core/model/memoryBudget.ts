// What one training step really allocates, from the shapes inferShapes computes; pure, no tfjs.
//
// Measured on tfjs 4.22 (wasm backend with the kernels of src/core/backends/, `tf.memory().numBytes`, which counts a
// reshape or a saved clone as a tensor of its own): optimizer.minimize keeps every tensor a kernel saves for its
// gradient and every gradient it computes (one per intermediate tensor, not per layer) until backprop ends, so a step
// peaks near the end of backprop with all of them plus the largest temporary of one backward kernel. Adam and RMSProp
// then update all weights in one tidy whose temporaries (14 and 15 weight-sized tensors) can be larger still with wide
// Dense layers. Each layer kind's module (src/layers/) gives its floats per example from per-tensor traces (its
// `memory` rule); the factors against measured peaks are checked in memoryBudget.test.ts.

import { DATASETS } from "../data/datasets.ts";
import type { ExperimentConfig, LayerConfig, Optimizer } from "../../config/schema.ts";
import type { LayerCost } from "../../layers/kit/memory.ts";
import { product } from "../../layers/kit/shapes.ts";
import { specOf } from "../../layers/registry.ts";
import { inferShapes, type Shape } from "./inferShapes.ts";

/** What a run may use: wasm's heap stops at 4 GiB and never shrinks, and laptop tabs get killed or swap well before. */
export const MEMORY_BUDGET_BYTES = 1.5 * 2 ** 30;

/** Batch size of evaluateModel (validation after each epoch, test at the end). */
export const EVAL_BATCH_SIZE = 500;
/** tfjs LayersModel.predict runs its input in chunks of 32 by default. */
const PREDICT_CHUNK = 32;
const FLOAT_BYTES = 4;
/** Scalars and small tensors of a step (loss, accuracy, optimizer constants): 64 KiB. */
const SLACK_FLOATS = 16 * 1024;
/** Headroom over the traced counts, for kernels of other backends and versions. */
const HEADROOM = 1.02;

/** Weight-sized slots each optimizer keeps between steps (tfjs's RMSProp keeps mean squares and momentum). */
export const OPTIMIZER_SLOTS: Record<Optimizer, number> = { sgd: 0, momentum: 1, rmsprop: 2, adam: 2 };
/** Weight-sized temporaries of one optimizer update besides the gradients (all variables in one tidy). */
const UPDATE_TEMPORARIES: Record<Optimizer, number> = { sgd: 2, momentum: 4, rmsprop: 15, adam: 14 };
/** Weight-sized tensors the L2 penalty adds to a step (square, sum and their gradients, summed into the others). */
const L2_COPIES = 6;

/** Training settings besides batch size and optimizer that change memory. */
export interface MemoryOptions {
  /** L2 penalty coefficient; > 0 adds its weight-sized tensors to the step. */
  l2?: number;
}

/** Bytes of training at one batch size, by part. */
export interface TrainingMemory {
  batchSize: number;
  /** The peak of a run: weights + optimizer state + the largest of step, optimizer update and evaluation. */
  totalBytes: number;
  /** Bytes each image of the batch adds to the step (activations kept for backprop, their gradients, temporaries). */
  perExampleBytes: number;
  /** All weights, batch-norm statistics included. */
  weightBytes: number;
  /** Optimizer slots kept between steps. */
  optimizerStateBytes: number;
  /** Forward and backward pass of one batch, its images and labels included, above weights and optimizer state. */
  stepBytes: number;
  /** Gradients plus the optimizer's update temporaries (the batch still held). */
  updateBytes: number;
  /** One evaluation batch of EVAL_BATCH_SIZE images (no backprop). */
  evaluationBytes: number;
}

const size = product;

/** Floats of a valid stack: per example and fixed for the step, for the update and evaluation; null when invalid. */
function memoryModel(layers: readonly LayerConfig[], inputShape: Shape, numClasses: number) {
  const stats = inferShapes([...layers], inputShape, numClasses);
  if (stats.error && stats.error.layerIndex !== -1) return null; // a broken stack; over-limit stacks are still estimated
  const costs: LayerCost[] = [];
  let inShape = inputShape;
  let grad = false;
  let denseWeights = 0;
  stats.layers.forEach((s, i) => {
    const I = size(inShape);
    const isHead = i === layers.length;
    const cost: LayerCost = isHead
      ? // the head: fused matMul (x saved twice, two gradients), bias add, softmax and cross-entropy: ~32 × [classes]
        {
          kept: 2 * I * (grad ? 2 : 1) + 32 * numClasses,
          temp: I + 4 * numClasses,
          infer: I + 3 * numClasses,
          weights: s.params,
          copies: 4,
        }
      : specOf(layers[i]).memory(layers[i], { input: inShape, output: s.outputShape, params: s.params, grad });
    costs.push(cost);
    if (isHead || layers[i].kind === "dense") denseWeights += s.params;
    grad ||= cost.weights > 0;
    inShape = s.outputShape;
  });
  const batchInput = size(inputShape) + numClasses; // xs and one-hot ys
  const sum = (f: (c: LayerCost) => number) => costs.reduce((a, c) => a + f(c), 0);
  const max = (f: (c: LayerCost) => number) => Math.max(...costs.map(f));
  return {
    params: stats.totalParams,
    trainable: sum((c) => c.weights),
    batchInput,
    perExample: batchInput + sum((c) => c.kept) + max((c) => c.temp),
    // kept kernel copies and gradients, plus one transposed kernel (Dense backprop)
    stepFixed: sum((c) => c.copies * c.weights) + max((c) => c.weights),
    // the batch's images, labels and probabilities, one predict chunk through the widest layer, and the chunk's
    // reshaped Dense kernels (a reshape is a tensor of its own to tfjs's count)
    evaluation:
      EVAL_BATCH_SIZE * (size(inputShape) + 3 * numClasses) +
      PREDICT_CHUNK * (size(inputShape) + max((c) => c.infer)) +
      denseWeights,
  };
}

/** Estimated bytes of training `layers` at `batchSize` with `optimizer`; null when the stack does not build. */
export function estimateTrainingBytes(
  layers: readonly LayerConfig[],
  inputShape: Shape,
  numClasses: number,
  batchSize: number,
  optimizer: Optimizer,
  options: MemoryOptions = {},
): TrainingMemory | null {
  const m = memoryModel(layers, inputShape, numClasses);
  if (!m) return null;
  const l2 = (options.l2 ?? 0) > 0 ? L2_COPIES * m.trainable : 0;
  const bytes = (floats: number) => Math.ceil(FLOAT_BYTES * HEADROOM * floats);
  const stepBytes = bytes(batchSize * m.perExample + m.stepFixed + l2 + SLACK_FLOATS);
  const updateBytes = bytes(
    m.trainable * (1 + UPDATE_TEMPORARIES[optimizer]) + batchSize * m.batchInput + SLACK_FLOATS,
  );
  const evaluationBytes = bytes(m.evaluation + SLACK_FLOATS);
  const weightBytes = FLOAT_BYTES * m.params;
  const optimizerStateBytes = FLOAT_BYTES * m.trainable * OPTIMIZER_SLOTS[optimizer];
  return {
    batchSize,
    totalBytes: weightBytes + optimizerStateBytes + Math.max(stepBytes, updateBytes, evaluationBytes),
    perExampleBytes: bytes(m.perExample),
    weightBytes,
    optimizerStateBytes,
    stepBytes,
    updateBytes,
    evaluationBytes,
  };
}

/** Limits of largestBatchThatFits: the budget (MEMORY_BUDGET_BYTES) and the largest batch tried (1024). */
export interface FitOptions extends MemoryOptions {
  budget?: number;
  maxBatch?: number;
}

/** The largest batch size in 1..maxBatch whose estimate fits the budget; 0 when none does or the stack does not build. */
export function largestBatchThatFits(
  layers: readonly LayerConfig[],
  inputShape: Shape,
  numClasses: number,
  optimizer: Optimizer,
  options: FitOptions = {},
): number {
  const { budget = MEMORY_BUDGET_BYTES, maxBatch = 1024 } = options;
  const fits = (b: number) =>
    (estimateTrainingBytes(layers, inputShape, numClasses, b, optimizer, options)?.totalBytes ?? Infinity) <= budget;
  if (!fits(1)) return 0;
  let lo = 1; // fits
  let hi = maxBatch + 1; // taken as not fitting
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Bytes as "97 GiB", "1.5 GiB", "640 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value >= 10 || unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
  return `${text} ${units[unit]}`;
}

/** The config fields checkMemoryBudget reads. */
export type MemoryCheckedConfig = Pick<ExperimentConfig, "datasetId" | "layers" | "batchSize" | "optimizer" | "l2">;

/** Null when training `config` fits the budget (or its stack does not build); else the need, the budget and a batch size that fits. */
export function checkMemoryBudget(config: MemoryCheckedConfig, budget = MEMORY_BUDGET_BYTES): string | null {
  const { inputShape, numClasses } = DATASETS[config.datasetId];
  const { layers, batchSize, optimizer, l2 } = config;
  const estimate = estimateTrainingBytes(layers, inputShape, numClasses, batchSize, optimizer, { l2 });
  if (!estimate || estimate.totalBytes <= budget) return null;
  const needs =
    `One training step at batch ${batchSize} needs about ${formatBytes(estimate.totalBytes)} ` +
    `(${formatBytes(estimate.perExampleBytes)} per image); the budget is ${formatBytes(budget)}`;
  const fits = largestBatchThatFits(layers, inputShape, numClasses, optimizer, { l2, budget, maxBatch: batchSize });
  if (fits > 0) return `${needs}: use batch size ${fits} or less, or fewer/smaller layers.`;
  const sgdFits =
    optimizer !== "sgd" && largestBatchThatFits(layers, inputShape, numClasses, "sgd", { l2, budget, maxBatch: 1 }) > 0;
  return `${needs}: even batch size 1 does not fit; use fewer or smaller layers${sgdFits ? ", or SGD (its update needs less)" : ""}.`;
}
