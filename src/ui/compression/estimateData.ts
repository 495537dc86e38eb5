// Pure helpers of the live row's first estimate: the text the table shows (marked as an estimate, with its interval)
// and the chart points (with error bars), compared with the baseline's accuracy on the same subset.
import { SUBSET_PER_CLASS, halfWidthPoints } from "../../core/compress/estimate.ts";
import type { SubsetAccuracy, VariantEstimate, VariantReport } from "../../core/compress/report.ts";
import { formatInt, formatPercent } from "../format.ts";
import type { ChartPoint } from "./chartPoints.ts";
import { currentLatency, formatDeltaPoints, smallBatchStats, type TimedStats } from "./compressionData.ts";

/** How the interval is computed, as the table and the charts' help say it. */
export const INTERVAL_METHOD = "95% Wilson score interval";

/** "±0.9 pt": half the interval's width, in percentage points. */
export function intervalPoints(s: Pick<SubsetAccuracy, "low" | "high">): string {
  return `±${halfWidthPoints(s).toFixed(1)} pt`;
}

/** "estimate: 1,000 images, 95% interval ±0.9 pt". */
export function estimateSummary(s: SubsetAccuracy): string {
  return `estimate: ${formatInt(s.count)} images, 95% interval ${intervalPoints(s)}`;
}

/** "97.0–98.7%": the interval's ends. */
export function intervalRange(s: Pick<SubsetAccuracy, "low" | "high">): string {
  return `${(s.low * 100).toFixed(1)}–${formatPercent(s.high)}`;
}

/** What the table shows for the live row's estimate (plain strings and numbers). */
export interface EstimateView {
  label: string;
  /** The row's accessible name: "Current settings (estimate): " + label. */
  rowName: string;
  accuracyText: string;
  summaryText: string;
  /** Which images, and "95% Wilson score interval: 97.0–98.7%". */
  intervalText: string;
  /** Against the baseline on the same images, e.g. "−0.4 pt"; null without a baseline measured on them. */
  deltaText: string | null;
  /** "The baseline scores 98.3% on the same 1,000 images.", or null. */
  baselineText: string | null;
  nonZeroParams: number;
  totalParams: number;
  macs: number;
  /** The short batch-1 timing on the current backend, if it ran. */
  latency: TimedStats | undefined;
  /** "WASM · WebAssembly SIMD, 1 thread". */
  backend: string;
  /** "short run: 2 warm-up + 10 timed runs". */
  runsText: string;
  /** What happens next: refining to all test images, or why not. */
  refineText: string;
}

/** The table's view of an estimate; `baseline` is the baseline's report, `refining` whether its job still runs. */
export function estimateView(
  estimate: VariantEstimate,
  baseline: Pick<VariantReport, "subset"> | undefined,
  refining: boolean,
): EstimateView {
  const s = estimate.subset;
  const b = baseline?.subset;
  const current = currentLatency(estimate);
  const stats = smallBatchStats(current);
  const images = formatInt(s.count);
  return {
    label: estimate.label,
    rowName: `Current settings (estimate): ${estimate.label}`,
    accuracyText: formatPercent(s.accuracy),
    summaryText: estimateSummary(s),
    intervalText:
      `Accuracy on ${images} of the ${formatInt(estimate.testCount)} test images (${SUBSET_PER_CLASS} per class, a fixed seeded ` +
      `choice, the same for every model); ${INTERVAL_METHOD}: ${intervalRange(s)}.`,
    deltaText: b && b.count === s.count ? formatDeltaPoints((s.accuracy - b.accuracy) * 100) : null,
    baselineText:
      b && b.count === s.count
        ? `The baseline scores ${formatPercent(b.accuracy)} on the same ${images} images.`
        : null,
    nonZeroParams: estimate.nonZeroParams,
    totalParams: estimate.totalParams,
    macs: estimate.macs,
    latency: stats,
    backend: current ? (current.device ? `${current.backend} · ${current.device}` : current.backend) : "Not timed yet",
    runsText: stats ? `short run: ${stats.warmupRuns} warm-up + ${stats.timedRuns} timed runs` : "",
    refineText: refining
      ? `Refining: accuracy on all ${formatInt(estimate.testCount)} test images, sizes and full timing…`
      : `Not refined: the measurement stopped before all ${formatInt(estimate.testCount)} test images.`,
  };
}

/** An estimate on a chart: its interval as an error bar ([below, above] the accuracy). */
export interface EstimatePoint extends ChartPoint {
  kind: "estimate";
  error: [number, number];
  latencyMs: number;
  sparsity: number;
  bits: number;
  bitsLog: number;
}

const bitsLog = (bits: number) => Math.log2(Math.max(1, bits));

/**
 * The estimate and, for a like-for-like look, the baseline on the same subset, as chart points with error bars.
 * Empty without an estimate; the baseline's point needs its subset and batch-1 timing.
 */
export function estimatePoints(
  estimate: VariantEstimate | null,
  baseline: Pick<VariantReport, "subset" | "latency"> | undefined,
): EstimatePoint[] {
  if (!estimate) return [];
  const point = (
    name: string,
    label: string,
    s: SubsetAccuracy,
    latencyMs: number,
    sparsity: number,
    bits: number,
  ): EstimatePoint => ({
    name,
    label: `${label} (${estimateSummary(s)})`,
    kind: "estimate",
    accuracy: s.accuracy,
    error: [s.accuracy - s.low, s.high - s.accuracy],
    latencyMs,
    sparsity,
    bits,
    bitsLog: bitsLog(bits),
  });
  const p50 = (l: Pick<VariantReport, "latency">) => smallBatchStats(currentLatency(l))?.p50Ms ?? Number.NaN;
  const points = [
    point(
      "Current (estimate)",
      estimate.label,
      estimate.subset,
      p50(estimate),
      estimate.kernelSparsity,
      estimate.weightBits,
    ),
  ];
  if (baseline?.subset && baseline.subset.count === estimate.subset.count)
    points.push(point("Baseline (same images)", "Baseline", baseline.subset, p50(baseline), 0, 32));
  return points;
}
