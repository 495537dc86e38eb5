// The lab's first estimate of a variant's accuracy: a fixed, stratified subset of the test set (the same images for
// every model of a dataset, so a variant's estimate and the baseline's compare like for like), and a 95% interval
// for the accuracy measured on it. Pure: no tensors, no DOM.
import { createRng, shuffledIndices } from "../random.ts";

/** Images per class in the estimate's subset (10 classes: 1,000 images). */
export const SUBSET_PER_CLASS = 100;
/** Seed of the subset's choice: fixed, so the subset depends on the test set only, never on the model or its seed. */
export const SUBSET_SEED = 20_240_612;
/** z of a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** Accuracy on the estimate's subset with its 95% Wilson score interval (all fractions 0–1). */
export interface SubsetAccuracy {
  correct: number;
  count: number;
  /** correct / count. */
  accuracy: number;
  /** Wilson score interval, 95%: low ≤ accuracy ≤ high, both inside [0, 1]. */
  low: number;
  high: number;
}

/**
 * Indices of a stratified subset of a split: `perClass` images of each class (all of a class's images when it has
 * fewer), drawn with a seeded shuffle within each class; sorted ascending. The same labels, `perClass` and seed always
 * give the same indices.
 */
export function stratifiedSubset(
  labels: ArrayLike<number>,
  numClasses: number,
  perClass = SUBSET_PER_CLASS,
  seed = SUBSET_SEED,
): Int32Array {
  if (!Number.isInteger(perClass) || perClass < 0)
    throw new Error(`stratifiedSubset: perClass must be a non-negative integer, got ${perClass}`);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]]?.push(i);
  const chosen: number[] = [];
  byClass.forEach((indices, label) => {
    // one generator per class (seed + label): a class's choice does not depend on how many images the others have
    const order = shuffledIndices(indices.length, createRng(seed + label));
    for (let k = 0; k < Math.min(perClass, indices.length); k++) chosen.push(indices[order[k]]);
  });
  return Int32Array.from(chosen.sort((a, b) => a - b));
}

/** The split's indices with the subset's first (in its order), then every other index ascending: one pass, subset first. */
export function subsetFirstOrder(count: number, subset: ArrayLike<number>): Int32Array {
  const order = new Int32Array(count);
  const inSubset = new Uint8Array(count);
  for (let i = 0; i < subset.length; i++) {
    order[i] = subset[i];
    inSubset[subset[i]] = 1;
  }
  let o = subset.length;
  for (let i = 0; i < count; i++) if (!inSubset[i]) order[o++] = i;
  return order;
}

/**
 * Wilson score interval of a proportion (correct of count) at `z` (1.96: 95%). Unlike the normal approximation it
 * stays inside [0, 1] and is not zero-width at 0% or 100%, where compressed models' accuracies often sit near.
 */
export function wilsonInterval(correct: number, count: number, z = Z_95): { low: number; high: number } {
  if (count <= 0) return { low: 0, high: 1 };
  const p = correct / count;
  const z2 = z * z;
  const denominator = 1 + z2 / count;
  const centre = (p + z2 / (2 * count)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count))) / denominator;
  // at 0 or all correct one end is exactly 0 or 1 (rounding would leave 1e-16 off)
  return {
    low: correct <= 0 ? 0 : Math.max(0, centre - half),
    high: correct >= count ? 1 : Math.min(1, centre + half),
  };
}

/** Accuracy of `correct` of `count` subset images, with its 95% Wilson interval. */
export function subsetAccuracy(correct: number, count: number): SubsetAccuracy {
  return { correct, count, accuracy: count > 0 ? correct / count : Number.NaN, ...wilsonInterval(correct, count) };
}

/** Half the interval's width in percentage points (the "±x pt" the lab shows; Wilson's interval is not symmetric). */
export function halfWidthPoints(s: Pick<SubsetAccuracy, "low" | "high">): number {
  return ((s.high - s.low) / 2) * 100;
}
