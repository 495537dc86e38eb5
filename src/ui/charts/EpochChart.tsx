import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import { CHART_COLORS, formatTooltipValue, percentTick, toEpochPoints } from "./chartData.ts";

/** Props of EpochChart: the finished epochs of one run. */
export interface EpochChartProps {
  epochs: readonly EpochMetrics[];
}

/** Validation (solid) and training (dashed) loss and accuracy per epoch. */
export function EpochChart({ epochs }: EpochChartProps) {
  const points = useMemo(() => toEpochPoints(epochs), [epochs]);
  return (
    <figure className="chart" aria-label="Validation and training loss and accuracy per epoch">
      <h3 className="chart__title">Loss and accuracy per epoch</h3>
      {points.length === 0 ? (
        <p className="chart__empty">Per-epoch curves appear after the first epoch.</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={CHART_COLORS.grid} />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[1, Math.max(2, points.length)]}
              allowDecimals={false}
              stroke={CHART_COLORS.axis}
              tick={{ fontSize: 12 }}
            />
            <YAxis yAxisId="loss" stroke={CHART_COLORS.loss} tick={{ fontSize: 12 }} width={44} domain={[0, "auto"]} />
            <YAxis
              yAxisId="accuracy"
              orientation="right"
              stroke={CHART_COLORS.accuracy}
              tick={{ fontSize: 12 }}
              width={44}
              domain={[0, 1]}
              tickFormatter={percentTick}
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
        </ResponsiveContainer>
      )}
    </figure>
  );
}
