// The training-data experiments in the training loop: augmented batches, weighted cross-entropy, L2 weight decay.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import type { ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { augmentImages } from "../data/augment.ts";
import { makeBatch, splitValidation } from "../data/batches.ts";
import { decodeDatasetFile, type DatasetSplit } from "../data/datasetFormat.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import type { TrainControl } from "./trainControl.ts";
import { kernelVariables, makeTrainStep, runTraining } from "./trainLoop.ts";

const noControl = (): TrainControl => ({ signal: new AbortController().signal, waitWhilePaused: async () => 0 });
/** count 8×8 single-channel images, labels i mod numClasses, with a bright square whose place depends on the label. */
function squares(count: number, numClasses = 3): DatasetSplit {
  const labels = Array.from({ length: count }, (_, i) => i % numClasses);
  return decodeDatasetFile(
    makeFixture({
      labels,
      rows: 8,
      cols: 8,
      numClasses,
      pixel: (image, k) => {
        const [x, y] = [k % 8, Math.floor(k / 8)];
        const at = 1 + 2 * labels[image];
        return x >= at && x < at + 2 && y >= 2 && y < 6 ? 255 : (image * 13 + k) % 40;
      },
    }),
  );
}
const config = (layers: LayerConfig[]): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  layers,
  optimizer: "sgd",
  learningRate: 0.01,
  seed: 3,
});
const conv = (kind: "conv2d" | "separableConv2d"): LayerConfig => ({
  kind,
  filters: 2,
  kernelSize: 3,
  stride: 1,
  padding: "same",
  activation: "relu",
});

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("augmented batches", () => {
  it("keep the labels and the shape, and change the pixels", () => {
    const split = squares(12);
    const order = Int32Array.from({ length: 12 }, (_, i) => 11 - i);
    const plain = makeBatch(split, order, 2, 10, 3);
    const augmented = makeBatch(split, order, 2, 10, 3, (pixels, count) =>
      augmentImages(pixels, count, 8, 8, { shift: 2, rotate: 15, zoom: 0.1 }, createRng(1)),
    );
    try {
      expect(augmented.xs.shape).toEqual(plain.xs.shape);
      expect(augmented.ys.arraySync()).toEqual(plain.ys.arraySync());
      expect(augmented.xs.arraySync()).not.toEqual(plain.xs.arraySync());
    } finally {
      tf.dispose([plain.xs, plain.ys, augmented.xs, augmented.ys]);
    }
  });
});

describe("makeTrainStep", () => {
  it("weights each example's cross-entropy by its label's class weight (hand-checked on a uniform model)", () => {
    const model = buildModel(config([{ kind: "flatten" }]), [8, 8, 1], 3);
    const split = squares(3); // labels 0, 1, 2
    const { xs, ys } = makeBatch(split, Int32Array.from([0, 0, 1]), 0, 3, 3); // labels 0, 0, 1
    const zeros = model.getWeights().map((w) => tf.zerosLike(w));
    try {
      const lossOf = (classWeights?: number[]) => {
        model.setWeights(zeros); // every probability 1/3: each example's cross-entropy is ln 3
        const [loss, accuracy] = makeTrainStep({ classWeights })(model, xs, ys);
        const value = loss.dataSync()[0];
        tf.dispose([loss, accuracy]);
        return value;
      };
      expect(lossOf()).toBeCloseTo(Math.log(3), 5);
      expect(lossOf([1, 1, 1])).toBeCloseTo(Math.log(3), 5);
      // weights of the labels 0, 0, 1: 1, 1, 4 → mean 2
      expect(lossOf([1, 4, 0])).toBeCloseTo(2 * Math.log(3), 5);
      expect(lossOf([0, 3, 7])).toBeCloseTo(Math.log(3), 5);
    } finally {
      tf.dispose([xs, ys, ...zeros]);
      disposeModel(model);
    }
  });

  it("adds l2 × Σ kernel² (kernels only, not biases or batch norm) to the loss of the same weights", () => {
    const model = buildModel(
      config([
        conv("conv2d"),
        { kind: "batchNorm" },
        conv("separableConv2d"),
        { kind: "flatten" },
        { kind: "dense", units: 4, activation: "relu" },
      ]),
      [8, 8, 1],
      3,
    );
    const { xs, ys } = makeBatch(squares(6), Int32Array.from([0, 1, 2, 3, 4, 5]), 0, 6, 3);
    const start = model.getWeights().map((w) => w.clone());
    try {
      // conv, depthwise, pointwise, dense and head kernels; no bias, gamma, beta or moving statistics
      expect(kernelVariables(model).map((v) => v.shape)).toEqual([
        [3, 3, 1, 2],
        [3, 3, 2, 1],
        [1, 1, 2, 2],
        [128, 4],
        [4, 3],
      ]);
      const kernelSquares = tf.tidy(() => tf.addN(kernelVariables(model).map((k) => k.square().sum())).dataSync()[0]);
      expect(kernelSquares).toBeGreaterThan(0);
      const lossOf = (l2: number) => {
        model.setWeights(start);
        const [loss, accuracy] = makeTrainStep({ l2 })(model, xs, ys);
        const value = loss.dataSync()[0];
        tf.dispose([loss, accuracy]);
        return value;
      };
      const plain = lossOf(0);
      const decayed = lossOf(0.01);
      expect(decayed).toBeGreaterThan(plain);
      expect(decayed - plain).toBeCloseTo(0.01 * kernelSquares, 4);
    } finally {
      tf.dispose([xs, ys, ...start]);
      disposeModel(model);
    }
  });
});

describe("runTraining with augmentation, class weights and L2", () => {
  let model: tf.LayersModel;
  afterAll(() => disposeModel(model));

  it("trains, reports the weighted loss and leaks no tensors", async () => {
    model = buildModel(
      config([conv("conv2d"), { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" }, { kind: "flatten" }]),
      [8, 8, 1],
      3,
    );
    const rng = createRng(9);
    const data = splitValidation(squares(40), 0.2, rng);
    const epochs: number[] = [];
    const cycle = async () => {
      await runTraining(
        model,
        data,
        {
          epochs: 1,
          batchSize: 8,
          numClasses: 3,
          rng,
          augment: { shift: 1, rotate: 10, zoom: 0.1 },
          classWeights: [0.5, 1, 2],
          l2: 0.001,
        },
        { onBatches: () => {}, onEpoch: (m) => epochs.push(m.trainLoss) },
        noControl(),
      );
    };
    await cycle(); // warm-up: optimizer slot variables are created once
    const before = tf.memory().numTensors;
    await cycle();
    await cycle();
    expect(tf.memory().numTensors).toBe(before);
    expect(epochs).toHaveLength(3);
    expect(epochs.every(Number.isFinite)).toBe(true);
    await expect(
      runTraining(
        model,
        data,
        { epochs: 1, batchSize: 8, numClasses: 3, rng, classWeights: [1, 1] },
        { onBatches: () => {}, onEpoch: () => {} },
        noControl(),
      ),
    ).rejects.toThrow(/2 class weights for 3 classes/);
  });
});
