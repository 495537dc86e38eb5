// The ONNX export run in ONNX Runtime (onnxruntime-web's WASM build, in Node) against tfjs on the same images.
import * as tf from "@tensorflow/tfjs";
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-web";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, PRESET_IDS, applyPreset } from "../../../config/presets.ts";
import type { ExperimentConfig, LayerConfig } from "../../../config/schema.ts";
import { buildModel, disposeModel } from "../../model/buildModel.ts";
import { createRng } from "../../random.ts";
import type { WeightFormat } from "../../../config/compression.ts";
import { weightInfos } from "../../compress/modelWeights.ts";
import { fakeQuantize } from "../../compress/quantize.ts";
import { onnxWeightsOf } from "./onnxFromModel.ts";
import { firstIntegerLayer, floatLayersText, toOnnx } from "./toOnnx.ts";
import { inferShapes } from "../../model/inferShapes.ts";

const MNIST: [number, number, number] = [28, 28, 1];

beforeAll(async () => {
  await tf.setBackend("cpu");
  ort.env.wasm.numThreads = 1;
});

/** Random weights everywhere (biases and batch-norm statistics too, variances positive), so every value is checked. */
function randomize(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const w of model.weights) {
    const positive = w.originalName.endsWith("moving_variance");
    const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => (positive ? 0.5 + rng.next() : (rng.next() - 0.5) * 0.6));
    w.write(tf.tensor(values, w.shape as number[]));
  }
}

/** Largest difference between tfjs's and ONNX Runtime's probabilities on 5 random images; the file's size. */
async function compare(config: ExperimentConfig, seed: number, format?: WeightFormat): Promise<number> {
  return (await run(config, seed, format)).diff;
}

async function run(
  config: ExperimentConfig,
  seed: number,
  format?: WeightFormat,
): Promise<{ diff: number; bytes: number }> {
  const model = buildModel(config, MNIST, 10);
  randomize(model, seed);
  const weights = await onnxWeightsOf(model, config);
  if (format) {
    // what the lab's variant holds: kernels and biases as their format's values, batch norm float32
    for (const info of weightInfos(model)) {
      const w = model.weights.find((v) => v.originalName === info.name);
      if (!w || info.role === "norm") continue;
      const values = (await w.read().data()) as Float32Array;
      w.write(tf.tensor(fakeQuantize(values, format, info.channels), w.shape as number[]));
    }
  }
  const rng = createRng(seed + 1);
  const pixels = Float32Array.from({ length: 5 * 28 * 28 }, () => rng.next());
  const xs = tf.tensor4d(pixels, [5, ...MNIST]);
  try {
    const bytes = toOnnx({ config, inputShape: MNIST, numClasses: 10, weights, docString: "test", format });
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({ input: new ort.Tensor("float32", pixels, [5, ...MNIST]) });
    const onnxOut = result.probabilities.data as Float32Array;
    const tfOut = (await (model.predict(xs) as tf.Tensor).data()) as Float32Array;
    expect(onnxOut.length).toBe(tfOut.length);
    await session.release();
    return { diff: Math.max(...Array.from(tfOut, (v, i) => Math.abs(v - onnxOut[i]))), bytes: bytes.byteLength };
  } finally {
    xs.dispose();
    disposeModel(model);
  }
}

describe("ONNX export (float32) in ONNX Runtime", () => {
  it.each(PRESET_IDS)("preset %s gives tfjs's probabilities within 1e-4", async (id) => {
    expect(await compare(applyPreset(DEFAULT_CONFIG, id), 3)).toBeLessThan(1e-4);
  });

  it("every layer kind, activation, stride and padding gives tfjs's probabilities within 1e-4", async () => {
    const layers: LayerConfig[] = [
      { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "same", activation: "leakyRelu" },
      { kind: "batchNorm" },
      { kind: "depthwiseConv2d", kernelSize: 4, stride: 2, padding: "same", activation: "elu" },
      { kind: "separableConv2d", filters: 6, kernelSize: 3, stride: 2, padding: "valid", activation: "tanh" },
      { kind: "maxPool2d", poolSize: 3, stride: 2, padding: "same" },
      { kind: "avgPool2d", poolSize: 2, stride: 1, padding: "same" },
      { kind: "dropout", rate: 0.3 },
      { kind: "flatten" },
      { kind: "dense", units: 8, activation: "sigmoid" },
      { kind: "batchNorm" },
      { kind: "dense", units: 6, activation: "linear" },
    ];
    expect(await compare({ ...DEFAULT_CONFIG, layers }, 5)).toBeLessThan(1e-4);
    const gap: LayerConfig[] = [
      layers[0],
      { kind: "avgPool2d", poolSize: 3, stride: 2, padding: "same" },
      layers[2],
      { kind: "globalAvgPool2d" },
      { kind: "dense", units: 5, activation: "relu" },
    ];
    expect(await compare({ ...DEFAULT_CONFIG, layers: gap }, 7)).toBeLessThan(1e-4);
  });
});

describe("ONNX export of the lab's weight formats", () => {
  const layers: LayerConfig[] = [
    { kind: "conv2d", filters: 8, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
    { kind: "depthwiseConv2d", kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
    { kind: "separableConv2d", filters: 8, kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
    { kind: "batchNorm" },
    { kind: "flatten" },
    { kind: "dense", units: 32, activation: "relu" },
  ];
  const config = { ...DEFAULT_CONFIG, layers };
  const int = (bits: 8 | 4 | 2, granularity: "per-tensor" | "per-channel"): WeightFormat => ({
    kind: "int",
    bits,
    granularity,
  });
  it.each([
    { name: "float16", format: { kind: "float16" } as WeightFormat, ratio: 0.52 },
    { name: "int8 per-tensor", format: int(8, "per-tensor"), ratio: 0.3 },
    { name: "int8 per-channel", format: int(8, "per-channel"), ratio: 0.3 },
    { name: "int4 per-channel", format: int(4, "per-channel"), ratio: 0.3 },
    { name: "int2 per-tensor", format: int(2, "per-tensor"), ratio: 0.3 },
  ])(
    "$name: the file computes the variant's weights (within 1e-4 of tfjs) and is smaller",
    async ({ format, ratio }) => {
      const float32 = await run(config, 11);
      const variant = await run(config, 11, format);
      expect(variant.diff).toBeLessThan(1e-4);
      expect(variant.bytes).toBeLessThan(float32.bytes * ratio);
    },
  );
});

describe("W8A8 graph: where integer kernels start", () => {
  const format: WeightFormat = { kind: "int", bits: 8, granularity: "per-channel" };
  const nodesOf = async (config: ExperimentConfig, ranges: Array<readonly [number, number]>) => {
    const model = buildModel(config, MNIST, 10);
    try {
      const weights = await onnxWeightsOf(model, config);
      const bytes = toOnnx({
        config,
        inputShape: MNIST,
        numClasses: 10,
        weights,
        docString: "",
        format,
        activationRanges: ranges,
      });
      return onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? [];
    } finally {
      disposeModel(model);
    }
  };
  const stats = (config: ExperimentConfig) => inferShapes(config.layers, MNIST, 10).layers;

  it("the first layer with more than one input channel: a one-channel image's convolution and its pooling stay float", () => {
    expect(firstIntegerLayer(stats(DEFAULT_CONFIG), MNIST)).toBe(2);
    expect(floatLayersText(stats(DEFAULT_CONFIG), MNIST)).toBe("layers 1–2 (Conv2D, MaxPool2D)");
    const dense = {
      ...DEFAULT_CONFIG,
      layers: [{ kind: "flatten" }, { kind: "dense", units: 16, activation: "relu" }],
    };
    expect(firstIntegerLayer(stats(dense as ExperimentConfig), MNIST)).toBe(1);
  });

  it("float layers keep their Relu; a Relu guards the first quantization; the next convolution reads uint8", async () => {
    const ranges = DEFAULT_CONFIG.layers.map(() => [0, 4] as const);
    const nodes = await nodesOf(DEFAULT_CONFIG, ranges);
    const ops = nodes.map((n) => n.opType);
    const firstQ = ops.indexOf("QuantizeLinear");
    // Transpose, Conv, Relu, MaxPool, guard Relu, then the first quantization
    expect(ops.slice(0, firstQ).filter((op) => op !== "DequantizeLinear")).toEqual([
      "Transpose",
      "Conv",
      "Relu",
      "MaxPool",
      "Relu",
    ]);
    const convs = nodes.filter((n) => n.opType === "Conv");
    const producer = (name: string) => nodes.find((n) => n.output?.includes(name))?.opType;
    expect(producer(convs[0].input![0])).toBe("Transpose"); // float input
    expect(convs.slice(1).map((c) => producer(c.input![0]))).toEqual(["DequantizeLinear", "DequantizeLinear"]);
    // a range below zero has no guard: a Relu there would change the values
    const signed = await nodesOf(
      DEFAULT_CONFIG,
      ranges.map((r, i) => (i === 1 ? ([-1, 4] as const) : r)),
    );
    const signedOps = signed.map((n) => n.opType);
    expect(signedOps.slice(0, signedOps.indexOf("QuantizeLinear")).filter((op) => op === "Relu")).toHaveLength(1);
  });
});
