// "One step at a time": the pause control lets exactly one batch through per accepted step, presses during a step
// are dropped, and the gradient norms a step reports are those of the gradients it applied.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { createRng } from "../random.ts";
import { filterChanges } from "../inspect/filterChange.ts";
import { convKernels } from "../inspect/probe.ts";
import { GradientTap, layerGradNorms } from "./gradNorms.ts";
import type { BatchMetrics } from "./metrics.ts";
import { createPauseControl } from "./pauseControl.ts";
import { makeParallelTrainStep, sliceGradients, type GradientPeer } from "./parallelStep.ts";
import { batchLoss, makeTrainStep, runTraining } from "./trainLoop.ts";
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
    { kind: "flatten" },
    { kind: "dense", units: 8, activation: "relu" },
  ],
};
const { model, disposeAll } = modelFactory(config);
afterEach(disposeAll);

/** `count` random 12×12 images with random labels. */
function split(count: number, seed: number): DatasetSplit {
  const rng = createRng(seed);
  return {
    count,
    rows: 12,
    cols: 12,
    channels: 1,
    numClasses: 10,
    labels: Uint8Array.from({ length: count }, () => Math.floor(rng.next() * 10)),
    images: Uint8Array.from({ length: count * 144 }, () => Math.floor(rng.next() * 256)),
  };
}

const batch = randomBatch;

/** The per-layer norms of the whole batch's gradient at the model's current weights, computed directly. */
async function expectedNorms(m: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor2D): Promise<number[]> {
  const variables = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => batchLoss(m, xs, ys).loss, variables);
  const { norms } = layerGradNorms(m, grads);
  const values = Array.from(await norms!.data());
  tf.dispose([value, norms!, ...Object.values(grads)]);
  return values;
}

describe("one batch at a time", () => {
  it("each accepted step trains exactly one more batch and reports it; presses during a step are dropped", async () => {
    const m = model();
    const control = createPauseControl();
    control.pause(); // as Step before the first batch does: paused, then one step
    const trained: BatchMetrics[] = [];
    let steps = 0;
    const run = runTraining(
      m,
      { train: split(64, 1), validation: split(8, 2) },
      { epochs: 2, batchSize: 8, numClasses: 10, rng: createRng(3), readbackEveryMs: 1e9, readbackEveryBatches: 1000 },
      { onBatches: (b) => trained.push(...b), onEpoch: () => {} },
      control,
    );
    // the optimizer's own step counter moves once per applied step; the reported batches say the same
    const iterations = () => (m.optimizer as unknown as { iterations: number }).iterations;
    for (let press = 1; press <= 3; press++) {
      const done = control.step();
      expect(done).not.toBeNull();
      expect(control.step()).toBeNull(); // a second press while the step runs is ignored
      await done;
      steps++;
      expect(iterations()).toBe(steps);
      expect(trained.map((b) => b.step)).toEqual(Array.from({ length: steps }, (_, i) => i));
    }
    // nothing moves while paused without a step
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(iterations()).toBe(3);
    control.stop();
    const summary = await run;
    expect(summary.status).toBe("stopped");
    expect(summary.examplesSeen).toBe(3 * 8);
  });

  it("refuses a step when not paused, and lets the run go on after resume", () => {
    const control = createPauseControl();
    expect(control.step()).toBeNull();
    control.pause();
    const done = control.step();
    expect(done).not.toBeNull();
    control.stop(); // a run that ends counts its step as done
    return expect(done).resolves.toBeUndefined();
  });
});

/** One plain step, so the optimizer has made its slots (Adam's moments) before tensors are counted. */
function warmUp(m: tf.LayersModel): void {
  const { xs, ys } = batch(4, 11);
  tf.dispose([...makeTrainStep()(m, xs, ys), xs, ys]);
}

describe("gradient norms per layer", () => {
  it("the local step reports the norms of the gradient it applied, and leaks no tensor", async () => {
    const m = model();
    const tap = new GradientTap();
    const step = makeTrainStep({}, tap);
    warmUp(m);
    const { xs, ys } = batch(16, 5);
    const expected = await expectedNorms(m, xs, ys);
    const kernelsBefore = await convKernels(m);
    const before = tf.memory().numTensors;
    tap.arm();
    const [loss, accuracy] = step(m, xs, ys);
    tf.dispose([loss, accuracy]);
    const norms = await tap.take();
    // the change of each filter, measured against copies taken before the update, as the kernels say
    const changes = await tap.takeFilterChanges();
    expect(changes).toEqual(filterChanges(kernelsBefore, await convKernels(m)));
    expect(changes.map((c) => c.change.length)).toEqual([4]);
    expect(changes[0].change.every((c) => c > 0)).toBe(true);
    expect(await tap.takeFilterChanges()).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    expect(norms!.map((n) => n.layer)).toEqual(m.layers.filter((l) => l.trainableWeights.length).map((l) => l.name));
    norms!.forEach((n, i) => expect(n.norm).toBeCloseTo(expected[i], 5));
    expect(norms!.every((n) => n.norm > 0)).toBe(true);
    // unarmed, the step records nothing and holds nothing
    const [l2, a2] = step(m, xs, ys);
    tf.dispose([l2, a2, xs, ys]);
    expect(await tap.take()).toBeNull();
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  it("the data-parallel step reports the norms of the averaged gradient it applied (= the whole batch's here)", async () => {
    const m = model();
    const peers: GradientPeer[] = [1, 2].map(() => {
      const copy = model();
      return { gradients: (job) => sliceGradients(copy, job) };
    });
    const tap = new GradientTap();
    const step = makeParallelTrainStep(peers, {}, undefined, tap);
    const warm = batch(6, 13);
    tf.dispose([...(await step(m, warm.xs, warm.ys)), warm.xs, warm.ys]); // the optimizer's slots, made once
    const { xs, ys } = batch(12, 7);
    const expected = await expectedNorms(m, xs, ys);
    const before = tf.memory().numTensors;
    tap.arm();
    const [loss, accuracy] = await step(m, xs, ys);
    tf.dispose([loss, accuracy]);
    const norms = await tap.take();
    expect((await tap.takeFilterChanges()).length).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    norms!.forEach((n, i) => expect(n.norm).toBeCloseTo(expected[i], 4));
    tf.dispose([xs, ys]);
  });

  it("drop lets go of a recording not taken", () => {
    const m = model();
    const tap = new GradientTap();
    warmUp(m);
    const { xs, ys } = batch(4, 9);
    const before = tf.memory().numTensors;
    tap.arm();
    const [loss, accuracy] = makeTrainStep({}, tap)(m, xs, ys);
    tf.dispose([loss, accuracy]);
    tap.drop();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ys]);
  });
});
