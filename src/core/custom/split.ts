/**
 * The person's images split into training and test, per class (stratified) and seeded, so the same images give the
 * same split on every run and every thread: 20% of each class for test, at least one when a class has two or more.
 */
import { createRng, shuffledIndices } from "../random.ts";

/** Share of each class's images kept for the test split. */
export const TEST_SHARE = 0.2;

/** Test images of a class of `count` images. */
export function testCountOf(count: number): number {
  return count < 2 ? 0 : Math.max(1, Math.round(count * TEST_SHARE));
}

/** Indices (into the class lists) of the training and test images, per class, in a seeded order. */
export interface StratifiedSplit {
  train: Array<{ classIndex: number; index: number }>;
  test: Array<{ classIndex: number; index: number }>;
}

/** Splits classes of `counts[c]` images each; the same counts and seed always give the same split. */
export function stratifiedSplit(counts: readonly number[], seed: number): StratifiedSplit {
  const rng = createRng(seed);
  const split: StratifiedSplit = { train: [], test: [] };
  counts.forEach((count, classIndex) => {
    const nTest = testCountOf(count);
    shuffledIndices(count, rng).forEach((index, k) =>
      (k < nTest ? split.test : split.train).push({ classIndex, index }),
    );
  });
  // mix the classes (a stable, seeded order): batches then hold every class from the first one on
  for (const part of [split.train, split.test]) {
    const mixed = Array.from(shuffledIndices(part.length, rng), (i) => part[i]);
    part.splice(0, part.length, ...mixed);
  }
  return split;
}
