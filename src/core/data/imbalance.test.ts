import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_DATA, type TrainingData } from "../../config/schema.ts";
import { createRng } from "../random.ts";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { decodeDatasetFile } from "./datasetFormat.ts";
import { classCounts, classWeightsFor, trainingIndices, trainingSubset } from "./imbalance.ts";

/** 1,000 labels with uneven classes: label of example i is (i * 7) mod 10 for i < 900, then class 3. */
const LABELS = Uint8Array.from({ length: 1000 }, (_, i) => (i < 900 ? (i * 7) % 10 : 3));
const ALL = Int32Array.from({ length: 1000 }, (_, i) => i);
const withData = (patch: Partial<TrainingData>): TrainingData => ({
  ...structuredClone(DEFAULT_TRAINING_DATA),
  ...patch,
});
const imbalanced = (classes: number[], fraction: number, trainFraction = 1) =>
  withData({ trainFraction, imbalance: { classes, fraction, classWeights: false } });

describe("trainingIndices", () => {
  it("keeps every example, in order, and draws nothing for the defaults", () => {
    const rng = createRng(3);
    expect(Array.from(trainingIndices(LABELS, 1000, DEFAULT_TRAINING_DATA, 10, rng))).toEqual(Array.from(ALL));
    expect(rng.next()).toBe(createRng(3).next());
    expect(trainingIndices(LABELS, 1000, imbalanced([4, 9], 1), 10, createRng(3))).toHaveLength(1000);
  });

  it("keeps exactly round(n × fraction) of each chosen class and all of the others", () => {
    const before = classCounts(LABELS, ALL, 10);
    expect(before).toEqual([90, 90, 90, 190, 90, 90, 90, 90, 90, 90]);
    for (const fraction of [0.1, 0.25, 0.01]) {
      const indices = trainingIndices(LABELS, 1000, imbalanced([4, 9, 3], fraction), 10, createRng(1));
      const after = classCounts(LABELS, indices, 10);
      expect(after).toEqual(before.map((n, c) => ([3, 4, 9].includes(c) ? Math.round(n * fraction) : n)));
      expect(Array.from(indices)).toEqual(Array.from(indices).sort((a, b) => a - b));
      expect(new Set(indices).size).toBe(indices.length);
    }
  });

  it("takes round(count × trainFraction) examples first, then cuts the chosen classes of that subset", () => {
    expect(trainingIndices(LABELS, 1000, withData({ trainFraction: 0.5 }), 10, createRng(2))).toHaveLength(500);
    expect(trainingIndices(LABELS, 1000, withData({ trainFraction: 0.123 }), 10, createRng(2))).toHaveLength(123);
    expect(trainingIndices(LABELS, 10, withData({ trainFraction: 0.01 }), 10, createRng(2))).toHaveLength(1); // never empty
    const rng = createRng(4);
    const subset = trainingIndices(LABELS, 1000, withData({ trainFraction: 0.4 }), 10, rng);
    const both = trainingIndices(LABELS, 1000, imbalanced([4], 0.1, 0.4), 10, createRng(4));
    const subsetCounts = classCounts(LABELS, subset, 10);
    expect(classCounts(LABELS, both, 10)).toEqual(subsetCounts.map((n, c) => (c === 4 ? Math.round(n * 0.1) : n)));
    expect(Array.from(both).every((i) => subset.includes(i))).toBe(true);
  });

  it("is the same for the same seed and differs for another", () => {
    const data = imbalanced([0, 5], 0.3, 0.7);
    const a = Array.from(trainingIndices(LABELS, 1000, data, 10, createRng(11)));
    expect(Array.from(trainingIndices(LABELS, 1000, data, 10, createRng(11)))).toEqual(a);
    expect(Array.from(trainingIndices(LABELS, 1000, data, 10, createRng(12)))).not.toEqual(a);
  });

  it("ignores classes the dataset does not have and uses only labels[0..count)", () => {
    expect(trainingIndices(LABELS, 1000, imbalanced([9], 0.5), 9, createRng(1))).toHaveLength(1000);
    expect(Array.from(trainingIndices(LABELS, 20, DEFAULT_TRAINING_DATA, 10, createRng(1)))).toEqual(
      Array.from(ALL.slice(0, 20)),
    );
    expect(() => trainingIndices(LABELS, 1001, DEFAULT_TRAINING_DATA, 10, createRng(1))).toThrow(/count/);
  });
});

describe("classWeightsFor", () => {
  it("weights classes by inverse frequency with a mean of 1 over the examples, and 0 for absent classes", () => {
    const counts = [100, 10, 0, 40];
    const weights = classWeightsFor(counts);
    expect(weights[0]).toBeCloseTo(150 / (3 * 100), 12);
    expect(weights[1]).toBeCloseTo(150 / (3 * 10), 12);
    expect(weights[2]).toBe(0);
    const total = counts.reduce((s, n) => s + n, 0);
    expect(counts.reduce((s, n, c) => s + n * weights[c], 0) / total).toBeCloseTo(1, 12);
    // every present class carries the same total weight
    expect(counts[0] * weights[0]).toBeCloseTo(counts[1] * weights[1], 12);
    expect(classWeightsFor([5, 5, 5])).toEqual([1, 1, 1]);
    expect(classWeightsFor([0, 0])).toEqual([0, 0]);
  });

  it("counts classes and rejects labels outside the classes", () => {
    expect(classCounts(Uint8Array.from([0, 1, 1, 2]), [1, 2, 3], 3)).toEqual([0, 2, 1]);
    expect(() => classCounts(Uint8Array.from([0, 5]), [1], 3)).toThrow(/outside/);
  });
});

describe("trainingSubset", () => {
  const split = decodeDatasetFile(
    makeFixture({ labels: Array.from(LABELS.slice(0, 200)), pixel: (image) => image % 256 }),
  );

  it("is the split itself for the defaults, without class weights", () => {
    expect(trainingSubset(split, DEFAULT_TRAINING_DATA, createRng(1))).toEqual({
      train: split,
      classWeights: undefined,
    });
    expect(trainingSubset(split, DEFAULT_TRAINING_DATA, createRng(1)).train).toBe(split);
  });

  it("copies the kept examples and weights the classes of what is left", () => {
    const data: TrainingData = {
      ...DEFAULT_TRAINING_DATA,
      imbalance: { classes: [2], fraction: 0.25, classWeights: true },
    };
    const { train, classWeights } = trainingSubset(split, data, createRng(1));
    const counts = classCounts(
      train.labels,
      Int32Array.from({ length: train.count }, (_, i) => i),
      10,
    );
    expect(counts).toEqual([20, 20, 5, 20, 20, 20, 20, 20, 20, 20]);
    expect(train.count).toBe(185);
    expect(classWeights).toEqual(classWeightsFor(counts));
    expect(classWeights![2]).toBeCloseTo(4 * classWeights![0], 12);
    // each kept image is the one of its index in the original split (first pixel = index mod 256)
    expect(Array.from({ length: train.count }, (_, i) => train.labels[i])).toEqual(
      Array.from({ length: train.count }, (_, i) => LABELS[train.images[i * 12]]),
    );
  });
});
