// Data-parallel steps give the one-worker run up to float rounding: peers here are copies of the model in this
// thread (the worker version runs the same sliceGradients on the other side of a message).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { makeParallelTrainStep, splitBatch, sliceGradients, type GradientPeer } from "./parallelStep.ts";
import { makeTrainStep, type LossOptions, type TrainStep } from "./trainLoop.ts";
import { modelFactory, randomBatch } from "../../../tests/helpers/randomBatch.ts";

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
});

const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  layers: [
    { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
    { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
    { kind: "separableConv2d", filters: 6, kernelSize: 3, stride: 1, padding: "same", activation: "tanh" },
    { kind: "flatten" },
    { kind: "dense", units: 12, activation: "relu" },
  ],
};
const { model, disposeAll } = modelFactory(config);
afterEach(disposeAll);

const batch = randomBatch;

/** Runs `steps` steps of `step` on batches of `count` and returns the weights and the losses. */
async function train(m: tf.LayersModel, step: TrainStep, count: number, steps: number) {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const { xs, ys } = batch(count, 100 + s);
    const [loss, accuracy] = await step(m, xs, ys);
    losses.push((await loss.data())[0]);
    tf.dispose([xs, ys, loss, accuracy]);
  }
  const weights = await Promise.all(m.getWeights().map((w) => w.data() as Promise<Float32Array>));
  return { weights, losses };
}

const peersOf = (n: number, options: LossOptions = {}): GradientPeer[] =>
  Array.from({ length: n }, () => {
    const copy = model();
    return { gradients: (job) => sliceGradients(copy, job, options) };
  });

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  return Math.max(...a.map((w, i) => Math.max(...Array.from(w, (v, j) => Math.abs(v - b[i][j])))));
}

describe("splitBatch", () => {
  it.each([
    { count: 64, rates: [1, 1], sizes: [32, 32] },
    { count: 64, rates: [0.4, 0.35], sizes: [34, 30] },
    { count: 7, rates: [1, 1, 1], sizes: [3, 2, 2] },
    { count: 10, rates: [1, 0.001], sizes: [9, 1] }, // a slow part still gets one example
    { count: 2, rates: [1, 1, 1, 1], sizes: [1, 1, 0, 0] },
  ])("$count examples at speeds $rates: $sizes", ({ count, rates, sizes }) => {
    const got = splitBatch(count, rates);
    expect(got).toEqual(sizes);
    expect(got.reduce((s, n) => s + n, 0)).toBe(count);
  });
});

describe("data-parallel train step", () => {
  it.each([
    { peers: 1, count: 16, options: {} },
    { peers: 2, count: 7, options: { l2: 0.01 } }, // slices 3, 3, 1
    { peers: 3, count: 2, options: { classWeights: [1, 2, 1, 1, 3, 1, 1, 1, 1, 0.5] } }, // the third peer gets none
  ])(
    "$peers peer(s), batches of $count: the same weights and losses as one worker (within 1e-5)",
    async ({ peers, count, options }) => {
      const single = await train(model(), makeTrainStep(options), count, 4);
      const shared = await train(model(), makeParallelTrainStep(peersOf(peers, options), options), count, 4);
      shared.losses.forEach((l, i) => expect(l).toBeCloseTo(single.losses[i], 5));
      expect(maxDiff(shared.weights, single.weights)).toBeLessThan(1e-5);
      // and the weights did move
      const initial = await Promise.all(
        model()
          .getWeights()
          .map((w) => w.data() as Promise<Float32Array>),
      );
      expect(maxDiff(shared.weights, initial)).toBeGreaterThan(1e-3);
    },
  );

  it("a slow peer is given fewer examples, and the run still matches one worker's", async () => {
    // a clock that moves 1 ms per reading; the peer reports finishing 10 ms after it was sent its slice
    let now = 0;
    const clock = () => ++now;
    const copy = model();
    const counts: number[] = [];
    const slow: GradientPeer = {
      gradients: async (job) => {
        counts.push(job.count);
        const sentAt = now;
        return { ...(await sliceGradients(copy, job)), finishedAt: sentAt + 10 };
      },
    };
    const single = await train(model(), makeTrainStep(), 16, 5);
    const shared = await train(model(), makeParallelTrainStep([slow], {}, clock), 16, 5);
    expect(counts[0]).toBe(8); // equal until both speeds are known
    expect(counts.at(-1)).toBeLessThan(8);
    shared.losses.forEach((l, i) => expect(l).toBeCloseTo(single.losses[i], 5));
    expect(maxDiff(shared.weights, single.weights)).toBeLessThan(1e-5);
  });

  it("a failing peer fails the step without leaking tensors, and the weights stay as they were", async () => {
    const m = model();
    const failing: GradientPeer = { gradients: async () => Promise.reject(new Error("peer lost")) };
    const { xs, ys } = batch(8, 1);
    const before = tf.memory().numTensors;
    const weights = await Promise.all(m.getWeights().map((w) => w.data() as Promise<Float32Array>));
    await expect(makeParallelTrainStep([failing])(m, xs, ys)).rejects.toThrow("peer lost");
    expect(tf.memory().numTensors).toBe(before);
    const after = await Promise.all(m.getWeights().map((w) => w.data() as Promise<Float32Array>));
    expect(maxDiff(after, weights)).toBe(0);
    tf.dispose([xs, ys]);
  });

  it("a step leaks no tensors: only the loss and accuracy it returns", async () => {
    const m = model();
    const step = makeParallelTrainStep(peersOf(1));
    const warm = batch(8, 2);
    tf.dispose(await step(m, warm.xs, warm.ys)); // the optimizer's slots are made on the first step
    const { xs, ys } = batch(8, 3);
    const before = tf.memory().numTensors;
    const out = await step(m, xs, ys);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([...out, xs, ys, warm.xs, warm.ys]);
  });
});
