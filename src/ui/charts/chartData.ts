import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import {
  ACCURACY_TICKS,
  finiteMax,
  internAxis,
  spanTicks,
  ticksForWidth,
  zeroBasedTicks,
  type AxisTicks,
} from "./axisTicks.ts";

/** Most points a chart draws; long runs are thinned to this. */
export const MAX_CHART_POINTS = 400;

/** Colors of the chart lines: the theme's --chart-* variables (tokens.css, theme-dark.css), which SVG attributes resolve. */
export const CHART_COLORS = {
  loss: "var(--chart-loss)",
  accuracy: "var(--chart-accuracy)",
  grid: "var(--chart-grid)",
  axis: "var(--chart-axis)",
} as const;

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

/** Width of the charts' two value axes (left loss, right accuracy), px. */
export const VALUE_AXIS_WIDTH = 44;
/** The charts' margins inside their SVG, px. */
export const CHART_MARGIN = { top: 8, right: 8, bottom: 8, left: 0 } as const;

/** The plot area's width in a chart `width` px wide (between the two value axes). */
export const plotWidth = (width: number) =>
  Math.max(0, width - CHART_MARGIN.left - CHART_MARGIN.right - 2 * VALUE_AXIS_WIDTH);

/** Points a curve draws in a chart `width` px wide: one per four pixels of plot (each point costs recharts work on
 * every redraw while training), at most MAX_CHART_POINTS. */
export const pointsForWidth = (width: number) =>
  Math.max(2, Math.min(MAX_CHART_POINTS, Math.round(plotWidth(width) / 4)));

/** Thins the kept batches (already smoothed as they came, see batchHistory.ts) to ≤ `max` points (always the last). */
export function toBatchPoints(batches: readonly SmoothedBatch[], max: number = MAX_CHART_POINTS): BatchPoint[] {
  return thinIndices(batches.length, Math.min(max, MAX_CHART_POINTS)).map((i) => ({
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

/** The three axes of a chart: steps or epochs across, loss on the left, accuracy on the right. */
export interface ChartAxes {
  x: AxisTicks;
  loss: AxisTicks;
  accuracy: AxisTicks;
}

/** Ticks on the value axes of a chart 240–260 px high. */
const VALUE_TICKS = 6;

/** How far the compared runs' curves reach, so the axes hold them too (see compareData.ts). */
export interface CurvesExtent {
  firstStep: number;
  lastStep: number;
  maxBatchLoss: number;
  epochs: number;
  maxEpochLoss: number;
}

/**
 * Axes of the per-batch chart: the steps shown, and loss from 0 to a nice ceiling of the highest loss drawn; with
 * compared runs, their extent too.
 */
export function batchAxes(points: readonly BatchPoint[], width: number, extent: CurvesExtent | null = null): ChartAxes {
  const first = Math.min(points[0]?.step ?? extent?.firstStep ?? 0, extent?.firstStep ?? Infinity);
  const last = Math.max(points.at(-1)?.step ?? 1, extent?.lastStep ?? -Infinity);
  return {
    x: internAxis(spanTicks(first, last, ticksForWidth(plotWidth(width)))),
    loss: internAxis(
      zeroBasedTicks(Math.max(finiteMax(points, "loss", "lossSmooth"), extent?.maxBatchLoss ?? -Infinity), VALUE_TICKS),
    ),
    accuracy: ACCURACY_TICKS,
  };
}

/** Axes of the per-epoch chart: epochs 1 to at least 2, and loss from 0 to a nice ceiling. */
export function epochAxes(points: readonly EpochPoint[], width: number, extent: CurvesExtent | null = null): ChartAxes {
  const last = Math.max(2, points.length, extent?.epochs ?? 0);
  const maxLoss = Math.max(finiteMax(points, "trainLoss", "valLoss"), extent?.maxEpochLoss ?? -Infinity);
  return {
    x: internAxis(spanTicks(1, last, ticksForWidth(plotWidth(width)))),
    loss: internAxis(zeroBasedTicks(maxLoss, VALUE_TICKS)),
    accuracy: ACCURACY_TICKS,
  };
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

/** Rows the per-batch table shows: the newest batches kept, not a thinning of the whole run. */
export const BATCH_TABLE_ROWS = 20;

const lossText = (x: number | null) => (x === null || !Number.isFinite(x) ? "–" : x.toFixed(4));
const percentText = (x: number | null) => (x === null || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(1)}%`);

/** The per-epoch chart as table rows: epoch, training loss and accuracy, validation loss and accuracy. */
export const EPOCH_TABLE_COLUMNS = [
  "Epoch",
  "Training loss",
  "Training accuracy",
  "Validation loss",
  "Validation accuracy",
] as const;
export function epochTableRows(epochs: readonly EpochMetrics[]): string[][] {
  return epochs.map((e) => [
    String(e.epochIndex + 1),
    lossText(e.trainLoss),
    percentText(e.trainAccuracy),
    lossText(e.valLoss),
    percentText(e.valAccuracy),
  ]);
}

/** The per-batch chart as table rows (the newest BATCH_TABLE_ROWS batches kept, steps as the chart's axis numbers them). */
export const BATCH_TABLE_COLUMNS = ["Step", "Loss (smoothed)", "Accuracy (smoothed)", "Loss", "Accuracy"] as const;
export function batchTableRows(batches: readonly SmoothedBatch[], count = BATCH_TABLE_ROWS): string[][] {
  return batches
    .slice(-count)
    .map((b) => [
      b.step.toLocaleString("en-US"),
      lossText(b.lossSmooth),
      percentText(b.accuracySmooth),
      lossText(b.loss),
      percentText(b.accuracy),
    ]);
}
