import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { LayerConfig } from "../../config/schema.ts";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";
import { filterCounts, liveChannels } from "./filterCounts.ts";
import { weightInfos } from "./modelWeights.ts";

const conv = (filters: number): LayerConfig => ({
  kind: "conv2d",
  filters,
  kernelSize: 3,
  stride: 1,
  padding: "valid",
  activation: "relu",
});
const layers: LayerConfig[] = [
  conv(8),
  { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
  { kind: "separableConv2d", filters: 6, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
  { kind: "flatten" },
  { kind: "dense", units: 16, activation: "relu" },
];
const input: Shape = [12, 12, 1];
const baseline = inferShapes(layers, input, 10);

/** Weights shaped like weightInfos() describes them, every value 1, except `zero` (name → channels zeroed). */
function fakeWeights(model: tf.LayersModel, zero: Record<string, number[]> = {}) {
  const infos = weightInfos(model);
  const weights = infos.map((info) => {
    const out = info.shape[info.shape.length - 1];
    const values = new Float32Array(info.shape.reduce((a, b) => a * b, 1)).fill(1);
    for (const c of zero[info.name] ?? []) for (let i = c; i < values.length; i += out) values[i] = 0;
    return values;
  });
  return { infos, weights };
}

describe("filterCounts", () => {
  it("counts output channels with a non-zero weight", () => {
    // 2 channels: channel 1 is all zeros
    expect(liveChannels(new Float32Array([1, 0, 0, 0, 2, 0]), 2)).toBe(1);
    expect(liveChannels(new Float32Array([0, 0, 0, 0]), 2)).toBe(0);
  });

  it("gives the baseline kept = total for conv, separable conv and dense only", () => {
    expect(filterCounts(layers, baseline, null)).toEqual([
      [0, 8, 8],
      [2, 6, 6],
      [4, 16, 16],
    ]);
  });

  it("counts a structured (smaller) variant's channels against the baseline's", () => {
    const small: LayerConfig[] = layers.map((l) =>
      l.kind === "conv2d" ? { ...l, filters: 4 } : l.kind === "dense" ? { ...l, units: 8 } : l,
    );
    const model = buildModel({ ...DEFAULT_CONFIG, layers: small }, input, 10);
    try {
      const { infos, weights } = fakeWeights(model);
      const counts = filterCounts(layers, baseline, { stats: inferShapes(small, input, 10), infos, weights });
      expect(counts).toEqual([
        [0, 4, 8],
        [2, 6, 6],
        [4, 8, 16],
      ]);
    } finally {
      disposeModel(model);
    }
  });

  it("counts filters zeroed in place, the separable conv by its pointwise kernel", () => {
    const model = buildModel({ ...DEFAULT_CONFIG, layers }, input, 10);
    try {
      const { infos, weights } = fakeWeights(model, {
        "layer1_conv2d/kernel": [0, 3],
        // a zeroed depthwise channel removes no output filter; the pointwise kernel's outputs do
        "layer3_separableConv2d/depthwise_kernel": [1],
        "layer3_separableConv2d/pointwise_kernel": [5],
      });
      expect(infos.map((i) => i.name)).toContain("layer3_separableConv2d/pointwise_kernel");
      const counts = filterCounts(layers, baseline, { stats: baseline, infos, weights });
      expect(counts).toEqual([
        [0, 6, 8],
        [2, 5, 6],
        [4, 16, 16],
      ]);
    } finally {
      disposeModel(model);
    }
  });
});
