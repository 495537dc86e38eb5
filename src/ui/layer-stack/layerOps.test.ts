import { describe, expect, it } from "vitest";
import { NEW_LAYER, PRESETS } from "../../config/presets.ts";
import type { LayerConfig, LayerKind } from "../../config/schema.ts";
import { inferShapes } from "../../core/model/inferShapes.ts";
import { insertLayer, insertionIndex } from "./layerOps.ts";

const seed = PRESETS.seed.config.layers; // conv, pool, conv, pool, conv, pool, flatten (6), dense (7)
const tiny = PRESETS.tiny.config.layers; // conv, pool, conv, pool, flatten (4)
const kinds = (layers: readonly LayerConfig[]) => layers.map((l) => l.kind);
const isValid = (layers: readonly LayerConfig[]) => inferShapes([...layers], [28, 28, 1], 10).error === null;

describe("insertLayer: a new layer goes where its input suits it", () => {
  it("puts conv, pool, batch norm and dropout before the Flatten, so the Seed CNN stays valid", () => {
    for (const kind of ["conv2d", "separableConv2d", "maxPool2d", "avgPool2d", "batchNorm", "dropout"] as const) {
      const { layers, focusIndex } = insertLayer(seed, kind);
      expect(focusIndex, kind).toBe(6);
      expect(layers[6]).toEqual(NEW_LAYER[kind]);
      expect(kinds(layers).slice(7)).toEqual(["flatten", "dense"]);
      // the 3×3 maps left after three pools take a 'same' conv, but not another 2×2 pool: only check what fits
      if (kind !== "maxPool2d" && kind !== "avgPool2d") expect(isValid(layers), kind).toBe(true);
    }
  });

  it("appends a Dense after the Flatten (at the end)", () => {
    expect(insertionIndex(seed, "dense")).toBe(8);
    expect(insertionIndex(tiny, "dense")).toBe(5);
    expect(isValid(insertLayer(tiny, "dense").layers)).toBe(true);
  });

  it("puts a conv before global average pooling too", () => {
    const gap: LayerConfig[] = [{ ...NEW_LAYER.conv2d }, { kind: "globalAvgPool2d" }, { ...NEW_LAYER.dense }];
    expect(insertionIndex(gap, "conv2d")).toBe(1);
    expect(insertionIndex(gap, "dense")).toBe(3);
  });

  it("appends when there is no Flatten yet, and puts a Flatten before a Dense that lacks one", () => {
    const convs: LayerConfig[] = [{ ...NEW_LAYER.conv2d }, { ...NEW_LAYER.maxPool2d }];
    expect(insertionIndex(convs, "conv2d")).toBe(2);
    expect(insertionIndex(convs, "flatten")).toBe(2);
    const noFlatten: LayerConfig[] = [...convs, { ...NEW_LAYER.dense }];
    expect(insertionIndex(noFlatten, "flatten")).toBe(2);
    expect(isValid(insertLayer(noFlatten, "flatten").layers)).toBe(true);
    expect(insertionIndex(noFlatten, "conv2d")).toBe(2);
    expect(insertionIndex([], "conv2d")).toBe(0);
  });

  it("goes right after the focused card when that place is valid for the kind", () => {
    expect(insertionIndex(seed, "conv2d", 0)).toBe(1);
    expect(insertionIndex(seed, "dropout", 7)).toBe(8); // dropout works on flat vectors too
    expect(insertionIndex(seed, "dense", 6)).toBe(7);
    expect(insertionIndex(seed, "batchNorm", 2)).toBe(3);
  });

  it("ignores a focused card where the kind would be invalid (a conv after the Dense, a Dense among the convs)", () => {
    expect(insertionIndex(seed, "conv2d", 7)).toBe(6);
    expect(insertionIndex(seed, "conv2d", 6)).toBe(6);
    expect(insertionIndex(seed, "dense", 2)).toBe(8);
    expect(insertionIndex(seed, "conv2d", 99)).toBe(6);
  });

  it("leaves the input unchanged and gives each insert a fresh layer object", () => {
    const before = JSON.stringify(seed);
    const a = insertLayer(seed, "conv2d").layers[6];
    const b = insertLayer(seed, "conv2d").layers[6];
    expect(JSON.stringify(seed)).toBe(before);
    expect(a).not.toBe(b);
    expect(a).not.toBe(NEW_LAYER.conv2d);
  });

  it("still places every kind somewhere in range", () => {
    for (const kind of Object.keys(NEW_LAYER) as LayerKind[]) {
      const at = insertionIndex(seed, kind);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThanOrEqual(seed.length);
    }
  });
});
