/**
 * Looking inside a model: every test image's probabilities (for the confusion matrix and the misclassified
 * gallery), each layer's activations for one image, the conv kernels as filters, and per-layer weight histograms.
 * Works on the baseline and on a variant alike; a variant with 8-bit activations passes its calibrated ranges.
 * Every tensor made here is disposed here; results are plain arrays that cross the worker boundary.
 */
import * as tf from "@tensorflow/tfjs";
import { computeLayers, layerOutputs } from "../compress/measure.ts";
import { makeBatch } from "../data/batches.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { yieldToEventLoop, CancelledError } from "../train/trainControl.ts";
import { weightHistogram, type WeightHistogram } from "./weightStats.ts";

/** Activation ranges of a variant with simulated 8-bit activations, or null for float activations. */
export type ActivationRanges = Array<[number, number]> | null;

/** Probabilities of every image of a split: [count × numClasses], row-major. */
export async function predictAll(
  model: tf.LayersModel,
  split: DatasetSplit,
  numClasses: number,
  ranges: ActivationRanges = null,
  batchSize = 500,
  isCancelled?: () => boolean,
): Promise<Float32Array> {
  const probs = new Float32Array(split.count * numClasses);
  const order = Int32Array.from({ length: split.count }, (_, i) => i);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(split.count, start + batchSize);
    const { xs, ys } = makeBatch(split, order, start, end, numClasses);
    const out = tf.tidy(() => {
      const outputs = layerOutputs(model, xs, ranges);
      return outputs.pop()!; // the others are disposed by tidy
    });
    tf.dispose([xs, ys]);
    probs.set((await out.data()) as Float32Array, start * numClasses);
    out.dispose();
    await yieldToEventLoop(); // lets pause, stop and other requests through on cpu and wasm
    if (isCancelled?.()) throw new CancelledError();
  }
  return probs;
}

/** One layer's output for one image: shape without the batch axis ([h, w, c] or [units]). */
export interface LayerActivation {
  layerName: string;
  /** tfjs class name, e.g. "Conv2D", "MaxPooling2D", "Dense". */
  className: string;
  shape: number[];
  values: Float32Array;
}

/** Every computing layer's output for one image (values in [0, 1], [rows × cols × channels]). */
export async function layerActivations(
  model: tf.LayersModel,
  image: Float32Array,
  inputShape: readonly [number, number, number],
  ranges: ActivationRanges = null,
): Promise<LayerActivation[]> {
  const size = inputShape[0] * inputShape[1] * inputShape[2];
  if (image.length !== size)
    throw new Error(`layerActivations: the image has ${image.length} values, the model takes ${size}`);
  const xs = tf.tensor4d(image, [1, ...inputShape]);
  const outputs = layerOutputs(model, xs, ranges);
  xs.dispose();
  try {
    const layers = computeLayers(model);
    return await Promise.all(
      outputs.map(async (t, i) => ({
        layerName: layers[i].name,
        className: layers[i].getClassName(),
        shape: t.shape.slice(1),
        values: (await t.data()) as Float32Array,
      })),
    );
  } finally {
    tf.dispose(outputs);
  }
}

/** One conv layer's kernels, in tfjs layout [kh, kw, inChannels, outChannels] (depthwise: [kh, kw, in, 1]). */
export interface ConvKernel {
  layerName: string;
  /** "conv" or "depthwise" (a separable conv's spatial part). */
  kind: "conv" | "depthwise";
  shape: [number, number, number, number];
  values: Float32Array;
}

/** The spatial kernel weights of every conv and separable conv layer, in layer order (not read). */
export function convKernelWeights(
  model: tf.LayersModel,
): Array<Omit<ConvKernel, "values"> & { weight: tf.LayerVariable }> {
  const out: Array<Omit<ConvKernel, "values"> & { weight: tf.LayerVariable }> = [];
  for (const layer of computeLayers(model)) {
    for (const weight of layer.weights) {
      const short = weight.originalName.split("/").pop();
      const kind =
        short === "depthwise_kernel" ? "depthwise" : short === "kernel" && weight.shape.length === 4 ? "conv" : null;
      if (kind) out.push({ layerName: layer.name, kind, shape: weight.shape as ConvKernel["shape"], weight });
    }
  }
  return out;
}

/** The spatial kernels of every conv and separable conv layer (read from the device once each). */
export async function convKernels(model: tf.LayersModel): Promise<ConvKernel[]> {
  const kernels: ConvKernel[] = [];
  for (const { weight, ...k } of convKernelWeights(model)) {
    kernels.push({ ...k, values: (await weight.read().data()) as Float32Array });
  }
  return kernels;
}

/** A weight tensor's histogram, with the zeros pruning made and the levels quantization left. */
export interface KernelHistogram extends WeightHistogram {
  /** "layerName/weightName". */
  name: string;
}

/** Histograms of every kernel (conv, depthwise, pointwise, dense, head); biases and batch norm are left out. */
export async function kernelHistograms(model: tf.LayersModel, bins = 41): Promise<KernelHistogram[]> {
  const out: KernelHistogram[] = [];
  for (const layer of computeLayers(model)) {
    for (const weight of layer.weights) {
      const short = weight.originalName.split("/").pop() ?? "";
      if (!/kernel$/.test(short)) continue;
      const values = (await weight.read().data()) as Float32Array;
      out.push({ name: `${layer.name}/${short}`, ...weightHistogram(values, bins) });
    }
  }
  return out;
}
