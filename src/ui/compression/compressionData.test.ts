import { describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import type { LatencyStats } from "../../core/compress/measure.ts";
import { subsetAccuracy } from "../../core/compress/estimate.ts";
import type { BackendLatency, SweepResult, VariantReport } from "../../core/compress/report.ts";
import {
  bitsTick,
  layerSparsitySource,
  paretoFront,
  sweepBitsPoints,
  sweepPointCount,
  sweepSparsityPoints,
  toBitsPoints,
  toLatencyPoints,
  toSensitivitySeries,
  toSizeBars,
  toSparsityPoints,
} from "./chartPoints.ts";
import {
  currentLatency,
  formatDeltaPoints,
  formatKB,
  labRows,
  largeBatchLatency,
  otherLatencies,
  runsNote,
  smallBatchLatency,
  withPruningMethod,
  withSparsityPercent,
  withWeightBits,
} from "./compressionData.ts";

const stats = (batch: number, p50Ms: number, timedRuns = 50): LatencyStats => ({
  batch,
  warmupRuns: 10,
  timedRuns,
  firstMs: p50Ms * 5,
  p50Ms,
  p95Ms: p50Ms * 1.2,
  minMs: p50Ms * 0.9,
  budgetHit: false,
});
const backend = (name: string, current: boolean, batch1: number, batch256?: number): BackendLatency => ({
  backend: name,
  device: "test",
  current,
  stats: batch256 === undefined ? [stats(1, batch1)] : [stats(1, batch1), stats(256, batch256)],
  note: null,
});

function report(
  id: number,
  spec: CompressionSpec | null,
  accuracy: number,
  latency: BackendLatency[],
  extra: Partial<VariantReport> = {},
): VariantReport {
  return {
    id,
    label: spec ? `variant ${id}` : "Baseline",
    spec,
    accuracy,
    testCount: 10_000,
    subset: subsetAccuracy(Math.round(accuracy * 1000), 1000),
    loss: 0.1,
    accuracyDelta: 0,
    sizes: { float32Bytes: 4096, float32GzipBytes: 3800, packedBytes: 2048, packedGzipBytes: 1500 },
    totalParams: 1000,
    nonZeroParams: 500,
    kernelSparsity: 0.5,
    weightBits: 8,
    macs: 1e6,
    latency,
    layerSparsity: [["conv/kernel", 0.5]],
    filters: [[0, 8, 8]],
    simulated: [],
    real: [],
    ...extra,
  };
}

const baseline = report(-1, null, 0.98, [backend("WASM", true, 2, 100)], { kernelSparsity: 0.001, weightBits: 32 });
const fast = report(1, DEFAULT_COMPRESSION, 0.95, [backend("WebGL", false, 9), backend("WASM", true, 1, 60)], {
  kernelSparsity: 0.8,
});
const slowWorse = report(2, DEFAULT_COMPRESSION, 0.9, [backend("WASM", true, 3, 120)], {
  kernelSparsity: 0.3,
  weightBits: 4,
});
const live = report(-2, DEFAULT_COMPRESSION, 0.97, [backend("WASM", true, 1.5)], {
  kernelSparsity: 0.6,
  weightBits: 16,
});

describe("spec edits", () => {
  it("switching to filter pruning clamps the sparsity to 90%", () => {
    const pruning = { ...DEFAULT_COMPRESSION.pruning, sparsity: 0.95 };
    expect(withPruningMethod(pruning, "filters")).toMatchObject({ method: "filters", sparsity: 0.9 });
    expect(withPruningMethod(pruning, "magnitude")).toMatchObject({ method: "magnitude", sparsity: 0.95 });
  });

  it("a slider percent is rounded and clamped to the method's maximum", () => {
    const filters = { ...DEFAULT_COMPRESSION.pruning, method: "filters" as const };
    expect(withSparsityPercent(filters, 95).sparsity).toBe(0.9);
    expect(withSparsityPercent(DEFAULT_COMPRESSION.pruning, 35).sparsity).toBe(0.35);
    expect(withSparsityPercent(DEFAULT_COMPRESSION.pruning, -5).sparsity).toBe(0);
  });

  it("weight bits come from the select's value", () => {
    expect(withWeightBits(DEFAULT_COMPRESSION.quantization, "16").weightBits).toBe(16);
    expect(withWeightBits(DEFAULT_COMPRESSION.quantization, "2").weightBits).toBe(2);
  });
});

describe("formatting and latency", () => {
  it("formats deltas and KB", () => {
    expect(formatDeltaPoints(-0.43)).toBe("−0.4 pt");
    expect(formatDeltaPoints(0.01)).toBe("±0.0 pt");
    expect(formatKB(86528)).toBe("84.5");
    expect(formatKB(2048 * 1024)).toBe("2,048.0");
  });

  it("reads the current backend's batch 1 and 256, and lists the others apart", () => {
    expect(currentLatency(fast)?.backend).toBe("WASM");
    expect(otherLatencies(fast).map((l) => l.backend)).toEqual(["WebGL"]);
    expect(smallBatchLatency(fast)?.p50Ms).toBe(1);
    expect(largeBatchLatency(fast)?.p50Ms).toBe(60);
    expect(largeBatchLatency(live)).toBeUndefined();
  });

  it("says how many runs when fewer than 50 ran or a budget cut them short", () => {
    expect(runsNote(stats(1, 1))).toBe("");
    expect(runsNote(stats(256, 1, 12))).toBe("(12 runs)");
    expect(runsNote({ ...stats(256, 1), budgetHit: true })).toBe("(50 runs)");
  });
});

describe("rows and chart points", () => {
  const rows = labRows([baseline, fast, slowWorse], live);

  it("names the rows: baseline, V1, V2, then the live settings", () => {
    expect(rows.map((r) => r.name)).toEqual(["Baseline", "V1", "V2", "Current"]);
    expect(rows.map((r) => r.rowName)).toEqual(["Baseline", "variant 1", "variant 2", "Current settings: variant -2"]);
  });

  it("plots batch-1 p50 on the current backend and draws the Pareto front", () => {
    const points = toLatencyPoints(rows);
    expect(points.map((p) => p.latencyMs)).toEqual([2, 1, 3, 1.5]);
    expect(paretoFront(points).map((p) => p.name)).toEqual(["V1", "Current", "Baseline"]);
  });

  it("puts the baseline at 0% sparsity and 32 bits, and the current point even without a sweep", () => {
    expect(toSparsityPoints(rows).map((p) => [p.name, p.sparsity])).toEqual([
      ["Baseline", 0],
      ["V2", 0.3],
      ["Current", 0.6],
      ["V1", 0.8],
    ]);
    expect(toBitsPoints(rows).map((p) => [p.name, p.bits, p.bitsLog])).toEqual([
      ["Baseline", 32, 5],
      ["V1", 8, 3],
      ["V2", 4, 2],
      ["Current", 16, 4],
    ]);
    expect(sweepSparsityPoints(null)).toEqual([]);
    expect(bitsTick(3)).toBe("8");
  });

  it("sizes every row and shows the live row's layers", () => {
    expect(toSizeBars(rows).map((b) => b.name)).toEqual(["Baseline", "V1", "V2", "Current"]);
    expect(layerSparsitySource(rows)?.report).toBe(live);
    expect(layerSparsitySource(labRows([baseline, fast], null))?.report).toBe(fast);
    expect(layerSparsitySource([])).toBeNull();
  });

  it("turns a sweep into sorted curves and one sensitivity line per layer", () => {
    const point = (kernelSparsity: number, weightBits: number, accuracy: number) => ({
      label: "p",
      spec: DEFAULT_COMPRESSION,
      accuracy,
      kernelSparsity,
      weightBits,
      packedBytes: 1,
      packedGzipBytes: 1,
    });
    const sweep: SweepResult = {
      baselineAccuracy: 0.98,
      testCount: 1000,
      backend: "WASM",
      cancelled: false,
      plannedPoints: 13,
      sparsity: [point(0.9, 32, 0.5), point(0.5, 32, 0.97)],
      bits: [point(0, 2, 0.3), point(0, 16, 0.98), point(0, 8, 0.97)],
      sensitivity: [
        { layer: "a", sparsity: 0.9, accuracy: 0.6 },
        { layer: "b", sparsity: 0.5, accuracy: 0.9 },
        { layer: "a", sparsity: 0.5, accuracy: 0.95 },
      ],
    };
    expect(sweepSparsityPoints(sweep).map((p) => p.sparsity)).toEqual([0.5, 0.9]);
    expect(sweepPointCount(sweep)).toBe(8);
    expect(sweepBitsPoints(sweep).map((p) => p.bits)).toEqual([16, 8, 2]);
    expect(toSensitivitySeries(sweep.sensitivity).map((s) => [s.layer, s.points.map((p) => p.sparsity)])).toEqual([
      ["a", [0.5, 0.9]],
      ["b", [0.5]],
    ]);
  });
});
