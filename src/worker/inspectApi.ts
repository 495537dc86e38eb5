/**
 * The trainer's side of "look inside": probabilities on the test set, activations for one image, filters and
 * weight histograms, of the trained model or of a measured variant (rebuilt from its kept weights, and
 * disposed after). Read-only: nothing here changes the trained model.
 */
import type * as tf from "@tensorflow/tfjs";
import { int8Activations, variantKey, type CompressionSpec } from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { writeWeights } from "../core/compress/modelWeights.ts";
import { calibrateActivations } from "../core/compress/measure.ts";
import { DATASETS } from "../core/data/datasets.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import {
  convKernels,
  kernelHistograms,
  layerActivations,
  predictAll,
  type ActivationRanges,
  type ConvKernel,
  type LayerActivation,
  type KernelHistogram,
} from "../core/inspect/probe.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import type { KeptVariant } from "./modelFiles.ts";

/** What the inspector reads: the trained model, its data, and the variants' kept weights. */
export interface InspectSource {
  model: tf.LayersModel;
  config: ExperimentConfig;
  data: { train: DatasetSplit; test: DatasetSplit };
  variants: ReadonlyMap<string, KeptVariant>;
}

/** Test-set predictions of one model: probabilities [count × numClasses] and the true labels. */
export interface TestPredictions {
  probs: Float32Array;
  labels: Uint8Array;
  numClasses: number;
}

/** Calibration images for 8-bit activation ranges: as many as the lab's measurement uses. */
const CALIBRATION_IMAGES = 300;

/** Runs `work` on the baseline (spec null) or on a variant rebuilt from its kept weights (disposed after). */
async function withModel<T>(
  source: InspectSource,
  spec: CompressionSpec | null,
  work: (model: tf.LayersModel, ranges: ActivationRanges) => Promise<T>,
): Promise<T> {
  const info = DATASETS[source.config.datasetId];
  if (!spec) return work(source.model, null);
  const kept = source.variants.get(variantKey(spec));
  if (!kept)
    throw new Error("Measure this variant in the compression lab first: only measured variants can be inspected.");
  const model = buildModel(kept.config, info.inputShape, info.numClasses);
  try {
    writeWeights(model, kept.weights);
    const ranges = int8Activations(spec)
      ? await calibrateActivations(model, source.data.train, CALIBRATION_IMAGES, info.numClasses)
      : null;
    return await work(model, ranges);
  } finally {
    disposeModel(model);
  }
}

/** Probabilities of every test image under the model (or variant). */
export function testPredictions(source: InspectSource, spec: CompressionSpec | null): Promise<TestPredictions> {
  const info = DATASETS[source.config.datasetId];
  return withModel(source, spec, async (model, ranges) => ({
    probs: await predictAll(model, source.data.test, info.numClasses, ranges),
    labels: source.data.test.labels.slice(),
    numClasses: info.numClasses,
  }));
}

/** The test image at `index` as values in [0, 1] (for the activation maps and the gallery). */
export function testImage(source: InspectSource, index: number): Float32Array {
  const test = source.data.test;
  if (!Number.isInteger(index) || index < 0 || index >= test.count)
    throw new Error(`There is no test image ${index}: pick one of 0–${test.count - 1}.`);
  const size = test.rows * test.cols * test.channels;
  return Float32Array.from(test.images.subarray(index * size, (index + 1) * size), (v) => v / 255);
}

/** Several test images' pixels (uint8, row-major), for a gallery. */
export function testImages(source: InspectSource, indices: number[]): { pixels: Uint8Array[]; labels: number[] } {
  const test = source.data.test;
  const size = test.rows * test.cols * test.channels;
  const valid = indices.filter((i) => Number.isInteger(i) && i >= 0 && i < test.count);
  return {
    pixels: valid.map((i) => test.images.slice(i * size, (i + 1) * size)),
    labels: valid.map((i) => test.labels[i]),
  };
}

/** Each layer's output for one image, and the probabilities (the last layer's output). */
export function activations(
  source: InspectSource,
  spec: CompressionSpec | null,
  image: Float32Array,
): Promise<LayerActivation[]> {
  const info = DATASETS[source.config.datasetId];
  return withModel(source, spec, (model, ranges) => layerActivations(model, image, info.inputShape, ranges));
}

/** Probabilities for one image under the baseline and each variant asked for (in that order). */
export async function classify(
  source: InspectSource,
  specs: Array<CompressionSpec | null>,
  image: Float32Array,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const spec of specs) {
    const layers = await activations(source, spec, image);
    out.push(layers[layers.length - 1].values);
  }
  return out;
}

/** Conv filters of the model (or variant). */
export function filters(source: InspectSource, spec: CompressionSpec | null): Promise<ConvKernel[]> {
  return withModel(source, spec, (model) => convKernels(model));
}

/** Kernel histograms of the model (or variant). */
export function histograms(source: InspectSource, spec: CompressionSpec | null): Promise<KernelHistogram[]> {
  return withModel(source, spec, (model) => kernelHistograms(model));
}
