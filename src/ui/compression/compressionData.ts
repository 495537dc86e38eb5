// Pure helpers of the compression lab: formatting and chart points derived from the variant reports.
import type { LatencyStats } from "../../core/compress/measure.ts";
import type { VariantReport } from "../../core/compress/report.ts";

/** The large batch that the lab reports next to batch 1. */
export const LARGE_BATCH = 256;

/** Height of every compression chart, in pixels; their width follows the panel. */
export const LAB_CHART_HEIGHT = 240;
export const LAB_TICK = { fontSize: 12 } as const;
export const LAB_MARGIN = { top: 8, right: 12, bottom: 8, left: 0 } as const;

/** Colors of the compression charts (SVG attributes get plain values; match tokens.css). */
export const LAB_COLORS = {
  variant: "#1d4ed8",
  baseline: "#c2410c",
  front: "#067647",
  float32: "#aeb7c6",
  packed: "#1d4ed8",
  gzip: "#067647",
  grid: "#e3e7ee",
  axis: "#5b6474",
} as const;

/** Milliseconds with 2 decimals below 10 ms, 1 below 100 ms, none above, e.g. 3.456 → "3.46". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** Accuracy change in percentage points with a true minus sign, e.g. -0.43 → "−0.4 pt". */
export function formatDeltaPoints(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  if (rounded === 0) return "±0.0 pt";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toFixed(1)} pt`;
}

/** Fraction of all parameters that are zero: 1 − nonZeroParams / totalParams. */
export function overallSparsity(report: Pick<VariantReport, "nonZeroParams" | "totalParams">): number {
  return report.totalParams > 0 ? 1 - report.nonZeroParams / report.totalParams : 0;
}

/** Batch-1 timing of a report, if measured. */
export function smallBatchLatency(report: Pick<VariantReport, "latency">): LatencyStats | undefined {
  return report.latency.find((l) => l.batch === 1);
}

/** Batch-256 timing, or the largest batch above 1 when memory forbade 256. */
export function largeBatchLatency(report: Pick<VariantReport, "latency">): LatencyStats | undefined {
  const exact = report.latency.find((l) => l.batch === LARGE_BATCH);
  if (exact) return exact;
  return report.latency.filter((l) => l.batch > 1).sort((a, b) => b.batch - a.batch)[0];
}

/** Short name used by the charts and the table: "Baseline", or "V1", "V2"… in the order of the variants. */
export function shortNames(reports: readonly Pick<VariantReport, "spec">[]): string[] {
  let n = 0;
  return reports.map((r) => (r.spec === null ? "Baseline" : `V${++n}`));
}

/** One point of the accuracy-vs-latency chart. */
export interface LatencyPoint {
  name: string;
  label: string;
  latencyMs: number;
  accuracy: number;
  baseline: boolean;
}

/** Points that no other point dominates (as fast or faster and as accurate or more, one strictly), by latency. */
export function paretoFront<T extends { latencyMs: number; accuracy: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.latencyMs - b.latencyMs || b.accuracy - a.accuracy);
  const front: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.accuracy > best) {
      front.push(p);
      best = p.accuracy;
    }
  }
  return front;
}

/** Accuracy-vs-latency points (large batch, p50); reports without that timing are left out. */
export function toLatencyPoints(reports: readonly VariantReport[]): LatencyPoint[] {
  const names = shortNames(reports);
  return reports.flatMap((r, i) => {
    const large = largeBatchLatency(r);
    return large ? [{ name: names[i], label: r.label, latencyMs: large.p50Ms, accuracy: r.accuracy, baseline: r.spec === null }] : [];
  });
}

/** One group of the model-size chart. */
export interface SizeBar {
  name: string;
  label: string;
  float32: number;
  packed: number;
  gzip: number;
}

export function toSizeBars(reports: readonly VariantReport[]): SizeBar[] {
  const names = shortNames(reports);
  return reports.map((r, i) => ({ name: names[i], label: r.label, float32: r.sizes.float32Bytes, packed: r.sizes.packedBytes, gzip: r.sizes.packedGzipBytes }));
}

/** One point of the accuracy-vs-sparsity chart. */
export interface SparsityPoint {
  name: string;
  label: string;
  sparsity: number;
  accuracy: number;
}

/** Accuracy against overall sparsity, sorted by sparsity. */
export function toSparsityPoints(reports: readonly VariantReport[]): SparsityPoint[] {
  const names = shortNames(reports);
  return reports
    .map((r, i) => ({ name: names[i], label: r.label, sparsity: overallSparsity(r), accuracy: r.accuracy }))
    .sort((a, b) => a.sparsity - b.sparsity);
}

/** One bar of the per-layer sparsity chart. */
export interface LayerBar {
  layer: string;
  sparsity: number;
}

export function toLayerBars(layerSparsity: ReadonlyArray<readonly [string, number]>): LayerBar[] {
  return layerSparsity.map(([layer, sparsity]) => ({ layer, sparsity }));
}
