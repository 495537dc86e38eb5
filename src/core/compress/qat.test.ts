import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { sliceSplit, type DatasetSplit } from "../data/datasetFormat.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { createRng } from "../random.ts";
import { steFakeQuantRange, steFakeQuantWeight } from "./qat.ts";
import { fakeQuantize } from "./quantize.ts";
import { runSweep, SENSITIVITY_SPARSITIES, SWEEP_BITS, SWEEP_SPARSITIES } from "./sweep.ts";
import { formatOf, readWeights, weightInfos } from "./modelWeights.ts";
import { deriveVariant } from "./variants.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

const config = applyPreset(DEFAULT_CONFIG, "tiny");
const spec = (
  over: Partial<CompressionSpec["pruning"]>,
  quant: Partial<CompressionSpec["quantization"]>,
): CompressionSpec => ({
  pruning: { ...DEFAULT_COMPRESSION.pruning, ...over },
  quantization: { ...DEFAULT_COMPRESSION.quantization, ...quant },
});
const noControl = () => ({ signal: new AbortController().signal, waitWhilePaused: async () => 0 });
let mnist: DatasetSplit;

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
  mnist = loadMnist("test", 400);
});

describe("straight-through estimator (tf.customGrad)", () => {
  it("activation fake-quant rounds to 256 levels and passes the gradient only inside the range", async () => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.3, 0.9, 3]);
    const g = tf.grad((t: tf.Tensor) => steFakeQuantRange(t, -1, 1).sum())(x);
    expect(Array.from(await g.data())).toEqual([0, 1, 1, 1, 1, 0]);
    const y = await steFakeQuantRange(x, -1, 1).data();
    const step = 2 / 255;
    expect(Math.abs(y[0] + 1)).toBeLessThanOrEqual(step); // clipped to the range (nudged so that 0 is exact)
    expect(Math.abs(y[5] - 1)).toBeLessThanOrEqual(step);
    expect(y[2]).toBe(0); // zero is exact
    for (const [i, v] of [
      [1, -0.5],
      [3, 0.3],
      [4, 0.9],
    ] as const)
      expect(Math.abs(y[i] - v)).toBeLessThanOrEqual(step / 2 + 1e-6);
    tf.dispose([x, g]);
  });

  it("weight fake-quant matches the host quantizer and its gradient is the identity", async () => {
    const w = tf.randomNormal([3, 3, 2, 4], 0, 0.2, "float32", 5);
    const host = (await w.data()) as Float32Array;
    for (const format of [
      { kind: "int", bits: 4, granularity: "per-channel" },
      { kind: "int", bits: 8, granularity: "per-tensor" },
    ] as const) {
      const q = await steFakeQuantWeight(w, format, 4).data();
      const expected = fakeQuantize(host, format, 4);
      q.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-4 + Math.abs(expected[i]) * 1e-5));
      const g = tf.grad((t: tf.Tensor) => steFakeQuantWeight(t, format, 4).mul(3).sum())(w);
      expect(Array.from(await g.data()).every((v) => v === 3)).toBe(true);
      g.dispose();
    }
    w.dispose();
  });
});

describe("quantization-aware fine-tuning", () => {
  it("trains int4 weights and int8 activations, keeps the pruned weights at zero, ends on quantized weights, and leaks nothing", async () => {
    const baseline = buildModel(config, [28, 28, 1], 10);
    const qat = spec(
      { enabled: true, method: "magnitude", sparsity: 0.5 },
      { enabled: true, weightBits: 4, granularity: "per-channel", activations: true, qatEpochs: 1 },
    );
    const losses: number[] = [];
    const run = () =>
      deriveVariant(baseline, config, qat, [28, 28, 1], 10, {
        activationRanges: baseline.layers
          .filter((l) => l.getClassName() !== "InputLayer")
          .map((): [number, number] => [-4, 4]),
        fineTune: {
          data: {
            train: sliceSplit(
              mnist,
              Array.from({ length: 128 }, (_, i) => i),
            ),
            validation: sliceSplit(mnist, []),
          },
          batchSize: 32,
          numClasses: 10,
          rng: createRng(3),
          control: noControl(),
          onBatches: (b) => losses.push(...b.map((x) => x.loss)),
        },
      });
    const first = await run();
    disposeModel(first.model);
    const before = tf.memory().numTensors;
    const v = await run();
    const infos = weightInfos(v.model);
    const weights = await readWeights(v.model);
    expect(losses.length).toBe(8);
    expect(losses.every(Number.isFinite)).toBe(true);
    for (const [name, s] of v.layerSparsity) if (!name.startsWith("output")) expect(s).toBeCloseTo(0.5, 1);
    infos.forEach((info, i) =>
      expect(Array.from(weights[i])).toEqual(Array.from(fakeQuantize(v.masked[i], formatOf(info, qat), info.channels))),
    );
    disposeModel(v.model);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(baseline);
  });
});

describe("sweep", () => {
  it("evaluates every planned point, meets each sparsity, and stops with what it has on cancel", async () => {
    const baseline = buildModel(config, [28, 28, 1], 10);
    const form = spec({ enabled: false }, { granularity: "per-tensor" });
    const test = sliceSplit(
      mnist,
      Array.from({ length: 200 }, (_, i) => i),
    );
    const before = tf.memory().numTensors;
    const full = await runSweep({
      baseline,
      config,
      spec: form,
      inputShape: [28, 28, 1],
      numClasses: 10,
      test,
      baselineAccuracy: 0.1,
      isCancelled: () => false,
      onProgress: () => {},
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(full.cancelled).toBe(false);
    expect(full.sparsity).toHaveLength(SWEEP_SPARSITIES.length);
    full.sparsity.forEach((p, i) => expect(p.kernelSparsity).toBeCloseTo(SWEEP_SPARSITIES[i], 1)); // over the prunable kernels (not the head)
    expect(full.bits.map((p) => p.weightBits)).toEqual([...SWEEP_BITS]);
    expect(full.bits.map((p) => p.packedBytes)).toEqual([...full.bits.map((p) => p.packedBytes)].sort((a, b) => b - a));
    const layers = new Set(full.sensitivity.map((p) => p.layer));
    expect(layers.size).toBeGreaterThan(0);
    expect(full.sensitivity).toHaveLength(layers.size * SENSITIVITY_SPARSITIES.length);
    // held before its third point and cancelled there: exactly the two points measured stay
    let cancelled = false;
    const cut = await runSweep({
      baseline,
      config,
      spec: form,
      inputShape: [28, 28, 1],
      numClasses: 10,
      test,
      baselineAccuracy: 0.1,
      isCancelled: () => cancelled,
      onProgress: () => {},
      beforePoint: async (done) => {
        if (done === 2) cancelled = true;
      },
    });
    expect(cut.cancelled).toBe(true);
    expect(cut.sparsity.map((p) => p.label)).toEqual(full.sparsity.slice(0, 2).map((p) => p.label));
    expect(cut.bits).toEqual([]);
    expect(cut.plannedPoints).toBe(full.plannedPoints);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(baseline);
  });
});
