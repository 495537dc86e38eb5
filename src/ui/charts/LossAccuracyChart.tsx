import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import {
  batchAxes,
  CHART_COLORS,
  CHART_MARGIN,
  formatTooltipValue,
  percentTick,
  pointsForWidth,
  toBatchPoints,
  VALUE_AXIS_WIDTH,
} from "./chartData.ts";
import { plainTick } from "./PlainTick.tsx";

/** Props of LossAccuracyChart: the kept batches of one run (smoothed as they came), in step order. */
export interface LossAccuracyChartProps {
  batches: readonly SmoothedBatch[];
  /** The chart's width in px (the panel measures it once per resize); 0 draws nothing yet. */
  width: number;
}

const HEIGHT = 260;
const stepTick = plainTick((v) => v.toLocaleString("en-US"));
const lossTick = plainTick();
const accuracyTick = plainTick(percentTick);

/**
 * Per-batch training loss (left axis) and accuracy (right axis): raw faint, smoothed solid. Fixed size, axes and
 * ticks computed here from the points: rendering it reads no layout. Re-renders only when its points or width change.
 */
export const LossAccuracyChart = memo(function LossAccuracyChart({ batches, width }: LossAccuracyChartProps) {
  const points = useMemo(() => toBatchPoints(batches, pointsForWidth(width)), [batches, width]);
  const axes = useMemo(() => batchAxes(points, width), [points, width]);
  return (
    <figure className="chart" aria-label="Training loss and accuracy per batch">
      <div className="chart__header">
        <h3 className="chart__title">Training loss and accuracy per batch</h3>
        <ConceptNote id="crossEntropy" />
      </div>
      {/* drawn (empty) before the first point: mounting a chart takes a long task, better spent before training */}
      <div className="chart__plot" style={{ height: HEIGHT }}>
        {points.length === 0 && <p className="chart__empty chart__empty--over">Train to see the curves.</p>}
        {width > 0 && (
          <LineChart width={width} height={HEIGHT} data={points} margin={CHART_MARGIN}>
            <CartesianGrid stroke={CHART_COLORS.grid} />
            <XAxis
              dataKey="step"
              type="number"
              domain={axes.x.domain}
              ticks={axes.x.ticks}
              interval={0}
              stroke={CHART_COLORS.axis}
              tick={stepTick}
            />
            <YAxis
              yAxisId="loss"
              stroke={CHART_COLORS.loss}
              width={VALUE_AXIS_WIDTH}
              domain={axes.loss.domain}
              ticks={axes.loss.ticks}
              interval={0}
              tick={lossTick}
            />
            <YAxis
              yAxisId="accuracy"
              orientation="right"
              stroke={CHART_COLORS.accuracy}
              width={VALUE_AXIS_WIDTH}
              domain={axes.accuracy.domain}
              ticks={axes.accuracy.ticks}
              interval={0}
              tick={accuracyTick}
            />
            <Tooltip formatter={formatTooltipValue} labelFormatter={(step) => `Step ${step}`} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Line
              yAxisId="loss"
              dataKey="loss"
              name="loss (raw)"
              stroke={CHART_COLORS.loss}
              strokeOpacity={0.25}
              dot={false}
              isAnimationActive={false}
              legendType="none"
            />
            <Line
              yAxisId="loss"
              dataKey="lossSmooth"
              name="loss"
              stroke={CHART_COLORS.loss}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="accuracy"
              dataKey="accuracy"
              name="accuracy (raw)"
              stroke={CHART_COLORS.accuracy}
              strokeOpacity={0.25}
              dot={false}
              isAnimationActive={false}
              legendType="none"
            />
            <Line
              yAxisId="accuracy"
              dataKey="accuracySmooth"
              name="accuracy"
              stroke={CHART_COLORS.accuracy}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </div>
    </figure>
  );
});
