import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import type { EpochMetrics } from "../../core/train/metrics.ts";

/** Most points a chart draws; long runs are thinned to this. */
export const MAX_CHART_POINTS = 500;

/** Colors of the chart lines (match --chart-* in tokens.css; SVG attributes get plain values). */
export const CHART_COLORS = { loss: "#c2410c", accuracy: "#1d4ed8", grid: "#e3e7ee", axis: "#5b6474" } as const;

/** One point of the per-batch chart: raw and smoothed loss and accuracy at a global step (null: NaN or infinite, a gap). */
export interface BatchPoint {
  step: number;
  loss: number | null;
  lossSmooth: number | null;
  accuracy: number | null;
  accuracySmooth: number | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One point of the per-epoch chart (1-based epoch). */
export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
}

/** Evenly spaced indices 0..length-1, at most `max` of them, always keeping the last. */
export function thinIndices(length: number, max: number): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const stride = (length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * stride));
}

/** Thins the kept batches (already smoothed as they came, see batchHistory.ts) to ≤ MAX_CHART_POINTS points. */
export function toBatchPoints(batches: readonly SmoothedBatch[]): BatchPoint[] {
  return thinIndices(batches.length, MAX_CHART_POINTS).map((i) => ({
    step: batches[i].step,
    loss: finiteOrNull(batches[i].loss),
    lossSmooth: finiteOrNull(batches[i].lossSmooth),
    accuracy: finiteOrNull(batches[i].accuracy),
    accuracySmooth: finiteOrNull(batches[i].accuracySmooth),
  }));
}

/** Epoch summaries as chart points. */
export function toEpochPoints(epochs: readonly EpochMetrics[]): EpochPoint[] {
  return epochs.map((e) => ({
    epoch: e.epochIndex + 1,
    trainLoss: e.trainLoss,
    trainAccuracy: e.trainAccuracy,
    valLoss: e.valLoss,
    valAccuracy: e.valAccuracy,
  }));
}

/** Axis tick of a 0–1 accuracy, e.g. 0.9 → "90%". */
export function percentTick(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** Tooltip text of a series value: accuracies as "97.3%", losses with three decimals. */
export function formatTooltipValue(value: unknown, name: unknown): string {
  if (typeof value !== "number") return String(value);
  return String(name).includes("accuracy") ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}
