import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import type { ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { registerGradientKernels } from "../backends/gradKernels.ts";
import { sliceSplit, type DatasetSplit } from "../data/datasetFormat.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { inferShapes } from "../model/inferShapes.ts";
import { createRng } from "../random.ts";
import { buildPrunedModel, planFilterPruning } from "./filterPruning.ts";
import { calibrateActivations, measureLatency, measureSizes, predictWithInt8Activations } from "./measure.ts";
import { unpackWeights } from "./packFormat.ts";
import { evaluateWith } from "../train/trainLoopEvaluate.ts";
import { fakeQuantize } from "./quantize.ts";
import { formatOf, packInputs, readWeights, weightInfos, writeWeights } from "./modelWeights.ts";
import { deriveVariant } from "./variants.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";

const conv = (filters: number): LayerConfig => ({
  kind: "conv2d",
  filters,
  kernelSize: 3,
  stride: 1,
  padding: "same",
  activation: "relu",
});
const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  layers: [
    conv(8),
    { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
    { kind: "separableConv2d", filters: 8, kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
    { kind: "flatten" },
    { kind: "dense", units: 16, activation: "relu" },
  ],
};
const magnitude = (sparsity: number, extra: Partial<CompressionSpec["pruning"]> = {}): CompressionSpec => ({
  pruning: {
    ...DEFAULT_COMPRESSION.pruning,
    enabled: true,
    method: "magnitude",
    sparsity,
    schedule: "one-shot",
    fineTuneEpochs: 0,
    ...extra,
  },
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: false },
});
let mnist: DatasetSplit;

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
  mnist = loadMnist("test", 600);
});

describe("structured filter pruning", () => {
  it("removing dead filters (zero kernel and bias) leaves the predictions unchanged and cuts MACs", async () => {
    const model = buildModel(config, [28, 28, 1], 10);
    const infos = weightInfos(model);
    const values = await readWeights(model);
    // kill odd conv filters, even separable filters and dense units 0–7, kernel and bias both
    const kill = (name: string, channels: number, dead: (c: number) => boolean) => {
      infos.forEach((info, i) => {
        if (
          info.layerName === name &&
          (info.name.endsWith("/kernel") || info.name.endsWith("pointwise_kernel") || info.name.endsWith("/bias"))
        ) {
          values[i] = values[i].map((v, j) => (dead(j % channels) ? 0 : v));
        }
      });
    };
    kill("layer1_conv2d", 8, (c) => c % 2 === 1);
    kill("layer3_separableConv2d", 8, (c) => c % 2 === 0);
    kill("layer5_dense", 16, (c) => c < 8);
    writeWeights(model, values);
    const plan = planFilterPruning(model, config, 0.5);
    expect(plan.get(0)).toEqual([0, 2, 4, 6]);
    expect(plan.get(2)).toEqual([1, 3, 5, 7]);
    expect(plan.get(4)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    const { model: small, config: smallConfig } = buildPrunedModel(model, config, plan, [28, 28, 1], 10);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 3);
    const [a, b] = [model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor];
    const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0];
    expect(diff).toBeLessThan(1e-5);
    const before = inferShapes(config.layers, [28, 28, 1], 10);
    const after = inferShapes(smallConfig.layers, [28, 28, 1], 10);
    expect(after.totalMacs).toBeLessThan(before.totalMacs * 0.5);
    expect(small.countParams()).toBe(after.totalParams);
    tf.dispose([x, a, b]);
    disposeModel(model);
    disposeModel(small);
  });
});

describe("variants", () => {
  it("weightInfos follow getWeights() order with batch norm (trainable first), so writeWeights and int8 variants work", async () => {
    const withNorm: ExperimentConfig = {
      ...config,
      layers: [
        conv(4),
        { kind: "batchNorm" },
        { kind: "flatten" },
        { kind: "dense", units: 8, activation: "relu" },
        { kind: "batchNorm" },
      ],
    };
    const model = buildModel(withNorm, [28, 28, 1], 10);
    const infos = weightInfos(model);
    expect(infos.map((i) => i.shape)).toEqual(model.getWeights().map((w) => w.shape));
    expect(infos.slice(-4).map((i) => i.name.split("/")[1])).toEqual([
      "moving_mean",
      "moving_variance",
      "moving_mean",
      "moving_variance",
    ]);
    const values = await readWeights(model);
    writeWeights(
      model,
      values.map((v) => v.map((x) => x * 2)),
    );
    const int8 = { ...DEFAULT_COMPRESSION, quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true } };
    const v = await deriveVariant(model, withNorm, int8, [28, 28, 1], 10);
    const out = tf.tidy(() => v.model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor);
    expect(out.shape).toEqual([1, 10]);
    tf.dispose(out);
    disposeModel(v.model);
    disposeModel(model);
  });
  it("magnitude pruning zeroes exactly the target share of each kernel, never the head, and leaves the baseline alone", async () => {
    const baseline = buildModel(config, [28, 28, 1], 10);
    const before = await readWeights(baseline);
    const v = await deriveVariant(baseline, config, magnitude(0.8), [28, 28, 1], 10);
    const after = await readWeights(baseline);
    after.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(before[i])));
    for (const [name, s] of v.layerSparsity) {
      if (name.startsWith("output")) expect(s).toBe(0);
      else expect(s).toBeCloseTo(0.8, 1); // floor(0.8 n) of n weights
    }
    disposeModel(v.model);
    disposeModel(baseline);
  });

  it("fake-quantized weights equal what the packed file decodes to, and the file is about 4x smaller at int8", async () => {
    const baseline = buildModel(config, [28, 28, 1], 10);
    const spec: CompressionSpec = {
      ...magnitude(0.5),
      quantization: { enabled: true, weightBits: 8, granularity: "per-channel", activations: false, qatEpochs: 0 },
    };
    const v = await deriveVariant(baseline, config, spec, [28, 28, 1], 10);
    const infos = weightInfos(v.model);
    const inputs = packInputs(infos, v.masked, spec);
    const decoded = unpackWeights((await import("./packFormat.ts")).packWeights(inputs));
    const weights = await readWeights(v.model);
    decoded.forEach((d, i) => expect(Array.from(d.values)).toEqual(Array.from(weights[i])));
    infos.forEach((info, i) =>
      expect(Array.from(weights[i])).toEqual(
        Array.from(fakeQuantize(v.masked[i], formatOf(info, spec), info.channels)),
      ),
    );
    const sizes = await measureSizes(inputs, v.masked);
    expect(sizes.packedBytes).toBeLessThan(sizes.float32Bytes / 4);
    expect(sizes.float32GzipBytes).toBeLessThan(sizes.float32Bytes * 0.75); // half the weights are zero
    disposeModel(v.model);
    disposeModel(baseline);
  });

  it("fine-tuning with a polynomial schedule ends at the target sparsity and keeps pruned weights at zero", async () => {
    const baseline = buildModel(config, [28, 28, 1], 10);
    const rng = createRng(4);
    const spec = magnitude(0.7, { schedule: "polynomial", fineTuneEpochs: 1 });
    const seen: number[] = [];
    const v = await deriveVariant(baseline, config, spec, [28, 28, 1], 10, {
      fineTune: {
        data: {
          train: sliceSplit(
            mnist,
            Array.from({ length: 256 }, (_, i) => i),
          ),
          validation: sliceSplit(mnist, []),
        },
        batchSize: 32,
        numClasses: 10,
        rng,
        control: { signal: new AbortController().signal, waitWhilePaused: async () => 0 },
        onBatches: (b) => seen.push(...b.map((x) => x.loss)),
      },
    });
    expect(seen.length).toBe(8);
    for (const [name, s] of v.layerSparsity) if (!name.startsWith("output")) expect(s).toBeCloseTo(0.7, 1);
    disposeModel(v.model);
    disposeModel(baseline);
  });
});

describe("measurements", () => {
  it("latency has the first run apart and ordered percentiles; int8 activations stay close to float", async () => {
    const model = buildModel(config, [28, 28, 1], 10);
    const lat = await measureLatency(model, [28, 28, 1], 1, { warmupRuns: 3, timedRuns: 12 });
    expect(lat.timedRuns).toBe(12);
    expect(lat.budgetHit).toBe(false);
    expect(lat.minMs).toBeLessThanOrEqual(lat.p50Ms);
    expect(lat.p50Ms).toBeLessThanOrEqual(lat.p95Ms);
    const ranges = await calibrateActivations(model, mnist, 200, 10);
    expect(ranges).toHaveLength(model.layers.filter((l) => l.getClassName() !== "InputLayer").length);
    ranges.forEach(([lo, hi]) => expect(lo).toBeLessThanOrEqual(hi));
    const float = await evaluateWith((xs) => model.predict(xs) as tf.Tensor, mnist, 10);
    const int8 = await evaluateWith((xs) => predictWithInt8Activations(model, xs, ranges), mnist, 10);
    expect(Math.abs(int8.loss - float.loss)).toBeLessThan(0.05);
    disposeModel(model);
  });
});
