import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { splitValidation } from "../data/batches.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import {
  DIVERGENCE_RULES,
  LOSS_CEILING,
  createDivergenceWatch,
  divergenceMessage,
  divergenceRulesFor,
  type Divergence,
} from "./divergence.ts";
import type { BatchMetrics } from "./metrics.ts";
import { runTraining } from "./trainLoop.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

/** Feeds losses to a fresh watch; returns the first divergence. */
function firstDivergence(losses: number[], rules = DIVERGENCE_RULES): Divergence | null {
  const watch = createDivergenceWatch(rules);
  for (const loss of losses) {
    const d = watch.observe(loss);
    if (d) return d;
  }
  return null;
}

describe("divergence watch", () => {
  it("stays quiet on a healthy, noisy, falling loss", () => {
    const losses = Array.from(
      { length: 2000 },
      (_, i) => 2.3 * Math.exp(-i / 300) + 0.05 + 0.3 * Math.abs(Math.sin(i * 7.1)),
    );
    expect(firstDivergence(losses)).toBeNull();
  });

  it("names the batch where the loss became NaN or infinite", () => {
    expect(firstDivergence([2.3, 2.2, 2.1, Number.NaN])).toMatchObject({ kind: "nan", batch: 4 });
    expect(firstDivergence([2.3, Number.POSITIVE_INFINITY])).toMatchObject({ kind: "infinite", batch: 2 });
  });

  it("catches a loss stuck at cross-entropy's ceiling, and one that grew several-fold", () => {
    expect(firstDivergence([2.3, 2.3, ...Array(20).fill(LOSS_CEILING * 0.9)])).toMatchObject({
      kind: "ceiling",
      batch: 12,
    });
    const growing = Array.from({ length: 60 }, (_, i) => 2.3 * 1.05 ** i);
    const d = firstDivergence(growing)!;
    expect(d.kind).toBe("growth");
    expect(d.loss).toBeGreaterThan(3 * d.startLoss);
  });

  it("stops a run stuck at the loss of guessing only when its learning rate is known to be too high", () => {
    const flat = Array.from({ length: 300 }, (_, i) => Math.log(10) + 0.1 * Math.sin(i));
    expect(firstDivergence(flat)).toBeNull();
    expect(firstDivergence(flat, divergenceRulesFor({ optimizer: "sgd", learningRate: 0.001 }, 10))).toBeNull();
    expect(firstDivergence(flat, divergenceRulesFor({ optimizer: "momentum", learningRate: 1 }, 10))).toMatchObject({
      kind: "chance",
      batch: 150,
    });
  });

  it("says what happened and what to try, per optimizer", () => {
    const nan: Divergence = { kind: "nan", batch: 212, loss: Number.NaN, startLoss: 2.3 };
    expect(divergenceMessage(nan, { optimizer: "sgd", learningRate: 1 })).toBe(
      "Training stopped: loss became NaN at batch 212: the learning rate 1 is too high for SGD; try 0.01.",
    );
    expect(divergenceMessage(nan, { optimizer: "adam", learningRate: 0.005 })).toMatch(
      /may still be too high for this model with Adam; try 0.0005/,
    );
  });
});

describe("diverging runs on real MNIST (wasm) stop themselves", () => {
  let train: DatasetSplit;
  beforeAll(async () => {
    await tf.setBackend("wasm");
    registerGradientKernels("wasm");
    train = loadMnist("train", 3200);
  });

  it.each([
    ["momentum", 1],
    ["adam", 1],
  ] as const)("%s at learning rate %s", async (optimizer, learningRate) => {
    const config = { ...applyPreset(DEFAULT_CONFIG, "tiny"), optimizer, learningRate };
    const model = buildModel(config, [28, 28, 1], 10);
    const rng = createRng(3);
    const batches: BatchMetrics[] = [];
    try {
      const summary = await runTraining(
        model,
        splitValidation(train, 0.1, rng),
        { epochs: 3, batchSize: 32, numClasses: 10, rng, divergence: divergenceRulesFor(config, 10) },
        { onBatches: (b) => batches.push(...b), onEpoch: () => {} },
        { signal: new AbortController().signal, waitWhilePaused: async () => 0 },
      );
      const d = summary.diverged!;
      console.log(
        `${optimizer} lr ${learningRate}: ${divergenceMessage(d, config)} (${batches.length} batches reported)`,
      );
      expect(d).toBeDefined();
      expect(summary.status).toBe("stopped");
      expect(d.batch).toBeLessThanOrEqual(batches.length);
      expect(batches.length).toBeLessThan(3 * 90); // stopped well before its 3 epochs
    } finally {
      disposeModel(model);
    }
  });
});
