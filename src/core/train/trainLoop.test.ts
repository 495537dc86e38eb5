import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { sliceSplit, type DatasetSplit } from "../data/datasetFormat.ts";
import { splitValidation } from "../data/batches.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import { deriveVariant } from "../compress/variants.ts";
import type { BatchMetrics, EpochMetrics } from "./metrics.ts";
import type { TrainControl } from "./trainControl.ts";
import { runTraining } from "./trainLoop.ts";
import { evaluateModel } from "./trainLoopEvaluate.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const noControl = (): TrainControl => ({ signal: new AbortController().signal, waitWhilePaused: async () => 0 });

let train: DatasetSplit;
let test: DatasetSplit;

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
  train = loadMnist("train", 3000);
  test = loadMnist("test");
});

describe("runTraining on real MNIST (wasm)", () => {
  it("reaches at least 90% on all 10,000 test images after 2 epochs on 2,700 training images; int8 weights lose at most 0.5 point on 2,000", async () => {
    const config = applyPreset(DEFAULT_CONFIG, "tiny");
    const model = buildModel(config, [28, 28, 1], 10);
    const rng = createRng(1);
    const batches: BatchMetrics[] = [];
    const epochs: EpochMetrics[] = [];
    try {
      const summary = await runTraining(
        model,
        splitValidation(train, 0.1, rng),
        { epochs: 2, batchSize: 32, numClasses: 10, rng },
        { onBatches: (b) => batches.push(...b), onEpoch: (m) => epochs.push(m) },
        noControl(),
      );
      const result = await evaluateModel(model, test, 10);
      console.log(
        `Tiny, 2 epochs on 2,700 MNIST images: test accuracy ${(result.accuracy * 100).toFixed(1)}%, ${summary.examplesPerSec.toFixed(0)} ex/s`,
      );
      expect(summary.status).toBe("completed");
      expect(batches).toHaveLength(2 * Math.ceil(2700 / 32));
      expect(batches.map((b) => b.step)).toEqual(range(batches.length));
      expect(epochs).toHaveLength(2);
      expect(epochs[1].valAccuracy).toBeGreaterThan(0.85);
      expect(epochs[1].trainLoss).toBeLessThan(epochs[0].trainLoss);
      expect(result.count).toBe(10_000);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
      // the compression lab's int8 weights (per-channel symmetric, fake-quantized) on this trained model, against
      // float32 on the same 2,000 test images (the loss, not the accuracy, is the point: no need for all 10,000)
      const spec: CompressionSpec = {
        pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: false },
        quantization: { enabled: true, weightBits: 8, granularity: "per-channel", activations: false, qatEpochs: 0 },
      };
      const int8 = await deriveVariant(model, config, spec, [28, 28, 1], 10);
      const subset = sliceSplit(test, range(2_000));
      const int8Result = await evaluateModel(int8.model, subset, 10);
      disposeModel(int8.model);
      const floatResult = await evaluateModel(model, subset, 10);
      console.log(
        `int8 per-channel weights: ${(int8Result.accuracy * 100).toFixed(2)}% (float32 ${(floatResult.accuracy * 100).toFixed(2)}%) on 2,000 test images`,
      );
      expect(int8Result.count).toBe(2_000);
      expect(floatResult.accuracy - int8Result.accuracy).toBeLessThanOrEqual(0.005);
    } finally {
      disposeModel(model);
    }
  });

  it("does not leak tensors across repeated train/evaluate cycles", async () => {
    const config = applyPreset(DEFAULT_CONFIG, "separable");
    const model = buildModel(config, [28, 28, 1], 10);
    const small = sliceSplit(train, range(96));
    const cycle = async () => {
      const rng = createRng(3);
      await runTraining(
        model,
        splitValidation(small, 0.25, rng),
        { epochs: 1, batchSize: 32, numClasses: 10, rng },
        { onBatches: () => {}, onEpoch: () => {} },
        noControl(),
      );
      await evaluateModel(model, small, 10);
    };
    try {
      await cycle(); // warm-up: optimizer slot variables are created once
      const before = tf.memory().numTensors;
      await cycle();
      await cycle();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeModel(model);
    }
  });

  it("stops between batches when the signal aborts", async () => {
    const model = buildModel(applyPreset(DEFAULT_CONFIG, "tiny"), [28, 28, 1], 10);
    const abort = new AbortController();
    const rng = createRng(5);
    const seen: BatchMetrics[] = [];
    try {
      const summary = await runTraining(
        model,
        { train, validation: sliceSplit(train, []) },
        { epochs: 2, batchSize: 32, numClasses: 10, rng, readbackEveryBatches: 5 },
        {
          onBatches: (b) => {
            seen.push(...b);
            if (seen.length >= 10) abort.abort();
          },
          onEpoch: () => {},
        },
        { signal: abort.signal, waitWhilePaused: async () => 0 },
      );
      expect(summary.status).toBe("stopped");
      expect(summary.examplesSeen).toBeLessThan(train.count);
    } finally {
      disposeModel(model);
    }
  });

  it("builds the same initial weights for the same seed, and others for another seed", async () => {
    const weights = async (seed: number) => {
      const model = buildModel({ ...DEFAULT_CONFIG, seed }, [28, 28, 1], 10);
      try {
        return await Promise.all(model.getWeights().map((w) => w.data()));
      } finally {
        disposeModel(model);
      }
    };
    const [a, b, c] = [await weights(7), await weights(7), await weights(8)];
    expect(a.map((w) => Array.from(w))).toEqual(b.map((w) => Array.from(w)));
    expect(Array.from(a[0])).not.toEqual(Array.from(c[0]));
  });
});
