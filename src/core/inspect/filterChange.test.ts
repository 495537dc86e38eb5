import { describe, expect, it } from "vitest";
import { filterChanges, mostChanged } from "./filterChange.ts";
import type { ConvKernel } from "./probe.ts";

/** A 1×1 conv kernel with 2 inputs and `values.length / 2` filters (tfjs layout: the filter is the last axis). */
const kernel = (values: number[], layerName = "layer1_conv2d"): ConvKernel => ({
  layerName,
  kind: "conv",
  shape: [1, 1, 2, values.length / 2],
  values: Float32Array.from(values),
});

describe("filterChanges", () => {
  it("gives each filter's ‖Δw‖ / ‖w‖ over all its weights, in filter order", () => {
    // filters: 0 = (3, 4) → (3, 4.5); 1 = (1, 0) → (1, 0); 2 = (0, 0) → (0, 0.2)
    const before = kernel([3, 1, 0, 4, 0, 0]);
    const after = kernel([3, 1, 0, 4.5, 0, 0.2]);
    const [c] = filterChanges([before], [after]);
    expect(c.layerName).toBe("layer1_conv2d");
    expect(c.change[0]).toBeCloseTo(0.5 / 5, 6);
    expect(c.change[1]).toBe(0);
    expect(c.change[2]).toBeCloseTo(0.2, 6); // a filter of zeros: the absolute change
  });

  it("skips layers that are missing or changed shape", () => {
    expect(filterChanges([kernel([1, 2])], [kernel([1, 2], "other")])).toEqual([]);
    expect(filterChanges([kernel([1, 2])], [kernel([1, 2, 3, 4])])).toEqual([]);
  });
});

describe("mostChanged", () => {
  it("keeps the top quarter (at least one), ascending, and never an unchanged filter", () => {
    expect(mostChanged([0.1, 0.5, 0.2, 0.4, 0, 0, 0, 0.3])).toEqual([1, 3]);
    expect(mostChanged([0.1, 0.2])).toEqual([1]);
    expect(mostChanged([0, 0, 0, 0])).toEqual([]);
  });
});
