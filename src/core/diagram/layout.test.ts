import { describe, expect, it } from "vitest";
import { PRESETS } from "../../config/presets.ts";
import type { LayerConfig } from "../../config/schema.ts";
import { inferShapes } from "../model/inferShapes.ts";
import { activationOf, barSize, blockName, blockSize, channelSize, diagramLayout, spatialSize } from "./layout.ts";

const INPUT = [28, 28, 1] as const;
const layout = (layers: LayerConfig[], thumbs = false) =>
  diagramLayout(layers, inferShapes(layers, [...INPUT], 10), [...INPUT], 10, thumbs);
const volume = (b: { w: number; h: number; dx: number }) => b.w * b.h * Math.max(1, b.dx);

describe("diagram sizes", () => {
  it("grow with the spatial size, the channel count and the vector length, within bounds", () => {
    const sizes = [1, 2, 4, 7, 14, 28, 64, 256, 4096];
    for (const scale of [spatialSize, channelSize, barSize]) {
      const values = sizes.map(scale);
      values.slice(1).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(values[i]));
      expect(values[4]).toBeGreaterThan(values[1]); // not flat in the usual range
      expect(Math.min(...values)).toBeGreaterThanOrEqual(4);
      expect(Math.max(...values)).toBeLessThanOrEqual(150);
    }
  });

  it("boxes are monotone in each tensor dimension; vectors are bars", () => {
    const shapes: [number, number, number][] = [
      [7, 7, 8],
      [14, 14, 8],
      [14, 14, 32],
      [28, 28, 32],
    ];
    const volumes = shapes.map((s) => volume(blockSize(s)));
    volumes.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(volumes[i]));
    expect(blockSize([3136]).form).toBe("bar");
    expect(blockSize([3136]).h).toBeGreaterThan(blockSize([10]).h);
  });
});

describe("diagramLayout", () => {
  it("draws the input, every layer once and the head, in order, without overlaps", () => {
    const layers = PRESETS.seed.config.layers as LayerConfig[];
    const { blocks, width, height } = layout(layers);
    expect(blocks.map((b) => b.index)).toEqual([-1, ...layers.map((_, i) => i), layers.length]);
    expect(blocks.at(-1)!.role).toBe("head");
    for (const [i, b] of blocks.entries()) {
      expect(b.x).toBeGreaterThanOrEqual(b.slotX);
      expect(b.x + b.w + b.dx).toBeLessThanOrEqual(b.slotX + b.slotW);
      expect(b.y - b.dy).toBeGreaterThanOrEqual(0);
      expect(b.y + b.h).toBeLessThanOrEqual(height);
      if (i > 0) expect(b.slotX).toBeGreaterThanOrEqual(blocks[i - 1].slotX + blocks[i - 1].slotW);
    }
    expect(blocks.at(-1)!.slotX + blocks.at(-1)!.slotW).toBeLessThanOrEqual(width);
    expect(blockName(blocks[1])).toBe("Layer 1: Conv2D 26×26×32");
    expect(blocks.find((b) => b.label === "Flatten")!.form).toBe("bar");
    expect(blockName(blocks.at(-1)!)).toBe("Output: Dense 10 + softmax 10");
    expect(blocks.some((b) => b.invalid || b.unknown)).toBe(false);
  });

  it("flags the first invalid layer and leaves later layers without a shape", () => {
    const layers: LayerConfig[] = [
      { kind: "flatten" },
      { kind: "conv2d", filters: 8, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
      { kind: "dense", units: 16, activation: "relu" },
    ];
    const { blocks } = layout(layers);
    expect(blocks.filter((b) => b.invalid).map((b) => b.index)).toEqual([1]);
    expect(blocks.filter((b) => b.unknown).map((b) => b.index)).toEqual([1, 2, 3]);
    expect(blockName(blocks[2])).toBe("Layer 2: Conv2D invalid");
    expect(blockName(blocks[3])).toBe("Layer 3: Dense not computed");
  });

  it("reserves a thumbnail row only when asked", () => {
    const layers = PRESETS.seed.config.layers as LayerConfig[];
    expect(layout(layers, true).height).toBeGreaterThan(layout(layers).height);
  });
});

describe("activationOf", () => {
  it("finds a layer's activated output by the builder's names, and the head's", () => {
    const acts = ["layer1_conv2d", "layer1_conv2d_leaky", "layer2_maxPool2d", "layer12_dense", "output"].map(
      (layerName) => ({ layerName }),
    );
    expect(activationOf(acts, 0, 12)?.layerName).toBe("layer1_conv2d_leaky");
    expect(activationOf(acts, 1, 12)?.layerName).toBe("layer2_maxPool2d");
    expect(activationOf(acts, 11, 12)?.layerName).toBe("layer12_dense");
    expect(activationOf(acts, 12, 12)?.layerName).toBe("output");
    expect(activationOf(acts, 4, 12)).toBeNull();
  });
});

describe("a compressed variant's removed filters", () => {
  const layers: LayerConfig[] = [
    { kind: "conv2d", filters: 32, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
    { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
    { kind: "flatten" },
    { kind: "dense", units: 64, activation: "relu" },
  ];
  const stats = inferShapes(layers, [...INPUT], 10);
  const removed = new Map([
    [0, { kept: 16, total: 32 }],
    [3, { kept: 48, total: 64 }],
  ]);
  const plain = diagramLayout(layers, stats, [...INPUT], 10);
  const cut = diagramLayout(layers, stats, [...INPUT], 10, false, removed);

  it("keeps every block's full size and splits the box's width and the bar's height", () => {
    cut.blocks.forEach((b, i) =>
      expect({ ...b, removed: undefined }).toEqual({ ...plain.blocks[i], removed: undefined }),
    );
    const conv = cut.blocks[1];
    expect(conv.w).toBe(channelSize(32));
    expect(conv.removed).toMatchObject({ kept: 16, total: 32, unit: "filters", keptH: conv.h });
    expect(conv.removed?.keptW).toBeCloseTo(conv.w / 2);
    const dense = cut.blocks[4];
    expect(dense.removed).toMatchObject({ kept: 48, total: 64, unit: "units", keptW: dense.w });
    expect(dense.removed?.keptH).toBeCloseTo(dense.h * 0.75);
  });

  it("passes the ratio through a pool (same channels), not through Flatten or to the head", () => {
    expect(cut.blocks[2].removed).toMatchObject({ kept: 16, total: 32, unit: "channels" });
    expect(cut.blocks[2].removed?.keptW).toBeCloseTo(cut.blocks[2].w / 2);
    expect(cut.blocks[3].removed).toBeUndefined();
    expect(cut.blocks[5].removed).toBeUndefined();
  });

  it("names what was removed", () => {
    expect(cut.blocks.map(blockName)).toEqual([
      "Input 28×28×1",
      "Layer 1: Conv2D 26×26×32, 16 of 32 filters removed",
      "Layer 2: MaxPool2D 13×13×32, 16 of 32 channels removed",
      "Layer 3: Flatten 5408",
      "Layer 4: Dense 64, 16 of 64 units removed",
      "Output: Dense 10 + softmax 10",
    ]);
  });

  it("changes nothing without removals (absent, or kept = total)", () => {
    const none = diagramLayout(layers, stats, [...INPUT], 10, false, new Map([[0, { kept: 32, total: 32 }]]));
    expect(none).toEqual(plain);
    expect(plain.blocks.every((b) => b.removed === undefined)).toBe(true);
    expect(blockName(plain.blocks[1])).toBe("Layer 1: Conv2D 26×26×32");
  });
});
