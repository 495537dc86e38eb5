import { memo, useMemo } from "react";
import { Line, LineChart } from "recharts";
import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { ChartTable } from "./ChartTable.tsx";
import {
  BATCH_TABLE_COLUMNS,
  BATCH_TABLE_ROWS,
  batchAxes,
  batchTableRows,
  CHART_COLORS,
  CHART_MARGIN,
  pointsForWidth,
  toBatchPoints,
  type BatchPoint,
  type CurvesExtent,
} from "./chartData.ts";
import { NO_COMPARED, type ComparedRun } from "./compareData.ts";
import { lossAccuracyFrame } from "./chartAxes.tsx";
import { LiveCurves, type CurveStyle } from "./LiveCurves.tsx";
import { plainTick } from "./PlainTick.tsx";

/** Props of LossAccuracyChart: the kept batches of one run (smoothed as they came), in step order. */
export interface LossAccuracyChartProps {
  batches: readonly SmoothedBatch[];
  /** The chart's width in px (the panel measures it once per resize); 0 draws nothing yet. */
  width: number;
  /** Earlier runs overlaid (their smoothed curves in their colors), drawn under the current run's. */
  compared?: readonly ComparedRun[];
  /** How far the compared runs reach (the axes hold them too); null without any. */
  extent?: CurvesExtent | null;
}

const HEIGHT = 260;
const stepTick = plainTick((v) => v.toLocaleString("en-US"));
const horizontal = { dataKey: "step", tick: stepTick, label: (v: number) => `Step ${v}` };

/** Raw faint and smoothed solid, loss on the left axis and accuracy on the right. */
const CURVES: readonly CurveStyle<BatchPoint>[] = [
  { dataKey: "loss", axis: "loss", stroke: CHART_COLORS.loss, strokeOpacity: 0.25 },
  { dataKey: "lossSmooth", axis: "loss", stroke: CHART_COLORS.loss, strokeWidth: 2 },
  { dataKey: "accuracy", axis: "accuracy", stroke: CHART_COLORS.accuracy, strokeOpacity: 0.25 },
  { dataKey: "accuracySmooth", axis: "accuracy", stroke: CHART_COLORS.accuracy, strokeWidth: 2 },
];
/** The same series as recharts Lines, for the legend (raw ones left out) and the tooltip. */
const SERIES = [
  { yAxisId: "loss", dataKey: "loss", name: "loss (raw)", stroke: CHART_COLORS.loss, legendType: "none" },
  { yAxisId: "loss", dataKey: "lossSmooth", name: "loss", stroke: CHART_COLORS.loss },
  {
    yAxisId: "accuracy",
    dataKey: "accuracy",
    name: "accuracy (raw)",
    stroke: CHART_COLORS.accuracy,
    legendType: "none",
  },
  { yAxisId: "accuracy", dataKey: "accuracySmooth", name: "accuracy", stroke: CHART_COLORS.accuracy },
] as const;

/**
 * Per-batch training loss (left axis) and accuracy (right axis): raw faint, smoothed solid. Fixed size, axes and
 * ticks computed here from the points: rendering it reads no layout. Re-renders only when its points or width change,
 * and then recharts redoes only its axes and tooltip data: the curves are LiveCurves' paths.
 */
export const LossAccuracyChart = memo(function LossAccuracyChart({
  batches,
  width,
  compared = NO_COMPARED,
  extent = null,
}: LossAccuracyChartProps) {
  const points = useMemo(() => toBatchPoints(batches, pointsForWidth(width)), [batches, width]);
  // interned axes: the compared runs' memoized curves redraw only when an axis really changes
  const axes = useMemo(() => batchAxes(points, width, extent), [points, width, extent]);
  const frame = useMemo(() => lossAccuracyFrame(horizontal, axes), [axes]);
  return (
    <figure className="chart" aria-label="Training loss and accuracy per batch">
      <div className="chart__header">
        <h3 className="chart__title">Training loss and accuracy per batch</h3>
        <ConceptNote id="crossEntropy" />
      </div>
      {/* drawn (empty) before the first point: mounting a chart takes a long task, better spent before training */}
      <div className="chart__plot" style={{ height: HEIGHT }}>
        {points.length === 0 && compared.length === 0 && (
          <p className="chart__empty chart__empty--over">Train to see the curves.</p>
        )}
        {width > 0 && (
          <LineChart width={width} height={HEIGHT} data={points} margin={CHART_MARGIN}>
            {frame}
            {/* hidden: recharts reads the legend and the tooltip's values from them; LiveCurves draws the curves */}
            {SERIES.map((l) => (
              <Line key={l.dataKey} {...l} hide isAnimationActive={false} />
            ))}
            {compared.map((run) => (
              <g key={run.id} className="compare-curves" data-run={run.id}>
                <LiveCurves points={run.batchPoints} xKey="step" axes={axes} curves={run.batchCurves} dots={false} />
              </g>
            ))}
            <LiveCurves points={points} xKey="step" axes={axes} curves={CURVES} />
          </LineChart>
        )}
      </div>
      <ChartTable
        caption="Training loss and accuracy per batch"
        note={`the last ${BATCH_TABLE_ROWS} batches kept; long runs keep every few batches`}
        columns={BATCH_TABLE_COLUMNS}
        rows={batchTableRows(batches)}
      />
    </figure>
  );
});
