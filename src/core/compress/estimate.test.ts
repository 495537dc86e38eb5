// The lab's first estimate: the fixed stratified subset, the Wilson interval, and one pass that scores the subset
// first, checked on the real MNIST test set with the trained Tiny fixture.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import { sliceSplit, type DatasetSplit } from "../data/datasetFormat.ts";
import { disposeModel } from "../model/buildModel.ts";
import { evaluateModel } from "../train/trainLoopEvaluate.ts";
import { CancelledError } from "../train/trainControl.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";
import { loadTinyFixture } from "../../../tests/helpers/tinyFixture.ts";
import {
  SUBSET_PER_CLASS,
  halfWidthPoints,
  stratifiedSubset,
  subsetAccuracy,
  subsetFirstOrder,
  wilsonInterval,
} from "./estimate.ts";
import { evaluateSubsetFirst } from "./subsetEvaluate.ts";
import { deriveVariant } from "./variants.ts";

let test: DatasetSplit;

beforeAll(async () => {
  await tf.setBackend("wasm");
  test = loadMnist("test");
});

const perClass = (labels: ArrayLike<number>, indices: ArrayLike<number>, classes: number) => {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < indices.length; i++) counts[labels[indices[i]]]++;
  return counts;
};

describe("the estimate's subset", () => {
  it("is exactly 100 images per class of the MNIST test set, sorted, distinct, and the same on every call", () => {
    const subset = stratifiedSubset(test.labels, 10);
    expect(subset.length).toBe(1000);
    expect(perClass(test.labels, subset, 10)).toEqual(new Array(10).fill(SUBSET_PER_CLASS));
    expect(new Set(subset).size).toBe(1000);
    expect([...subset]).toEqual([...subset].sort((a, b) => a - b));
    expect(subset.every((i) => i >= 0 && i < test.count)).toBe(true);
    expect(stratifiedSubset(test.labels, 10)).toEqual(subset);
    // a seeded choice, not the first images of each class
    const firsts = stratifiedSubset(test.labels, 10, 100, 1);
    expect(firsts).not.toEqual(subset);
    expect(perClass(test.labels, firsts, 10)).toEqual(new Array(10).fill(100));
  });

  it("takes every image of a class that has fewer than asked, and ignores labels outside the classes", () => {
    const labels = Uint8Array.from([0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 9]);
    const subset = stratifiedSubset(labels, 3, 3, 5);
    expect(perClass(labels, subset, 10).slice(0, 3)).toEqual([3, 1, 3]);
    expect([...subset]).toContain(5);
    expect([...subset]).not.toContain(12);
  });

  it("orders a pass subset first, then every other index once", () => {
    const order = subsetFirstOrder(8, Int32Array.from([6, 1, 3]));
    expect([...order]).toEqual([6, 1, 3, 0, 2, 4, 5, 7]);
  });
});

describe("the 95% Wilson score interval", () => {
  it("matches closed forms at 0 and n correct, stays inside [0, 1] and contains the proportion", () => {
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(z2 / (10 + z2), 12);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(10 / (10 + z2), 12);
    expect(wilsonInterval(10, 10).high).toBe(1);
    for (const [correct, count] of [
      [1, 7],
      [950, 1000],
      [981, 1000],
      [500, 1000],
    ]) {
      const { low, high } = wilsonInterval(correct, count);
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
      expect(low).toBeLessThan(correct / count);
      expect(high).toBeGreaterThan(correct / count);
    }
    // 95% of 1,000: about ±1.35 pt; narrower near 100%
    expect(halfWidthPoints(subsetAccuracy(950, 1000))).toBeCloseTo(1.35, 1);
    expect(halfWidthPoints(subsetAccuracy(990, 1000))).toBeLessThan(0.7);
  });
});

describe("one pass, subset first", () => {
  const magnitude = (sparsity: number): CompressionSpec => ({
    ...DEFAULT_COMPRESSION,
    pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true, sparsity },
  });
  const int4: CompressionSpec = {
    ...DEFAULT_COMPRESSION,
    quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, weightBits: 4 },
  };

  it("the trained Tiny's subset interval contains its accuracy on all 10,000 images (baseline, pruned, 4-bit)", async () => {
    const { model, config } = await loadTinyFixture();
    const subset = stratifiedSubset(test.labels, 10);
    try {
      for (const spec of [null, magnitude(0.5), magnitude(0.8), int4]) {
        const variant = spec ? await deriveVariant(model, config, spec, [28, 28, 1], 10) : null;
        const m = variant?.model ?? model;
        try {
          const seen: number[] = [];
          const result = await evaluateSubsetFirst((xs) => m.predict(xs) as tf.Tensor, test, subset, 10, {
            onSubset: (s) => void seen.push(s.correct),
          });
          const full = await evaluateModel(m, test, 10);
          const alone = await evaluateModel(m, sliceSplit(test, subset), 10);
          const s = result.subset;
          console.log(
            `${spec ? JSON.stringify(spec.pruning.enabled ? spec.pruning.sparsity : spec.quantization.weightBits) : "baseline"}: ` +
              `subset ${(s.accuracy * 100).toFixed(1)}% [${(s.low * 100).toFixed(1)}, ${(s.high * 100).toFixed(1)}], all ${(full.accuracy * 100).toFixed(2)}%`,
          );
          expect(seen).toEqual([s.correct]); // reported once, before the rest
          expect(s.count).toBe(1000);
          expect(s.accuracy).toBeCloseTo(alone.accuracy, 6);
          expect(result.count).toBe(10_000);
          expect(result.accuracy).toBeCloseTo(full.accuracy, 6);
          expect(result.loss).toBeCloseTo(full.loss, 4);
          expect(s.low).toBeLessThanOrEqual(full.accuracy);
          expect(s.high).toBeGreaterThanOrEqual(full.accuracy);
        } finally {
          if (variant) disposeModel(variant.model);
        }
      }
    } finally {
      disposeModel(model);
    }
  });

  it("a cancel while the subset is reported stops the pass before the other images", async () => {
    const { model } = await loadTinyFixture();
    let cancelled = false;
    let batches = 0;
    try {
      await expect(
        evaluateSubsetFirst(
          (xs) => {
            batches++;
            return model.predict(xs) as tf.Tensor;
          },
          test,
          stratifiedSubset(test.labels, 10),
          10,
          { batchSize: 250, isCancelled: () => cancelled, onSubset: () => void (cancelled = true) },
        ),
      ).rejects.toBeInstanceOf(CancelledError);
      expect(batches).toBe(4); // 1,000 images in batches of 250, then nothing
    } finally {
      disposeModel(model);
    }
  });
});
