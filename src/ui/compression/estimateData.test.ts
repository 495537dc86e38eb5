import { describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION } from "../../config/compression.ts";
import { subsetAccuracy } from "../../core/compress/estimate.ts";
import type { BackendLatency, VariantEstimate } from "../../core/compress/report.ts";
import { estimatePoints, estimateSummary, estimateView, intervalPoints } from "./estimateData.ts";

const timing = (p50Ms: number, timedRuns: number): BackendLatency => ({
  backend: "WASM",
  device: "WebAssembly SIMD, 1 thread",
  current: true,
  stats: [
    { batch: 1, warmupRuns: 2, timedRuns, firstMs: 9, p50Ms, p95Ms: p50Ms * 1.5, minMs: p50Ms, budgetHit: false },
  ],
  note: null,
});
const spec = { ...DEFAULT_COMPRESSION, pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true } };
const estimate: VariantEstimate = {
  label: "50% magnitude",
  spec,
  subset: subsetAccuracy(964, 1000),
  testCount: 10_000,
  totalParams: 163_850,
  nonZeroParams: 82_000,
  kernelSparsity: 0.5,
  weightBits: 32,
  macs: 3_160_000,
  latency: [timing(1.5, 10)],
  layerSparsity: [],
  filters: [],
};
const baseline = { subset: subsetAccuracy(981, 1000), latency: [timing(1.4, 50)] };

describe("the live row's first estimate, as the lab shows it", () => {
  it("says in words that it is an estimate, on how many images, with its interval and the method", () => {
    const view = estimateView(estimate, baseline, true);
    expect(view.rowName).toBe("Current settings (estimate): 50% magnitude");
    expect(view.accuracyText).toBe("96.4%");
    expect(intervalPoints(estimate.subset)).toMatch(/^±1\.\d pt$/);
    expect(view.summaryText).toBe(`estimate: 1,000 images, 95% interval ${intervalPoints(estimate.subset)}`);
    expect(estimateSummary(estimate.subset)).toBe(view.summaryText);
    expect(view.intervalText).toMatch(/^Accuracy on 1,000 of the 10,000 test images \(100 per class, /);
    expect(view.intervalText).toMatch(/; 95% Wilson score interval: 95\.\d–97\.\d%\.$/);
    expect(view.runsText).toBe("short run: 2 warm-up + 10 timed runs");
    expect(view.refineText).toMatch(/Refining: accuracy on all 10,000 test images/);
    expect(estimateView(estimate, baseline, false).refineText).toMatch(/^Not refined/);
  });

  it("compares with the baseline on the same images, never with its full-set accuracy", () => {
    const view = estimateView(estimate, baseline, true);
    expect(view.deltaText).toBe("−1.7 pt");
    expect(view.baselineText).toBe("The baseline scores 98.1% on the same 1,000 images.");
    const otherSubset = { subset: subsetAccuracy(490, 500), latency: [] };
    expect(estimateView(estimate, otherSubset, true).deltaText).toBeNull();
    expect(estimateView(estimate, undefined, true).baselineText).toBeNull();
  });

  it("charts the estimate and the baseline on the same images with their intervals as error bars", () => {
    expect(estimatePoints(null, baseline)).toEqual([]);
    const [current, base] = estimatePoints(estimate, baseline);
    expect(current).toMatchObject({ name: "Current (estimate)", kind: "estimate", latencyMs: 1.5, sparsity: 0.5 });
    expect(current.label).toContain("estimate: 1,000 images");
    expect(current.accuracy - current.error[0]).toBeCloseTo(estimate.subset.low, 12);
    expect(current.accuracy + current.error[1]).toBeCloseTo(estimate.subset.high, 12);
    expect(base).toMatchObject({ name: "Baseline (same images)", accuracy: 0.981, latencyMs: 1.4, bits: 32 });
  });
});
