// The trainer follows the schedule: a run whose rate halves after its first step moves the weights at its second
// step by exactly half of what a constant-rate run does (every optimizer here is linear in the rate for a given
// state, and both runs share the first step, so their states and gradients at the second step are the same).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { DEFAULT_LR_SCHEDULE, type ExperimentConfig, type LrSchedule, type Optimizer } from "../../config/schema.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { sliceSplit, type DatasetSplit } from "../data/datasetFormat.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import type { TrainProgress } from "./metrics.ts";
import { makeParallelTrainStep, sliceGradients } from "./parallelStep.ts";
import { runTraining, type TrainStep } from "./trainLoop.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const noControl = () => ({ signal: new AbortController().signal, waitWhilePaused: async () => 0 });
const HALVE_AFTER_STEP_ONE: LrSchedule = { ...DEFAULT_LR_SCHEDULE, kind: "step", factor: 0.5, every: 1, per: "step" };

let data: { train: DatasetSplit; validation: DatasetSplit };

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
  const all = loadMnist("train", 80);
  data = { train: sliceSplit(all, range(0, 64)), validation: sliceSplit(all, range(64, 80)) };
});

/** The flat weights after each of a run's two steps (batch 32 of 64 examples, seed-shuffled), and its progress. */
async function twoSteps(config: ExperimentConfig, schedule: LrSchedule, initial: tf.Tensor[], trainStep?: TrainStep) {
  const model = buildModel(config, [28, 28, 1], 10);
  model.setWeights(initial);
  const snapshots: Float32Array[] = [];
  const progress: TrainProgress[] = [];
  const flat = () => Float32Array.from(model.getWeights().flatMap((w) => Array.from(w.dataSync())));
  try {
    await runTraining(
      model,
      data,
      {
        epochs: 1,
        batchSize: 32,
        numClasses: 10,
        rng: createRng(3),
        readbackEveryBatches: 1,
        learningRate: { base: config.learningRate, schedule },
        trainStep,
        afterStep: () => {
          snapshots.push(flat());
        },
      },
      { onBatches: (_, p) => progress.push(p), onEpoch: () => {} },
      noControl(),
    );
    return { snapshots, progress };
  } finally {
    disposeModel(model);
  }
}

describe("runTraining with a learning-rate schedule (wasm)", () => {
  it.each<Optimizer>(["sgd", "momentum", "adam", "rmsprop"])(
    "%s: the second step at half the rate moves the weights half as far",
    async (optimizer) => {
      const config: ExperimentConfig = {
        ...DEFAULT_CONFIG,
        optimizer,
        learningRate: 0.01,
        layers: [{ kind: "flatten" }, { kind: "dense", units: 8, activation: "relu" }],
      };
      const seedModel = buildModel(config, [28, 28, 1], 10);
      const initial = seedModel.getWeights().map((w) => w.clone());
      disposeModel(seedModel);
      try {
        const constant = await twoSteps(config, DEFAULT_LR_SCHEDULE, initial);
        const halved = await twoSteps(config, HALVE_AFTER_STEP_ONE, initial);
        expect(halved.snapshots[0]).toEqual(constant.snapshots[0]); // the same first step
        const [c0, c1] = constant.snapshots;
        const [h0, h1] = halved.snapshots;
        let largest = 0;
        for (let i = 0; i < c0.length; i++) {
          const full = c1[i] - c0[i];
          largest = Math.max(largest, Math.abs(full));
          expect(h1[i] - h0[i]).toBeCloseTo(full / 2, 6);
        }
        expect(largest).toBeGreaterThan(1e-4); // the step did move the weights
        expect(constant.progress.map((p) => p.learningRate)).toEqual([0.01, 0.01]);
        expect(halved.progress.map((p) => p.learningRate)).toEqual([0.01, 0.005]);
      } finally {
        tf.dispose(initial);
      }
    },
  );

  it("data-parallel (one peer): the step that applies the averaged gradients follows the same schedule", async () => {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      optimizer: "adam",
      learningRate: 0.01,
      layers: [{ kind: "flatten" }, { kind: "dense", units: 8, activation: "relu" }],
    };
    const seedModel = buildModel(config, [28, 28, 1], 10);
    const initial = seedModel.getWeights().map((w) => w.clone());
    const peerModel = buildModel(config, [28, 28, 1], 10);
    try {
      const alone = await twoSteps(config, HALVE_AFTER_STEP_ONE, initial);
      const parallel = makeParallelTrainStep([{ gradients: (job) => sliceGradients(peerModel, job) }]);
      const shared = await twoSteps(config, HALVE_AFTER_STEP_ONE, initial, parallel);
      expect(shared.progress.map((p) => p.learningRate)).toEqual([0.01, 0.005]);
      const [a, b] = [alone.snapshots[1], shared.snapshots[1]];
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    } finally {
      tf.dispose(initial);
      disposeModel(seedModel);
      disposeModel(peerModel);
    }
  });
});
