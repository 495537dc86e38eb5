// The compared runs as the charts draw them: thinned points, curve styles and their extent, built once when the
// choice changes (never per metrics update: earlier runs do not change while the current one trains).
import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import { finiteMax } from "./axisTicks.ts";
import { toBatchPoints, toEpochPoints, type BatchPoint, type CurvesExtent, type EpochPoint } from "./chartData.ts";
import type { CurveStyle } from "./LiveCurves.tsx";

/**
 * Colors of compared runs, in the order they were ticked: Okabe–Ito bluish green and reddish purple, a dark gold
 * and a grey (the theme's --chart-compare-* variables); told apart with color-blindness and apart from the current
 * run's orange (loss) and blue (accuracy).
 */
export const COMPARE_COLORS = [
  "var(--chart-compare-1)",
  "var(--chart-compare-2)",
  "var(--chart-compare-3)",
  "var(--chart-compare-4)",
] as const;

/** No compared runs (a stable empty for default props). */
export const NO_COMPARED: readonly ComparedRun[] = [];

/** Points a compared run draws: thinner than the current run's, as they are context. */
const COMPARED_POINTS = 200;

/** An earlier run as the compare view gets it (plain data). */
export interface ComparedRunInput {
  id: number;
  title: string;
  batches: readonly SmoothedBatch[];
  epochs: readonly EpochMetrics[];
  /** What differs from this run to the current one, in words. */
  differences: readonly string[];
}

/** A compared run ready to draw and to name in the legend. */
export interface ComparedRun extends ComparedRunInput {
  color: string;
  batchPoints: BatchPoint[];
  epochPoints: EpochPoint[];
  batchCurves: CurveStyle<BatchPoint>[];
  epochCurves: CurveStyle<EpochPoint>[];
}

/** Smoothed loss solid and accuracy dashed, in the run's color, thinner than the current run's curves. */
function curves<P>(color: string, loss: keyof P & string, accuracy: keyof P & string): CurveStyle<P>[] {
  return [
    { dataKey: loss, axis: "loss", stroke: color, strokeWidth: 1.5, strokeOpacity: 0.85 },
    {
      dataKey: accuracy,
      axis: "accuracy",
      stroke: color,
      strokeWidth: 1.5,
      strokeOpacity: 0.85,
      strokeDasharray: "5 3",
    },
  ];
}

/** The compared runs with their colors, points and curves. */
export function toComparedRuns(runs: readonly ComparedRunInput[]): ComparedRun[] {
  return runs.map((run, i) => {
    const color = COMPARE_COLORS[i % COMPARE_COLORS.length];
    return {
      ...run,
      color,
      batchPoints: toBatchPoints(run.batches, COMPARED_POINTS),
      epochPoints: toEpochPoints(run.epochs),
      batchCurves: curves<BatchPoint>(color, "lossSmooth", "accuracySmooth"),
      epochCurves: curves<EpochPoint>(color, "valLoss", "valAccuracy"),
    };
  });
}

/** How far the compared runs reach, for the axes; null without any. */
export function comparedExtent(runs: readonly ComparedRun[]): CurvesExtent | null {
  if (runs.length === 0) return null;
  const batches = runs.flatMap((r) => r.batchPoints);
  const epochs = runs.flatMap((r) => r.epochPoints);
  return {
    firstStep: Math.min(...runs.map((r) => r.batchPoints[0]?.step ?? Infinity)),
    lastStep: Math.max(...runs.map((r) => r.batchPoints.at(-1)?.step ?? -Infinity)),
    maxBatchLoss: finiteMax(batches, "lossSmooth"),
    epochs: Math.max(0, ...runs.map((r) => r.epochPoints.length)),
    maxEpochLoss: finiteMax(epochs, "valLoss"),
  };
}
