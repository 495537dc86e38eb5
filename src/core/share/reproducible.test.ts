import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { defaultExperiment, encodeExperiment } from "../../config/urlCodec.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { splitValidation } from "../data/batches.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import { runTraining } from "../train/trainLoop.ts";
import { decodeExperiment } from "../../config/urlCodec.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

let train: DatasetSplit;

beforeAll(async () => {
  await tf.setBackend("cpu");
  registerGradientKernels("cpu");
  train = loadMnist("train", 200);
});

/** Per-batch losses of a short run of the config on the cpu backend, as the worker runs it (seeded split and shuffle). */
async function lossCurve(config: ExperimentConfig): Promise<number[]> {
  const model = buildModel(config, [28, 28, 1], 10);
  const rng = createRng(config.seed);
  const losses: number[] = [];
  try {
    await runTraining(
      model,
      splitValidation(train, config.validationFraction, rng),
      { epochs: 1, batchSize: config.batchSize, numClasses: 10, rng },
      { onBatches: (b) => losses.push(...b.map((m) => m.loss)), onEpoch: () => {} },
      { signal: new AbortController().signal, waitWhilePaused: async () => 0 },
    );
    return losses;
  } finally {
    disposeModel(model);
  }
}

it("the same link and seed give the same training curve on the cpu backend, and another seed another curve", async () => {
  // small enough for tfjs's plain-JS cpu kernels on a slow machine; dropout draws from its seed too
  const config: ExperimentConfig = {
    ...DEFAULT_CONFIG,
    batchSize: 50,
    seed: 7,
    layers: [
      { kind: "conv2d", filters: 4, kernelSize: 3, stride: 2, padding: "valid", activation: "relu" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "flatten" },
      { kind: "dropout", rate: 0.2 },
      { kind: "dense", units: 16, activation: "relu" },
    ],
  };
  const link = encodeExperiment({ ...defaultExperiment(), config });
  const opened = decodeExperiment(link);
  expect(opened.errors).toEqual([]);
  const [a, b] = [await lossCurve(opened.experiment.config), await lossCurve(decodeExperiment(link).experiment.config)];
  expect(a.length).toBe(Math.ceil((200 * 0.9) / 50));
  expect(b).toEqual(a);
  expect(await lossCurve({ ...opened.experiment.config, seed: 8 })).not.toEqual(a);
});
