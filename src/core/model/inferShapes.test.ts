import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ExperimentConfig, type LayerConfig } from "../../config/schema.ts";
import { DEFAULT_CONFIG, PRESET_IDS, applyPreset } from "../../config/presets.ts";
import { createRng } from "../random.ts";
import { buildModel, disposeModel } from "./buildModel.ts";
import { inferShapes } from "./inferShapes.ts";

const MNIST: [number, number, number] = [28, 28, 1];

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function tfCounts(config: ExperimentConfig) {
  const model = buildModel(config, MNIST, 10);
  try {
    // tf output shapes without the batch dimension, one per tf layer
    return { params: model.countParams(), outputShape: (model.outputs[0].shape as number[]).slice(1) };
  } finally {
    disposeModel(model);
  }
}

describe("inferShapes", () => {
  it("gives the seed model's known shapes, parameters and MACs", () => {
    const stats = inferShapes(DEFAULT_CONFIG.layers, MNIST, 10);
    expect(stats.error).toBeNull();
    expect(stats.totalParams).toBe(163_850);
    expect(stats.totalMacs).toBe(3_159_168);
    expect(stats.layers.map((l) => l.outputShape)).toEqual([
      [26, 26, 32],
      [13, 13, 32],
      [11, 11, 64],
      [5, 5, 64],
      [3, 3, 128],
      [1, 1, 128],
      [128],
      [512],
      [10],
    ]);
  });

  it.each(PRESET_IDS)("equals tfjs countParams for preset %s", (presetId) => {
    const config = applyPreset(DEFAULT_CONFIG, presetId);
    expect(ExperimentConfig.safeParse(config).success).toBe(true);
    const stats = inferShapes(config.layers, MNIST, 10);
    expect(stats.error).toBeNull();
    expect(stats.totalParams).toBe(tfCounts(config).params);
  });

  it("equals tfjs countParams and per-layer shapes for 60 random valid stacks", () => {
    const rng = createRng(7);
    const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
    let checked = 0;
    while (checked < 60) {
      const layers: LayerConfig[] = [];
      const n = 1 + rng.int(6);
      for (let i = 0; i < n; i++) {
        const kind = pick([
          "conv2d",
          "separableConv2d",
          "depthwiseConv2d",
          "maxPool2d",
          "avgPool2d",
          "batchNorm",
          "dropout",
        ] as const);
        if (kind === "depthwiseConv2d") {
          layers.push({
            kind,
            kernelSize: 1 + rng.int(5),
            stride: 1 + rng.int(3),
            padding: pick(["same", "valid"] as const),
            activation: "relu",
          });
        } else if (kind === "conv2d" || kind === "separableConv2d") {
          layers.push({
            kind,
            filters: 1 + rng.int(12),
            kernelSize: 1 + rng.int(5),
            stride: 1 + rng.int(3),
            padding: pick(["same", "valid"] as const),
            activation: pick(["relu", "leakyRelu", "elu", "tanh", "sigmoid", "linear"] as const),
          });
        } else if (kind === "maxPool2d" || kind === "avgPool2d") {
          layers.push({
            kind,
            poolSize: 2 + rng.int(3),
            stride: 1 + rng.int(4),
            padding: pick(["same", "valid"] as const),
          });
        } else if (kind === "dropout") {
          layers.push({ kind, rate: 0.5 });
        } else {
          layers.push({ kind });
        }
      }
      layers.push(pick([{ kind: "flatten" }, { kind: "globalAvgPool2d" }] as const));
      if (rng.next() < 0.5)
        layers.push({ kind: "dense", units: 1 + rng.int(40), activation: "relu" }, { kind: "batchNorm" });
      const stats = inferShapes(layers, MNIST, 10);
      if (stats.error) continue; // an invalid random stack; the error tests cover those
      const config = { ...DEFAULT_CONFIG, layers };
      expect(stats.totalParams, JSON.stringify(layers)).toBe(tfCounts(config).params);
      checked++;
    }
  });
});

describe("inferShapes errors", () => {
  it("names a kernel that no longer fits, on the right layer", () => {
    const layers: LayerConfig[] = [
      { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
      { kind: "flatten" },
    ];
    const stats = inferShapes(layers, MNIST, 10);
    expect(stats.error).toEqual({
      layerIndex: 5,
      message:
        "3×3 conv on a 1×1 input leaves nothing: use a smaller kernel, 'same' padding or one pooling layer fewer.",
    });
    expect(stats.layers).toHaveLength(5);
  });

  it("asks for Flatten before Dense, and at the end before the head", () => {
    const conv: LayerConfig = {
      kind: "conv2d",
      filters: 4,
      kernelSize: 3,
      stride: 1,
      padding: "same",
      activation: "relu",
    };
    const dense = inferShapes([conv, { kind: "dense", units: 8, activation: "relu" }], MNIST, 10);
    expect(dense.error?.layerIndex).toBe(1);
    expect(dense.error?.message).toMatch(/Dense needs a flat input but gets 28×28×4: add Flatten/);
    const head = inferShapes([conv], MNIST, 10);
    expect(head.error).toMatchObject({ layerIndex: 1 });
    expect(head.error?.message).toMatch(/end the stack with Flatten or GlobalAveragePooling2D/);
  });

  it("rejects conv after Flatten and a second Flatten", () => {
    const afterFlatten = inferShapes([{ kind: "flatten" }, NEW_CONV], MNIST, 10);
    expect(afterFlatten.error?.message).toMatch(/Conv2D needs an image .* flat vector of 784/);
    const twice = inferShapes([{ kind: "flatten" }, { kind: "flatten" }], MNIST, 10);
    expect(twice.error).toMatchObject({ layerIndex: 1 });
  });

  it("enforces the parameter limit", () => {
    const stats = inferShapes(
      [
        { kind: "flatten" },
        { kind: "dense", units: 1024, activation: "relu" },
        { kind: "dense", units: 1024, activation: "relu" },
        { kind: "dense", units: 1024, activation: "relu" },
        { kind: "dense", units: 1024, activation: "relu" },
        { kind: "dense", units: 1024, activation: "relu" },
      ],
      MNIST,
      10,
    );
    expect(stats.error?.layerIndex).toBe(-1);
    expect(stats.error?.message).toMatch(/parameters; the limit is 5\.0M/);
  });
});

const NEW_CONV: LayerConfig = {
  kind: "conv2d",
  filters: 4,
  kernelSize: 3,
  stride: 1,
  padding: "same",
  activation: "relu",
};
