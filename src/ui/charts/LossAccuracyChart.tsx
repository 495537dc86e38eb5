import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SmoothedBatch } from "../../core/train/batchHistory.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { CHART_COLORS, formatTooltipValue, percentTick, toBatchPoints } from "./chartData.ts";

/** Props of LossAccuracyChart: the kept batches of one run (smoothed as they came), in step order. */
export interface LossAccuracyChartProps {
  batches: readonly SmoothedBatch[];
}

/** Per-batch training loss (left axis) and accuracy (right axis): raw faint, smoothed solid. */
export function LossAccuracyChart({ batches }: LossAccuracyChartProps) {
  const points = useMemo(() => toBatchPoints(batches), [batches]);
  return (
    <figure className="chart" aria-label="Training loss and accuracy per batch">
      <div className="chart__header">
        <h3 className="chart__title">Training loss and accuracy per batch</h3>
        <ConceptNote id="crossEntropy" />
      </div>
      {points.length === 0 ? (
        <p className="chart__empty">Train to see the curves.</p>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={CHART_COLORS.grid} />
            <XAxis
              dataKey="step"
              type="number"
              domain={["dataMin", "dataMax"]}
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
        </ResponsiveContainer>
      )}
    </figure>
  );
}
