// Pure helpers of the compression lab: spec edits, formatting, latency look-ups and the rows the table
// and the charts share. The points of each chart and the Pareto front live in chartPoints.ts (which imports
// from here, never the other way round, so the two never import each other).
import type { PruningSpec, QuantizationSpec } from "../../config/compression.ts";
import type { LatencyStats } from "../../core/compress/measure.ts";
import type { BackendLatency, VariantReport } from "../../core/compress/report.ts";

/** The large batch that the lab reports next to batch 1. */
export const LARGE_BATCH = 256;
/** Timed runs of a full measurement; fewer means a time budget cut it short. */
export const FULL_TIMED_RUNS = 50;
/** Highest sparsity of each pruning method, in percent (as CompressionSpec says). */
export const MAX_SPARSITY_PERCENT = { magnitude: 95, filters: 90 } as const;

/** Height of every compression chart, in pixels; their width follows the panel. */
export const LAB_CHART_HEIGHT = 240;
export const LAB_TICK = { fontSize: 12 } as const;
export const LAB_MARGIN = { top: 8, right: 12, bottom: 8, left: 0 } as const;

/** Colors of the compression charts: the theme's --chart-* variables (tokens.css, theme-dark.css). */
export const LAB_COLORS = {
  variant: "var(--chart-accuracy)",
  baseline: "var(--chart-loss)",
  current: "var(--chart-current)",
  front: "var(--chart-front)",
  sweep: "var(--chart-sweep)",
  float32: "var(--chart-float32)",
  packed: "var(--chart-accuracy)",
  gzip: "var(--chart-front)",
  grid: "var(--chart-grid)",
  axis: "var(--chart-axis)",
  /** the inside of a hollow point */
  pointFill: "var(--chart-point-fill)",
} as const;

/** Line colors of the per-layer sensitivity chart, cycled. */
export const SERIES_COLORS = [
  "var(--chart-series-1)",
  "var(--chart-series-2)",
  "var(--chart-series-3)",
  "var(--chart-series-4)",
  "var(--chart-series-5)",
  "var(--chart-series-6)",
  "var(--chart-series-7)",
  "var(--chart-series-8)",
] as const;

// ---- spec edits -------------------------------------------------------------------------------

/** Pruning with another method; filter pruning clamps the sparsity to at most 90%. */
export function withPruningMethod(pruning: PruningSpec, method: string): PruningSpec {
  if (method !== "filters") return { ...pruning, method: "magnitude" };
  return { ...pruning, method: "filters", sparsity: Math.min(pruning.sparsity, MAX_SPARSITY_PERCENT.filters / 100) };
}

/** Sparsity from a slider's percent, rounded to whole percents and clamped to the method's range. */
export function withSparsityPercent(pruning: PruningSpec, percent: number): PruningSpec {
  const max = MAX_SPARSITY_PERCENT[pruning.method];
  const clamped = Math.min(max, Math.max(0, Math.round(Number.isFinite(percent) ? percent : 0)));
  return { ...pruning, sparsity: clamped / 100 };
}

/** Quantization with the bits of a "Weight bits" select value ("16", "8", "4" or "2"; anything else is 8). */
export function withWeightBits(quantization: QuantizationSpec, value: string): QuantizationSpec {
  const bits = value === "16" ? 16 : value === "4" ? 4 : value === "2" ? 2 : 8;
  return { ...quantization, weightBits: bits };
}

// ---- formatting -------------------------------------------------------------------------------

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

const kilo = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Bytes in KB (1024) with one decimal, e.g. 86528 → "84.5". */
export function formatKB(bytes: number): string {
  return kilo.format(bytes / 1024);
}

/** Whole percent of a 0–1 fraction, e.g. 0.5 → "50%". */
export function formatWholePercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

// ---- latency ----------------------------------------------------------------------------------

/** Latency stats as measured (budgetHit: a time budget cut the runs short). */
export type TimedStats = LatencyStats & { budgetHit?: boolean };

/** The timing on the backend the model was trained on (the first one when none is marked). */
export function currentLatency(report: Pick<VariantReport, "latency">): BackendLatency | undefined {
  return report.latency.find((l) => l.current) ?? report.latency[0];
}

/** The runtime whose latency the "Accuracy vs latency" chart plots: tfjs on the current backend, or ONNX Runtime. */
export type LatencyRuntime = "tfjs" | "onnx";

/** The entry of `latency` that ONNX Runtime's timing is, when the lab timed it there. */
export const ONNX_RUNTIME = "ONNX Runtime";

/** The timing a runtime gave: tfjs's on the current backend, or ONNX Runtime's. */
export function runtimeLatency(
  report: Pick<VariantReport, "latency">,
  runtime: LatencyRuntime,
): BackendLatency | undefined {
  return runtime === "onnx" ? report.latency.find((l) => l.backend === ONNX_RUNTIME) : currentLatency(report);
}

/** The other backends' timings (when timed on every backend). */
export function otherLatencies(report: Pick<VariantReport, "latency">): BackendLatency[] {
  const current = currentLatency(report);
  return report.latency.filter((l) => l !== current);
}

/** Batch-1 timing of one backend, if measured. */
export function smallBatchStats(latency: BackendLatency | undefined): TimedStats | undefined {
  return latency?.stats.find((s) => s.batch === 1);
}

/** Batch-256 timing of one backend, or its largest batch above 1 when memory forbade 256. */
export function largeBatchStats(latency: BackendLatency | undefined): TimedStats | undefined {
  if (!latency) return undefined;
  return (
    latency.stats.find((s) => s.batch === LARGE_BATCH) ??
    latency.stats.filter((s) => s.batch > 1).sort((a, b) => b.batch - a.batch)[0]
  );
}

/** Batch-1 timing on the current backend. */
export function smallBatchLatency(report: Pick<VariantReport, "latency">): TimedStats | undefined {
  return smallBatchStats(currentLatency(report));
}

/** Large-batch timing on the current backend. */
export function largeBatchLatency(report: Pick<VariantReport, "latency">): TimedStats | undefined {
  return largeBatchStats(currentLatency(report));
}

/** "(12 runs)" when a budget cut the timed runs short or fewer than the full 50 ran, else "". */
export function runsNote(stats: TimedStats): string {
  return stats.budgetHit || stats.timedRuns < FULL_TIMED_RUNS
    ? `(${stats.timedRuns} run${stats.timedRuns === 1 ? "" : "s"})`
    : "";
}

/** "3.46 / 4.10": p50 / p95 in ms. */
export function p50p95Text(stats: LatencyStats): string {
  return `${formatMs(stats.p50Ms)} / ${formatMs(stats.p95Ms)}`;
}

/** "first 41.2 ms": the very first run, reported apart. */
export function firstRunText(stats: LatencyStats): string {
  return `first ${formatMs(stats.firstMs)} ms`;
}

/** "WASM · SIMD, 1 thread". */
export function backendText(latency: Pick<BackendLatency, "backend" | "device">): string {
  return latency.device ? `${latency.backend} · ${latency.device}` : latency.backend;
}

/** "10 warm-up + 50 runs, p50/p95", from the first stats of a backend. */
export function runsText(latency: BackendLatency | undefined): string {
  const stats = latency?.stats[0];
  if (!stats) return "Not timed.";
  return `${stats.warmupRuns} warm-up + ${stats.timedRuns} runs, p50/p95`;
}

// ---- rows shared by the table and the charts --------------------------------------------------

/** Where a row comes from: the baseline, a kept variant, or the form's settings evaluated live. */
export type RowKind = "baseline" | "variant" | "current";

/** One measured model as the lab shows it. */
export interface LabRow {
  report: VariantReport;
  kind: RowKind;
  /** Short name on chart axes and tags: "Baseline", "V1", "V2"…, "Current". */
  name: string;
  /** Accessible name of the table row: the report's label, or "Current settings: " + label. */
  rowName: string;
}

/** Short name used by the charts and the table: "Baseline", or a kept variant's V-number ("V3": its id, stable while it is kept). */
export function shortNames(reports: readonly Pick<VariantReport, "spec" | "id">[]): string[] {
  return reports.map((r) => (r.spec === null ? "Baseline" : `V${r.id}`));
}

/** Baseline and kept variants in order, then the live evaluation of the form's settings when there is one. */
export function labRows(reports: readonly VariantReport[], current: VariantReport | null): LabRow[] {
  const names = shortNames(reports);
  const rows: LabRow[] = reports.map((report, i) => ({
    report,
    kind: report.spec === null ? "baseline" : "variant",
    name: names[i],
    rowName: report.label,
  }));
  if (current)
    rows.push({ report: current, kind: "current", name: "Current", rowName: `Current settings: ${current.label}` });
  return rows;
}
