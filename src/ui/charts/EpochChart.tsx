import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import {
  CHART_COLORS,
  CHART_MARGIN,
  epochAxes,
  formatTooltipValue,
  percentTick,
  toEpochPoints,
  VALUE_AXIS_WIDTH,
} from "./chartData.ts";
import { plainTick } from "./PlainTick.tsx";

/** Props of EpochChart: the finished epochs of one run. */
export interface EpochChartProps {
  epochs: readonly EpochMetrics[];
  /** The chart's width in px (the panel measures it once per resize); 0 draws nothing yet. */
  width: number;
}

const HEIGHT = 240;
const epochTick = plainTick();
const lossTick = plainTick();
const accuracyTick = plainTick(percentTick);

/** Validation (solid) and training (dashed) loss and accuracy per epoch; fixed size and precomputed ticks. */
export const EpochChart = memo(function EpochChart({ epochs, width }: EpochChartProps) {
  const points = useMemo(() => toEpochPoints(epochs), [epochs]);
  const axes = useMemo(() => epochAxes(points, width), [points, width]);
  return (
    <figure className="chart" aria-label="Validation and training loss and accuracy per epoch">
      <h3 className="chart__title">Loss and accuracy per epoch</h3>
      {/* drawn (empty) before the first point: mounting a chart takes a long task, better spent before training */}
      <div className="chart__plot" style={{ height: HEIGHT }}>
        {points.length === 0 && (
          <p className="chart__empty chart__empty--over">Per-epoch curves appear after the first epoch.</p>
        )}
        {width > 0 && (
          <LineChart width={width} height={HEIGHT} data={points} margin={CHART_MARGIN}>
            <CartesianGrid stroke={CHART_COLORS.grid} />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={axes.x.domain}
              ticks={axes.x.ticks}
              interval={0}
              stroke={CHART_COLORS.axis}
              tick={epochTick}
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
            <Tooltip formatter={formatTooltipValue} labelFormatter={(epoch) => `Epoch ${epoch}`} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Line
              yAxisId="loss"
              dataKey="valLoss"
              name="validation loss"
              stroke={CHART_COLORS.loss}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              yAxisId="accuracy"
              dataKey="valAccuracy"
              name="validation accuracy"
              stroke={CHART_COLORS.accuracy}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              yAxisId="loss"
              dataKey="trainLoss"
              name="training loss"
              stroke={CHART_COLORS.loss}
              strokeDasharray="5 4"
              strokeOpacity={0.7}
              isAnimationActive={false}
            />
            <Line
              yAxisId="accuracy"
              dataKey="trainAccuracy"
              name="training accuracy"
              stroke={CHART_COLORS.accuracy}
              strokeDasharray="5 4"
              strokeOpacity={0.7}
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </div>
    </figure>
  );
});
