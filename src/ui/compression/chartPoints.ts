// Pure helpers of the compression lab's charts: the points of each chart, the Pareto front and text summaries.
import type { SensitivityPoint, SweepResult, VariantReport } from "../../core/compress/report.ts";
import { formatPercent } from "../format.ts";
import {
  formatMs,
  formatWholePercent,
  runtimeLatency,
  smallBatchStats,
  type LabRow,
  type LatencyRuntime,
} from "./compressionData.ts";

/** What a point stands for: a measured row, a point of a sweep's curve, or a first estimate (estimateData.ts). */
export type PointKind = LabRow["kind"] | "sweep" | "estimate";

/** The fields every chart point carries; the tooltip shows its name, its settings and its values. */
export interface ChartPoint {
  /** Short name, e.g. "Baseline", "V2", "Current", "Sweep 80%". */
  name: string;
  /** The settings, e.g. "80% magnitude · int8 per-channel". */
  label: string;
  kind: PointKind;
  /** 0–1 on the full test set (an estimate's: on its subset). */
  accuracy: number;
  /** An estimate's 95% interval as [below, above] the accuracy (0–1), drawn as an error bar. */
  error?: [number, number];
}

/** Accuracy against batch-1 p50 latency on the current backend. */
export interface LatencyPoint extends ChartPoint {
  latencyMs: number;
  /** Batch-1 p95 and the packed size, for the chart's table (an estimate has neither). */
  p95Ms?: number;
  sizeBytes?: number;
}

/** Accuracy against the zeros in the prunable kernels (0–1). */
export interface SparsityPoint extends ChartPoint {
  sparsity: number;
}

/** Accuracy against bits per weight; `bitsLog` (log2 of the bits) spaces 32, 16, 8, 4, 2 evenly. */
export interface BitsPoint extends ChartPoint {
  bits: number;
  bitsLog: number;
}

/** Positions of the bits axis ticks (log2 of 2, 4, 8, 16, 32). */
export const BITS_TICKS = [1, 2, 3, 4, 5] as const;

/** Tick text of a bits-axis position, e.g. 3 → "8". */
export function bitsTick(position: number): string {
  return String(Math.round(2 ** position));
}

const base = (row: LabRow): ChartPoint => ({
  name: row.name,
  label: row.report.label,
  kind: row.kind,
  accuracy: row.report.accuracy,
});

/**
 * Accuracy-vs-latency points (batch 1, p50) of one runtime: tfjs on the current backend, or ONNX Runtime (where a
 * W8A8 variant's accuracy is its own, measured with integer arithmetic); rows without that timing are left out.
 */
export function toLatencyPoints(rows: readonly LabRow[], runtime: LatencyRuntime = "tfjs"): LatencyPoint[] {
  return rows.flatMap((row) => {
    const stats = smallBatchStats(runtimeLatency(row.report, runtime));
    const int8 = runtime === "onnx" ? row.report.onnxRuntime?.int8Accuracy : null;
    if (int8 !== null && int8 !== undefined && stats && Number.isFinite(stats.p50Ms)) {
      return [{ ...base(row), accuracy: int8, ...timing(row, stats) }];
    }
    return stats && Number.isFinite(stats.p50Ms) ? [{ ...base(row), ...timing(row, stats) }] : [];
  });
}

const timing = (row: LabRow, stats: { p50Ms: number; p95Ms: number }) => ({
  latencyMs: stats.p50Ms,
  p95Ms: stats.p95Ms,
  sizeBytes: row.report.sizes.packedBytes,
});

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

/** Measured rows against kernel sparsity (the baseline at 0), sorted by sparsity. */
export function toSparsityPoints(rows: readonly LabRow[]): SparsityPoint[] {
  return rows
    .map((row) => ({ ...base(row), sparsity: row.kind === "baseline" ? 0 : row.report.kernelSparsity }))
    .sort((a, b) => a.sparsity - b.sparsity);
}

const sweepName = (what: string) => `Sweep ${what}`;

/** How many points a sweep measured (all of them, or those before a cancel). */
export const sweepPointCount = (sweep: SweepResult): number =>
  sweep.sparsity.length + sweep.bits.length + sweep.sensitivity.length;

/** The sweep's sparsity curve, sorted by measured kernel sparsity (empty without a sweep). */
export function sweepSparsityPoints(sweep: SweepResult | null): SparsityPoint[] {
  if (!sweep) return [];
  return sweep.sparsity
    .map((p) => ({
      name: sweepName(formatWholePercent(p.kernelSparsity)),
      label: p.label,
      kind: "sweep" as const,
      accuracy: p.accuracy,
      sparsity: p.kernelSparsity,
    }))
    .sort((a, b) => a.sparsity - b.sparsity);
}

/** Bits per weight of a report (the baseline is float32: 32). */
function reportBits(row: LabRow): number {
  return row.kind === "baseline" ? 32 : row.report.weightBits;
}

const bitsLog = (bits: number) => Math.log2(Math.max(1, bits));

/** Measured rows against bits per weight (the baseline at 32). */
export function toBitsPoints(rows: readonly LabRow[]): BitsPoint[] {
  return rows.map((row) => ({ ...base(row), bits: reportBits(row), bitsLog: bitsLog(reportBits(row)) }));
}

/** The sweep's bits curve, from 16 down to 2 bits (empty without a sweep). */
export function sweepBitsPoints(sweep: SweepResult | null): BitsPoint[] {
  if (!sweep) return [];
  return sweep.bits
    .map((p) => ({
      name: sweepName(`${p.weightBits} bits`),
      label: p.label,
      kind: "sweep" as const,
      accuracy: p.accuracy,
      bits: p.weightBits,
      bitsLog: bitsLog(p.weightBits),
    }))
    .sort((a, b) => b.bits - a.bits);
}

/** One group of the model-size chart: bytes of the float32 weights, the packed file and its gzip. */
export interface SizeBar {
  name: string;
  label: string;
  float32: number;
  packed: number;
  gzip: number;
}

export function toSizeBars(rows: readonly LabRow[]): SizeBar[] {
  return rows.map((row) => ({
    name: row.name,
    label: row.report.label,
    float32: row.report.sizes.float32Bytes,
    packed: row.report.sizes.packedBytes,
    gzip: row.report.sizes.packedGzipBytes,
  }));
}

/** One bar of the per-layer sparsity chart. */
export interface LayerBar {
  layer: string;
  sparsity: number;
}

export function toLayerBars(layerSparsity: ReadonlyArray<readonly [string, number]>): LayerBar[] {
  return layerSparsity.map(([layer, sparsity]) => ({ layer, sparsity }));
}

/** The report whose per-layer sparsity is shown: the live one, else the last measured. */
export function layerSparsitySource(rows: readonly LabRow[]): { title: string; report: VariantReport } | null {
  const row = rows.find((r) => r.kind === "current") ?? rows.at(-1);
  if (!row) return null;
  const title =
    row.kind === "baseline"
      ? row.name
      : row.kind === "current"
        ? `current settings (${row.report.label})`
        : `${row.name} (${row.report.label})`;
  return { title, report: row.report };
}

/** One line of the sensitivity chart: a layer pruned alone at increasing sparsity. */
export interface SensitivitySeries {
  layer: string;
  points: SparsityPoint[];
}

/** Sensitivity points grouped by layer (in the order layers first appear), each sorted by sparsity. */
export function toSensitivitySeries(points: readonly SensitivityPoint[]): SensitivitySeries[] {
  const byLayer = new Map<string, SparsityPoint[]>();
  for (const p of points) {
    const list = byLayer.get(p.layer) ?? [];
    list.push({
      name: p.layer,
      label: `only ${p.layer} pruned, ${formatWholePercent(p.sparsity)}`,
      kind: "sweep",
      accuracy: p.accuracy,
      sparsity: p.sparsity,
    });
    byLayer.set(p.layer, list);
  }
  return [...byLayer].map(([layer, list]) => ({ layer, points: list.sort((a, b) => a.sparsity - b.sparsity) }));
}

/** Lower end of an accuracy axis: the lowest accuracy rounded down to 5%, never below 0. */
export function accuracyFloor(min: number): number {
  return Number.isFinite(min) ? Math.max(0, Math.floor(min * 20) / 20) : 0;
}

/** Short name of a weight for an axis, e.g. "layer1_conv2d/kernel" → "layer1_conv2d", cut to 12 characters. */
export function layerTick(name: string): string {
  const short = name.replace(/\/kernel$/, "");
  return short.length > 12 ? `${short.slice(0, 11)}…` : short;
}

/** Text summary of a chart for screen readers, e.g. "Baseline (Baseline): 98.7% at 3.46 ms". */
export function pointsSummary(points: readonly ChartPoint[], where: (p: ChartPoint) => string): string {
  if (points.length === 0) return "No points yet.";
  return (
    points
      .map(
        (p) =>
          `${p.name}${p.label && p.label !== p.name ? ` (${p.label})` : ""}: ${formatPercent(p.accuracy)} at ${where(p)}`,
      )
      .join("; ") + "."
  );
}

/** "3.46 ms" of a latency point. */
export function latencyWhere(p: ChartPoint): string {
  return "latencyMs" in p && typeof p.latencyMs === "number" ? `${formatMs(p.latencyMs)} ms` : "";
}

/** "80% sparsity" of a sparsity point. */
export function sparsityWhere(p: ChartPoint): string {
  return "sparsity" in p && typeof p.sparsity === "number" ? `${formatWholePercent(p.sparsity)} sparsity` : "";
}

/** "8 bits" of a bits point. */
export function bitsWhere(p: ChartPoint): string {
  return "bits" in p && typeof p.bits === "number" ? `${p.bits} bits` : "";
}
