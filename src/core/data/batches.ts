// Validation hold-out and tensor batches from decoded dataset splits.
import * as tf from "@tensorflow/tfjs";
import { bytesPerImage, sliceSplit, type DatasetSplit } from "./datasetFormat.ts";
import type { Rng } from "../random.ts";
import { validationIndices } from "./imbalance.ts";

/** Lookup table: uint8 pixel value -> float in [0, 1]. */
const PIXEL_TO_UNIT = Float32Array.from({ length: 256 }, (_, value) => value / 255);

/** Training split with a seeded random validation hold-out; 0 ≤ validationFraction < 1. */
export interface ValidationSplit {
  train: DatasetSplit;
  validation: DatasetSplit;
}

/**
 * Holds out round(count * validationFraction) random examples (chosen by rng) as validation; both parts keep file order.
 * Fraction 0 returns the input split itself as train and an empty validation split.
 */
export function splitValidation(train: DatasetSplit, validationFraction: number, rng: Rng): ValidationSplit {
  const indices = validationIndices(train.count, validationFraction, rng);
  if (indices.validation.length === 0) return { train, validation: sliceSplit(train, []) };
  return { train: sliceSplit(train, indices.train), validation: sliceSplit(train, indices.validation) };
}

/** A batch of examples; the caller owns and must dispose both tensors. */
export interface Batch {
  /** float32 [batch, rows, cols, channels], pixels scaled to [0, 1]. */
  xs: tf.Tensor4D;
  /** float32 one-hot [batch, numClasses]. */
  ys: tf.Tensor2D;
}

/** Changes a batch's pixels (floats in [0, 1], [count, rows, cols, channels]) before its tensor is made, e.g. augmentation. */
export type PixelTransform = (pixels: Float32Array, count: number) => Float32Array;

/**
 * Builds the batch of examples indices[start..end) (0 ≤ start < end ≤ indices.length) as two new tensors;
 * `transform` (optional) changes the pixels only, never the labels.
 */
export function makeBatch(
  split: DatasetSplit,
  indices: Int32Array,
  start: number,
  end: number,
  numClasses: number,
  transform?: PixelTransform,
): Batch {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > indices.length || start >= end) {
    throw new Error(`makeBatch: need 0 ≤ start < end ≤ ${indices.length}, got start ${start}, end ${end}`);
  }
  const batchSize = end - start;
  const imageBytes = bytesPerImage(split);
  const pixels = new Float32Array(batchSize * imageBytes);
  const oneHot = new Float32Array(batchSize * numClasses);
  for (let row = 0; row < batchSize; row++) {
    const source = indices[start + row];
    if (source < 0 || source >= split.count)
      throw new Error(`makeBatch: index ${source} is outside 0..${split.count - 1}`);
    const label = split.labels[source];
    if (label >= numClasses)
      throw new Error(`makeBatch: label ${label} at index ${source} is outside 0..${numClasses - 1}`);
    oneHot[row * numClasses + label] = 1;
    const from = source * imageBytes;
    const to = row * imageBytes;
    for (let k = 0; k < imageBytes; k++) pixels[to + k] = PIXEL_TO_UNIT[split.images[from + k]];
  }
  const xs = tf.tensor4d(
    transform ? transform(pixels, batchSize) : pixels,
    [batchSize, split.rows, split.cols, split.channels],
    "float32",
  );
  const ys = tf.tensor2d(oneHot, [batchSize, numClasses], "float32");
  return { xs, ys };
}
