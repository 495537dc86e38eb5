import { describe, expect, it } from "vitest";
import {
  argmaxRows,
  cellIndices,
  confusionMatrix,
  flippedPredictions,
  misclassified,
  overallAccuracy,
  perClassAccuracy,
  topConfusions,
  topK,
} from "./confusion.ts";

// 3 classes, 10 examples; 5 right (indices 0, 1, 4, 5, 7)
const labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
const predicted = Uint8Array.from([0, 0, 1, 2, 1, 1, 0, 2, 1, 1]);
const expectedMatrix = [
  [2, 1, 1],
  [1, 2, 0],
  [0, 2, 1],
];

describe("argmaxRows", () => {
  it("picks the most probable class per row, ties to the lower index", () => {
    const probs = Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.2, 0.3, 0.4, 0.2, 0.4, 0, 0, 1]);
    expect(Array.from(argmaxRows(probs, 3))).toEqual([1, 0, 0, 2]);
    expect(argmaxRows(new Float32Array(0), 3).length).toBe(0);
  });

  it("rejects ragged rows and bad class counts", () => {
    expect(() => argmaxRows(new Float32Array(7), 3)).toThrow(/not rows of 3/);
    expect(() => argmaxRows(new Float32Array(4), 0)).toThrow(/numClasses/);
    expect(() => argmaxRows(new Float32Array(300), 300)).toThrow(/1\.\.256/);
  });
});

describe("confusionMatrix", () => {
  it("counts true class by row and predicted class by column", () => {
    expect(confusionMatrix(labels, predicted, 3)).toEqual(expectedMatrix);
    expect(confusionMatrix([], [], 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it("throws on a length mismatch or an out-of-range class", () => {
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/differ in length: 2 vs 1/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/Example 1 .*outside 0\.\.2/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/outside/);
    expect(() => confusionMatrix([0.5], [0], 3)).toThrow(/outside/);
  });
});

describe("accuracies", () => {
  it("gives per-class recall and overall accuracy", () => {
    const perClass = perClassAccuracy(expectedMatrix);
    expect(perClass[0]).toBeCloseTo(0.5, 10);
    expect(perClass[1]).toBeCloseTo(2 / 3, 10);
    expect(perClass[2]).toBeCloseTo(1 / 3, 10);
    expect(overallAccuracy(expectedMatrix)).toBe(0.5);
  });

  it("is NaN for classes with no examples and for an empty matrix", () => {
    const matrix = [
      [3, 1],
      [0, 0],
    ];
    expect(perClassAccuracy(matrix)).toEqual([0.75, Number.NaN]);
    expect(overallAccuracy(matrix)).toBe(0.75);
    expect(overallAccuracy([[0]])).toBeNaN();
  });
});

describe("cellIndices and misclassified", () => {
  it("lists the examples behind a cell in order, up to a limit", () => {
    expect(cellIndices(labels, predicted, 2, 1)).toEqual([8, 9]);
    expect(cellIndices(labels, predicted, 2, 1, 1)).toEqual([8]);
    expect(cellIndices(labels, predicted, 0, 0)).toEqual([0, 1]);
    expect(cellIndices(labels, predicted, 2, 0)).toEqual([]);
  });

  it("lists the wrong predictions in order, up to a limit", () => {
    expect(misclassified(labels, predicted, 100)).toEqual([2, 3, 6, 8, 9]);
    expect(misclassified(labels, predicted, 2)).toEqual([2, 3]);
    expect(misclassified(labels, predicted, 0)).toEqual([]);
    expect(() => misclassified(labels, [0], 5)).toThrow(/differ in length/);
  });
});

describe("topK", () => {
  it("ranks one row descending, ties by lower class index", () => {
    const probs = Float32Array.from([0.1, 0.6, 0.3, 0, 0.25, 0.25, 0.1, 0.4]); // 2 rows × 4 classes
    expect(topK(probs, 0, 4)).toEqual([
      { classIndex: 1, probability: probs[1] },
      { classIndex: 2, probability: probs[2] },
      { classIndex: 0, probability: probs[0] },
    ]);
    expect(topK(probs, 1, 4, 2).map((p) => p.classIndex)).toEqual([3, 0]);
    expect(topK(probs, 1, 4, 3).map((p) => p.classIndex)).toEqual([3, 0, 1]);
    expect(topK(probs, 1, 4, 10).length).toBe(4);
  });

  it("rejects a row outside the array", () => {
    expect(() => topK(new Float32Array(8), 2, 4)).toThrow(/Row 2 is outside 0\.\.1/);
  });
});

describe("flippedPredictions", () => {
  it("classifies each changed prediction as broke, fixed or changed", () => {
    const variant = [0, 1, 0, 2, 1, 1, 1, 2, 2, 0];
    expect(flippedPredictions(labels, predicted, variant)).toEqual([
      { index: 1, label: 0, base: 0, variant: 1, kind: "broke" },
      { index: 2, label: 0, base: 1, variant: 0, kind: "fixed" },
      { index: 6, label: 1, base: 0, variant: 1, kind: "fixed" },
      { index: 8, label: 2, base: 1, variant: 2, kind: "fixed" },
      { index: 9, label: 2, base: 1, variant: 0, kind: "changed" },
    ]);
    expect(flippedPredictions(labels, predicted, predicted)).toEqual([]);
    expect(() => flippedPredictions(labels, predicted, [1])).toThrow(/differ in length/);
  });
});

describe("topConfusions", () => {
  it("returns the largest off-diagonal cells, descending, without zeros", () => {
    expect(topConfusions(expectedMatrix, 10)).toEqual([
      { trueClass: 2, predictedClass: 1, count: 2 },
      { trueClass: 0, predictedClass: 1, count: 1 },
      { trueClass: 0, predictedClass: 2, count: 1 },
      { trueClass: 1, predictedClass: 0, count: 1 },
    ]);
    expect(topConfusions(expectedMatrix, 1)).toEqual([{ trueClass: 2, predictedClass: 1, count: 2 }]);
    expect(
      topConfusions(
        [
          [5, 0],
          [0, 5],
        ],
        3,
      ),
    ).toEqual([]);
  });
});
