// Which training examples a run uses: a random share of the split, with chosen classes cut short (class imbalance),
// and the class weights that undo the imbalance in the loss. Pure: typed arrays and the seeded rng only.
import type { TrainingData } from "../../config/schema.ts";
import { shuffledIndices, type Rng } from "../random.ts";
import { sliceSplit, type DatasetSplit } from "./datasetFormat.ts";

/**
 * Sorted indices of the validation and training examples out of count: round(count * validationFraction) random
 * ones (chosen by rng) held out. Draws from rng only when something is held out. Needs no pixels, so a run can
 * make this choice from the labels while the images are still arriving.
 */
export function validationIndices(
  count: number,
  validationFraction: number,
  rng: Rng,
): { train: Int32Array; validation: Int32Array } {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`splitValidation: validationFraction must be in [0, 1), got ${validationFraction}`);
  }
  const validationCount = Math.round(count * validationFraction);
  if (validationCount === 0)
    return { train: Int32Array.from({ length: count }, (_, i) => i), validation: new Int32Array(0) };
  const order = shuffledIndices(count, rng);
  return { train: order.slice(validationCount).sort(), validation: order.slice(0, validationCount).sort() };
}

/**
 * Sorted indices of the examples to train on, out of labels[0..count): first a random round(count × trainFraction)
 * of all examples (at least one), then, of each chosen class, a random round(n × fraction) of its n remaining
 * examples. Draws from rng only for a part that removes something, so the defaults leave rng untouched.
 */
export function trainingIndices(
  labels: Uint8Array,
  count: number,
  data: TrainingData,
  numClasses: number,
  rng: Rng,
): Int32Array {
  if (!Number.isInteger(count) || count < 0 || count > labels.length) {
    throw new Error(`trainingIndices: count must be a whole number from 0 to ${labels.length}, got ${count}`);
  }
  let kept: Int32Array;
  if (data.trainFraction < 1 && count > 0) {
    const keepCount = Math.max(1, Math.round(count * data.trainFraction));
    kept = shuffledIndices(count, rng).slice(0, keepCount);
  } else {
    kept = Int32Array.from({ length: count }, (_, i) => i);
  }
  const chosen = [...new Set(data.imbalance.classes)].filter((c) => c < numClasses).sort((a, b) => a - b);
  if (chosen.length > 0 && data.imbalance.fraction < 1) {
    const dropped = new Uint8Array(count); // 1: removed by the imbalance
    for (const cls of chosen) {
      const members = kept.filter((index) => labels[index] === cls);
      const keepCount = Math.round(members.length * data.imbalance.fraction);
      const order = shuffledIndices(members.length, rng);
      for (let i = keepCount; i < order.length; i++) dropped[members[order[i]]] = 1;
    }
    kept = kept.filter((index) => dropped[index] === 0);
  }
  return kept.sort();
}

/** Number of examples of each class 0..numClasses-1 among labels[indices]. */
export function classCounts(labels: Uint8Array, indices: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < indices.length; i++) {
    const label = labels[indices[i]];
    if (label === undefined || label >= numClasses)
      throw new Error(`classCounts: label ${label} at index ${indices[i]} is outside 0..${numClasses - 1}`);
    counts[label]++;
  }
  return counts;
}

/**
 * Inverse-frequency class weights, total / (present classes × count): each present class carries the same
 * total weight, and the mean weight over the examples is 1. A class without examples gets 0.
 */
export function classWeightsFor(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const present = counts.filter((n) => n > 0).length;
  return counts.map((n) => (n > 0 ? total / (present * n) : 0));
}

/** A training split cut down as `data` says, and the class weights of what is left when data asks for them. */
export interface TrainingSubset {
  /** The input split itself when nothing is removed (no copy), else a copy of the kept examples in file order. */
  train: DatasetSplit;
  classWeights: number[] | undefined;
}

/** Applies trainingIndices to a split (after the validation hold-out: validation stays whole). */
export function trainingSubset(split: DatasetSplit, data: TrainingData, rng: Rng): TrainingSubset {
  const indices = trainingIndices(split.labels, split.count, data, split.numClasses, rng);
  const train = indices.length === split.count ? split : sliceSplit(split, indices);
  const classWeights = data.imbalance.classWeights
    ? classWeightsFor(classCounts(split.labels, indices, split.numClasses))
    : undefined;
  return { train, classWeights };
}

/** Which examples of a training file a run trains and validates on (sorted file indices), and its class weights. */
export interface TrainingPlan {
  train: Int32Array;
  validation: Int32Array;
  classWeights: number[] | undefined;
}

/**
 * The examples splitValidation and then trainingSubset would keep, as indices into the file, from its labels alone
 * (so a run can choose them before the pixels arrive); the same rng draws, so the same examples and weights.
 */
export function planTraining(
  labels: Uint8Array,
  numClasses: number,
  validationFraction: number,
  data: TrainingData,
  rng: Rng,
): TrainingPlan {
  const split = validationIndices(labels.length, validationFraction, rng);
  const partLabels = Uint8Array.from(split.train, (index) => labels[index]);
  const kept = trainingIndices(partLabels, split.train.length, data, numClasses, rng);
  const classWeights = data.imbalance.classWeights
    ? classWeightsFor(classCounts(partLabels, kept, numClasses))
    : undefined;
  return { train: kept.map((position) => split.train[position]), validation: split.validation, classWeights };
}
