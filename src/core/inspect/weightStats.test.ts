import { describe, expect, it } from "vitest";
import { createRng } from "../random.ts";
import {
  channelSlices,
  divergingColor,
  divergingRgba,
  filterTiles,
  grayscaleRgba,
  weightHistogram,
} from "./weightStats.ts";

describe("weightHistogram", () => {
  it("bins symmetrically around 0 and counts exact zeros", () => {
    const values = Float32Array.from([-2, -1, 0, 0, -0, 0.01, 1, 2]);
    const h = weightHistogram(values, 5);
    expect(h.edges).toEqual([-2, -1.2, -0.4, 0.4, 1.2, 2]);
    h.edges.forEach((e, i) => expect(e).toBe(-h.edges[h.edges.length - 1 - i] || 0));
    expect(h.counts).toEqual([1, 1, 4, 1, 1]);
    expect(h.zeros).toBe(3);
    expect(h.total).toBe(8);
    expect(h.min).toBe(-2);
    expect(h.max).toBe(2);
    expect(h.distinctValues).toBe(6); // -0 and 0 are one value
    expect(h.distinctCapped).toBe(false);
  });

  it("centres the middle bin on 0 for the default 41 bins", () => {
    const random = createRng(3);
    const values = Float32Array.from({ length: 1000 }, () => (random.next() - 0.3) * 0.2);
    const h = weightHistogram(values);
    expect(h.edges.length).toBe(42);
    expect(h.counts.length).toBe(41);
    expect(h.edges[20] + h.edges[21]).toBeCloseTo(0, 12);
    expect(h.edges[0]).toBe(-h.edges[41]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it("sees the few levels of a quantized tensor and caps distinct counting", () => {
    const levels = [-0.5, -0.25, 0.25, 0.5];
    const quantized = Float32Array.from({ length: 500 }, (_, i) => levels[i % 4]);
    const h = weightHistogram(quantized);
    expect(h.distinctValues).toBe(4);
    expect(h.distinctCapped).toBe(false);
    expect(h.counts.filter((c) => c > 0).length).toBe(4);

    const dense = Float32Array.from({ length: 5000 }, (_, i) => i / 5000);
    const capped = weightHistogram(dense);
    expect(capped.distinctValues).toBe(4096);
    expect(capped.distinctCapped).toBe(true);
  });

  it("handles empty, all-zero and non-finite input without NaN edges", () => {
    for (const values of [new Float32Array(0), new Float32Array(10), Float32Array.from([Number.NaN, Infinity])]) {
      const h = weightHistogram(values, 3);
      expect(h.edges).toEqual([-1, -1 / 3, 1 / 3, 1]);
      expect(h.min).toBe(0);
      expect(h.max).toBe(0);
    }
    const zeros = weightHistogram(new Float32Array(10), 3);
    expect(zeros.counts).toEqual([0, 10, 0]);
    expect(zeros.zeros).toBe(10);
    expect(zeros.distinctValues).toBe(1);
    expect(weightHistogram(Float32Array.from([Number.NaN, 1]), 3).total).toBe(1);
  });

  it("rejects an even or non-positive bin count", () => {
    expect(() => weightHistogram(new Float32Array(4), 40)).toThrow(/odd/);
    expect(() => weightHistogram(new Float32Array(4), 0)).toThrow(/odd/);
  });
});

describe("divergingColor", () => {
  it("goes blue below 0, near-white at 0, red above, clamped", () => {
    const [r0, g0, b0] = divergingColor(0, 1);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(240);
    const [rn, , bn] = divergingColor(-0.6, 1);
    expect(bn).toBeGreaterThan(rn);
    const [rp, , bp] = divergingColor(0.6, 1);
    expect(rp).toBeGreaterThan(bp);
    expect(divergingColor(-1, 1)).toEqual([5, 48, 97]);
    expect(divergingColor(1, 1)).toEqual([103, 0, 31]);
    expect(divergingColor(-50, 1)).toEqual(divergingColor(-1, 1));
    expect(divergingColor(50, 2)).toEqual(divergingColor(2, 2));
  });

  it("interpolates between stops and gives white for maxAbs ≤ 0", () => {
    const halfway = divergingColor(0.1, 1); // midway between the 0 and +0.2 stops
    expect(halfway).toEqual([250, 233, 223]);
    for (const c of divergingColor(0.3, 1)) expect(Number.isInteger(c)).toBe(true);
    expect(divergingColor(5, 0)).toEqual([247, 247, 247]);
    expect(divergingColor(5, -1)).toEqual([247, 247, 247]);
  });
});

describe("filterTiles", () => {
  it("averages a [kh, kw, in, out] kernel over input channels into one tile per filter", () => {
    // shape [1, 2, 2, 2]; order: x, then input channel, then output filter
    const kernel = Float32Array.from([1, -2, 3, -4, 5, 6, 7, -8]);
    const { tiles, maxAbs } = filterTiles(kernel, [1, 2, 2, 2]);
    expect(tiles.map((t) => Array.from(t))).toEqual([
      [2, 6],
      [-3, -1],
    ]);
    expect(maxAbs).toBe(6);
  });

  it("keeps the row-major kh×kw layout of each tile", () => {
    // [2, 2, 1, 1]: single channel, tile equals the kernel
    const { tiles } = filterTiles(Float32Array.from([1, 2, 3, 4]), [2, 2, 1, 1]);
    expect(Array.from(tiles[0])).toEqual([1, 2, 3, 4]);
    expect(() => filterTiles(new Float32Array(5), [2, 2, 1, 1])).toThrow(/needs 4 values, got 5/);
  });
});

describe("channelSlices", () => {
  it("slices channels-last activations in channel order, up to maxChannels", () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i); // [2, 2, 3]
    const { slices, min, max } = channelSlices(data, [2, 2, 3], 2);
    expect(slices.map((s) => Array.from(s))).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7, 10],
    ]);
    expect(min).toBe(0);
    expect(max).toBe(10);
    expect(channelSlices(data, [2, 2, 3], 10).slices.length).toBe(3);
    expect(channelSlices(data, [2, 2, 3], 0)).toEqual({ slices: [], min: 0, max: 0 });
    expect(() => channelSlices(data, [2, 2, 2], 2)).toThrow(/needs 8 values/);
  });
});

describe("RGBA conversion", () => {
  it("maps grey levels from min to max, opaque", () => {
    const rgba = grayscaleRgba(Float32Array.from([-1, 0, 1, 3]), -1, 1);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    expect(Array.from(grayscaleRgba(Float32Array.from([2]), 2, 2))).toEqual([0, 0, 0, 255]);
  });

  it("colours with the diverging scale, opaque", () => {
    const rgba = divergingRgba(Float32Array.from([-1, 0, 1]), 1);
    expect(Array.from(rgba)).toEqual([5, 48, 97, 255, 247, 247, 247, 255, 103, 0, 31, 255]);
  });
});
