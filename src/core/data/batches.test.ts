import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { fixturePixel, makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { decodeDatasetFile, type DatasetSplit } from "./datasetFormat.ts";
import { makeBatch, splitValidation } from "./batches.ts";
import { createRng } from "../random.ts";

/** 100 examples whose first pixel encodes the example index, so examples are identifiable after slicing. */
function makeSplit(count = 100): DatasetSplit {
  const labels = Array.from({ length: count }, (_, i) => i % 10);
  return decodeDatasetFile(
    makeFixture({ labels, rows: 4, cols: 3, pixel: (image, k) => (k === 0 ? image : fixturePixel(image, k)) }),
  );
}

/** Example ids (first pixel) of every example in a split made by makeSplit. */
function exampleIds(split: DatasetSplit): number[] {
  return Array.from({ length: split.count }, (_, i) => split.images[i * 12]);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("splitValidation", () => {
  it("holds out a seeded, disjoint fraction", () => {
    const split = makeSplit();
    const { train, validation } = splitValidation(split, 0.2, createRng(5));
    expect(train.count).toBe(80);
    expect(validation.count).toBe(20);
    const trainIds = exampleIds(train);
    const validationIds = exampleIds(validation);
    expect(new Set([...trainIds, ...validationIds]).size).toBe(100);
    expect(trainIds).toEqual([...trainIds].sort((a, b) => a - b));
    expect(Array.from(train.labels)).toEqual(trainIds.map((id) => id % 10));
    const again = splitValidation(split, 0.2, createRng(5));
    expect(exampleIds(again.validation)).toEqual(validationIds);
    expect(exampleIds(splitValidation(split, 0.2, createRng(6)).validation)).not.toEqual(validationIds);
  });

  it("gives an empty validation split for fraction 0 and rejects bad fractions", () => {
    const split = makeSplit();
    const { train, validation } = splitValidation(split, 0, createRng(1));
    expect(train).toBe(split);
    expect(validation.count).toBe(0);
    expect(validation.images.length).toBe(0);
    expect(() => splitValidation(split, 1, createRng(1))).toThrow(/\[0, 1\)/);
    expect(() => splitValidation(split, -0.1, createRng(1))).toThrow();
    expect(() => splitValidation(split, Number.NaN, createRng(1))).toThrow();
  });
});

describe("makeBatch", () => {
  it("builds scaled float32 images and one-hot labels", async () => {
    const split = makeSplit();
    const indices = Int32Array.from([7, 3, 42, 99]);
    const { xs, ys } = makeBatch(split, indices, 1, 4, 10);
    try {
      expect(xs.shape).toEqual([3, 4, 3, 1]);
      expect(xs.dtype).toBe("float32");
      expect(ys.shape).toEqual([3, 10]);
      expect(ys.dtype).toBe("float32");
      const pixels = await xs.data();
      expect(pixels[0]).toBeCloseTo(3 / 255, 6);
      expect(pixels[12 + 5]).toBeCloseTo(fixturePixel(42, 5) / 255, 6);
      expect(Math.min(...pixels)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
      const oneHot = (await ys.array()) as number[][];
      expect(oneHot[0]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
      expect(oneHot[1]).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
      expect(oneHot[2]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  });

  it("creates exactly two tensors, owned by the caller", () => {
    const split = makeSplit();
    const indices = Int32Array.from({ length: 100 }, (_, i) => i);
    const before = tf.memory().numTensors;
    const batch = makeBatch(split, indices, 0, 32, 10);
    expect(tf.memory().numTensors).toBe(before + 2);
    batch.xs.dispose();
    batch.ys.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects bad ranges, indices and labels without leaking", () => {
    const split = makeSplit();
    const before = tf.memory().numTensors;
    expect(() => makeBatch(split, Int32Array.from([0, 1]), 1, 1, 10)).toThrow(/start < end/);
    expect(() => makeBatch(split, Int32Array.from([0, 1]), 0, 3, 10)).toThrow(/start < end/);
    expect(() => makeBatch(split, Int32Array.from([100]), 0, 1, 10)).toThrow(/outside 0..99/);
    expect(() => makeBatch(split, Int32Array.from([9]), 0, 1, 5)).toThrow(/label 9/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
