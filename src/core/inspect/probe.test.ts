import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExperimentConfig } from "../../config/schema.ts";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { calibrateActivations, predictWithInt8Activations } from "../compress/measure.ts";
import { decodeDatasetFile } from "../data/datasetFormat.ts";
import { makeBatch } from "../data/batches.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { convKernels, kernelHistograms, layerActivations, predictAll } from "./probe.ts";

const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  layers: [
    { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
    { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
    { kind: "separableConv2d", filters: 6, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
    { kind: "flatten" },
    { kind: "dense", units: 8, activation: "relu" },
  ],
};
// 37 images of 8×8: not a multiple of the batch size, so the last batch is partial
const split = decodeDatasetFile(
  makeFixture({ labels: Array.from({ length: 37 }, (_, i) => i % 10), rows: 8, cols: 8 }),
);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("predictAll", () => {
  it("gives every image's probabilities, as model.predict does, and leaks no tensor", async () => {
    const model = buildModel(config, [8, 8, 1], 10);
    const before = tf.memory().numTensors;
    const probs = await predictAll(model, split, 10, null, 16);
    expect(tf.memory().numTensors).toBe(before);
    expect(probs.length).toBe(37 * 10);
    const { xs, ys } = makeBatch(
      split,
      Int32Array.from({ length: 37 }, (_, i) => i),
      0,
      37,
      10,
    );
    const expected = tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
    tf.dispose([xs, ys]);
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(expected[i], 5);
    for (let row = 0; row < 37; row++)
      expect(probs.subarray(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    disposeModel(model);
  });

  it("with 8-bit activation ranges, matches predictWithInt8Activations", async () => {
    const model = buildModel(config, [8, 8, 1], 10);
    const ranges = await calibrateActivations(model, split, 20, 10);
    const probs = await predictAll(model, split, 10, ranges, 10);
    const { xs, ys } = makeBatch(
      split,
      Int32Array.from({ length: 37 }, (_, i) => i),
      0,
      37,
      10,
    );
    const expected = tf.tidy(() => predictWithInt8Activations(model, xs, ranges).dataSync());
    tf.dispose([xs, ys]);
    for (let i = 0; i < probs.length; i++) expect(probs[i]).toBeCloseTo(expected[i], 5);
    disposeModel(model);
  });
});

describe("layerActivations", () => {
  it("gives each computing layer's output shape and values for one image, the last being the probabilities", async () => {
    const model = buildModel(config, [8, 8, 1], 10);
    const image = Float32Array.from({ length: 64 }, (_, i) => (i % 9) / 9);
    const before = tf.memory().numTensors;
    const layers = await layerActivations(model, image, [8, 8, 1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(layers.map((l) => l.shape)).toEqual([[8, 8, 4], [4, 4, 4], [4, 4, 6], [96], [8], [10]]);
    expect(layers.map((l) => l.className)).toEqual([
      "Conv2D",
      "MaxPooling2D",
      "SeparableConv2D",
      "Flatten",
      "Dense",
      "Dense",
    ]);
    layers.forEach((l) => expect(l.values.length).toBe(l.shape.reduce((a, b) => a * b, 1)));
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(image, [1, 8, 8, 1])) as tf.Tensor).dataSync());
    Array.from(expected).forEach((p, i) => expect(layers[5].values[i]).toBeCloseTo(p, 5));
    // ReLU outputs are never negative
    expect(Math.min(...layers[0].values)).toBeGreaterThanOrEqual(0);
    await expect(layerActivations(model, new Float32Array(10), [8, 8, 1])).rejects.toThrow(/10 values/);
    disposeModel(model);
  });
});

describe("convKernels and kernelHistograms", () => {
  it("reads the conv and depthwise kernels in tfjs layout, and histograms every kernel with its zeros", async () => {
    const model = buildModel(config, [8, 8, 1], 10);
    const kernels = await convKernels(model);
    expect(kernels.map((k) => [k.layerName, k.kind, k.shape])).toEqual([
      ["layer1_conv2d", "conv", [3, 3, 1, 4]],
      ["layer3_separableConv2d", "depthwise", [3, 3, 4, 1]],
    ]);
    expect(kernels[0].values).toEqual(model.getLayer("layer1_conv2d").getWeights()[0].dataSync());
    // prune half of the first conv kernel: the histogram counts those zeros
    const [kernel, bias] = model.getLayer("layer1_conv2d").getWeights();
    const pruned = kernel.dataSync().map((v, i) => (i % 2 === 0 ? 0 : v));
    model.getLayer("layer1_conv2d").setWeights([tf.tensor(pruned, kernel.shape), bias]);
    const histograms = await kernelHistograms(model);
    expect(histograms.map((h) => h.name)).toEqual([
      "layer1_conv2d/kernel",
      "layer3_separableConv2d/depthwise_kernel",
      "layer3_separableConv2d/pointwise_kernel",
      "layer5_dense/kernel",
      "output/kernel",
    ]);
    expect(histograms[0].zeros).toBe(18);
    expect(histograms[0].total).toBe(36);
    disposeModel(model);
  });
});
