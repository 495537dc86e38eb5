import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { probeTrainSpeed } from "./speedProbe.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("probeTrainSpeed", () => {
  it("times real optimizer steps within its budget and leaks no tensor", async () => {
    const model = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: "softmax" })],
    });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: "categoricalCrossentropy" });
    const xs = tf.randomUniform([8, 4, 4, 1]) as tf.Tensor4D;
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], "int32"), 3).toFloat() as tf.Tensor2D;
    const before = model.getWeights()[0].dataSync().slice();
    const tensors = tf.memory().numTensors;
    const speed = await probeTrainSpeed(model, xs, ys, { maxSteps: 3, budgetMs: 60_000 });
    expect(speed.steps).toBe(3);
    expect(speed.examplesPerSec).toBeGreaterThan(0);
    expect(speed.firstStepMs).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(model.getWeights()[0].dataSync()).not.toEqual(before); // 4 real steps moved the weights
    const once = await probeTrainSpeed(model, xs, ys, { maxSteps: 5, budgetMs: 0 });
    expect(once.steps).toBe(1); // at least one timed step, however small the budget
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
