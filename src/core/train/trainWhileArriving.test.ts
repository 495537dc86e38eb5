import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_DATA, type TrainingData } from "../../config/schema.ts";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { arrivingParts, type ArrivingFile } from "../data/arrivingData.ts";
import { splitValidation } from "../data/batches.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { planTraining, trainingSubset } from "../data/imbalance.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import type { BatchMetrics, EpochMetrics } from "./metrics.ts";
import type { TrainControl } from "./trainControl.ts";
import { runTraining, type TrainStep } from "./trainLoop.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

const noControl = (): TrainControl => ({ signal: new AbortController().signal, waitWhilePaused: async () => 0 });
const tiny = applyPreset(DEFAULT_CONFIG, "tiny");

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
});

/** A training file that is already whole (a second visit, or the cache). */
const wholeFile = (train: DatasetSplit): ArrivingFile => ({
  train,
  trainArrived: () => train.count,
  whenTrainArrived: async () => {},
  trainDone: Promise.resolve(train),
});

/** A training file whose images arrive when the test says (advance), into a buffer that starts as zeros. */
function arrivingFile(source: DatasetSplit, arrivedAtStart: number) {
  const images = new Uint8Array(source.images.length);
  const train = { ...source, images };
  const imageBytes = source.rows * source.cols;
  let arrived = 0;
  let finish = (_: DatasetSplit) => {};
  const trainDone = new Promise<DatasetSplit>((resolve) => (finish = resolve));
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const advance = (count: number) => {
    arrived = Math.min(source.count, arrived + count);
    images.set(source.images.subarray(0, arrived * imageBytes));
    for (const waiter of waiters.filter((w) => w.count <= arrived)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (arrived === source.count) finish(train);
  };
  advance(arrivedAtStart);
  const file: ArrivingFile = {
    train,
    trainArrived: () => arrived,
    whenTrainArrived: (count) =>
      count <= arrived ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    trainDone,
  };
  return { file, advance, arrived: () => arrived, waiting: () => waiters.length > 0 };
}

/** 28x28 images whose first two pixels say which image of the file they are (never both 0). */
function numbered(count: number): DatasetSplit {
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) {
    images[i * 784] = i & 255;
    images[i * 784 + 1] = (i >> 8) + 1;
  }
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 3) % 10);
  return { count, rows: 28, cols: 28, channels: 1, numClasses: 10, labels, images };
}

describe("training while the training file arrives (wasm)", () => {
  it("with the whole file in, the run is identical to one on splitValidation and trainingSubset's copies", async () => {
    const train = loadMnist("train", 900);
    const data: TrainingData = {
      trainFraction: 0.8,
      imbalance: { classes: [3, 8], fraction: 0.5, classWeights: true },
      augment: { shift: 2, rotate: 5, zoom: 0.1 },
    };
    const run = async (arriving: boolean) => {
      const model = buildModel(tiny, [28, 28, 1], 10);
      const rng = createRng(9);
      let parts: { train: DatasetSplit; validation: DatasetSplit };
      let extra = {};
      let classWeights: number[] | undefined;
      if (arriving) {
        const plan = planTraining(train.labels, 10, 0.1, data, rng);
        const made = arrivingParts(wholeFile(train), plan);
        parts = made;
        extra = { arriving: made.arriving };
        classWeights = plan.classWeights;
      } else {
        const split = splitValidation(train, 0.1, rng);
        const subset = trainingSubset(split.train, data, rng);
        parts = { train: subset.train, validation: split.validation };
        classWeights = subset.classWeights;
      }
      const batches: BatchMetrics[] = [];
      const epochs: EpochMetrics[] = [];
      try {
        await runTraining(
          model,
          parts,
          { epochs: 2, batchSize: 32, numClasses: 10, rng, augment: data.augment, classWeights, ...extra },
          { onBatches: (b) => batches.push(...b), onEpoch: (e) => epochs.push(e) },
          noControl(),
        );
        const weights = await Promise.all(model.getWeights().map((w) => w.data()));
        const epochValues = epochs.map(({ trainLoss, trainAccuracy, valLoss, valAccuracy }) => ({
          ...{ trainLoss, trainAccuracy, valLoss, valAccuracy },
        }));
        return { batches, epochValues, weights: weights.map((w) => Array.from(w)) };
      } finally {
        disposeModel(model);
      }
    };
    const today = await run(false);
    const arriving = await run(true);
    expect(today.batches.length).toBeGreaterThan(20);
    expect(arriving.batches).toEqual(today.batches);
    expect(arriving.epochValues).toEqual(today.epochValues);
    expect(arriving.weights).toEqual(today.weights);
  });

  it("trains only on examples that are in, never on validation ones; waits for the rest, then finishes", async () => {
    const source = numbered(1500);
    const { file, advance, arrived, waiting } = arrivingFile(source, 400);
    const rng = createRng(5);
    const plan = planTraining(file.train.labels, 10, 0.2, DEFAULT_TRAINING_DATA, rng);
    const parts = arrivingParts(file, plan);
    const validation = new Set(plan.validation);
    const STALL_AT = 1000; // the download stalls here until the trainer has had to wait for it
    const seenPerEpoch: number[][] = [[], []];
    let epochIndex = 0;
    let trainedBeforeWhole = 0;
    const problems: string[] = [];
    const recordingStep: TrainStep = (_model, xs) => {
      const pixels = xs.dataSync();
      for (let row = 0; row < xs.shape[0]; row++) {
        const [low, high] = [Math.round(pixels[row * 784] * 255), Math.round(pixels[row * 784 + 1] * 255)];
        const index = (high - 1) * 256 + low;
        if (high === 0) problems.push(`an image that had not arrived (zeros) in batch row ${row}`);
        else if (index >= arrived()) problems.push(`image ${index} before it arrived (${arrived()} in)`);
        if (validation.has(index)) problems.push(`validation image ${index} trained on`);
        seenPerEpoch[epochIndex].push(index);
      }
      if (arrived() < source.count) trainedBeforeWhole++;
      if (arrived() < STALL_AT) advance(100);
      return [tf.scalar(1), tf.scalar(0)];
    };
    const model = buildModel(tiny, [28, 28, 1], 10);
    const epochs: EpochMetrics[] = [];
    try {
      const training = runTraining(
        model,
        parts,
        { epochs: 2, batchSize: 50, numClasses: 10, rng, trainStep: recordingStep, arriving: parts.arriving },
        {
          onBatches: () => {},
          onEpoch: (metrics) => {
            epochs.push(metrics);
            epochIndex++;
          },
        },
        noControl(),
      );
      // state, not time: release the stalled download only once the trainer waits for it
      while (!waiting()) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(arrived()).toBe(STALL_AT);
      advance(source.count);
      const summary = await training;
      expect(summary.status).toBe("completed");
    } finally {
      disposeModel(model);
    }
    expect(problems).toEqual([]);
    expect(trainedBeforeWhole).toBeGreaterThan(5);
    const trainIndices = Array.from(plan.train);
    for (const seen of seenPerEpoch) expect(seen.sort((a, b) => a - b)).toEqual(trainIndices);
    expect(epochs).toHaveLength(2);
    expect(epochs[0].valAccuracy).not.toBeNull(); // validated on the whole validation part, once it was in
  });
});
