import { memo, useMemo } from "react";
import { Line, LineChart } from "recharts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import {
  CHART_COLORS,
  CHART_MARGIN,
  EPOCH_TABLE_COLUMNS,
  epochAxes,
  epochTableRows,
  toEpochPoints,
  type CurvesExtent,
} from "./chartData.ts";
import { ChartTable } from "./ChartTable.tsx";
import { NO_COMPARED, type ComparedRun } from "./compareData.ts";
import { LiveCurves } from "./LiveCurves.tsx";
import { lossAccuracyFrame } from "./chartAxes.tsx";
import { plainTick } from "./PlainTick.tsx";

/** Props of EpochChart: the finished epochs of one run. */
export interface EpochChartProps {
  epochs: readonly EpochMetrics[];
  /** The chart's width in px (the panel measures it once per resize); 0 draws nothing yet. */
  width: number;
  /** Earlier runs overlaid (their validation curves in their colors), drawn under the current run's. */
  compared?: readonly ComparedRun[];
  /** How far the compared runs reach; null without any. */
  extent?: CurvesExtent | null;
}

const HEIGHT = 240;
const epochTick = plainTick();
const horizontal = { dataKey: "epoch", tick: epochTick, label: (v: number) => `Epoch ${v}` };

/** Validation (solid) and training (dashed) loss and accuracy per epoch; fixed size and precomputed ticks. */
export const EpochChart = memo(function EpochChart({
  epochs,
  width,
  compared = NO_COMPARED,
  extent = null,
}: EpochChartProps) {
  const points = useMemo(() => toEpochPoints(epochs), [epochs]);
  const axes = useMemo(() => epochAxes(points, width, extent), [points, width, extent]);
  const frame = useMemo(() => lossAccuracyFrame(horizontal, axes), [axes]);
  return (
    <figure className="chart" aria-label="Validation and training loss and accuracy per epoch">
      <h3 className="chart__title">Loss and accuracy per epoch</h3>
      {/* drawn (empty) before the first point: mounting a chart takes a long task, better spent before training */}
      <div className="chart__plot" style={{ height: HEIGHT }}>
        {points.length === 0 && !(extent && extent.epochs > 0) && (
          <p className="chart__empty chart__empty--over">Per-epoch curves appear after the first epoch.</p>
        )}
        {width > 0 && (
          <LineChart width={width} height={HEIGHT} data={points} margin={CHART_MARGIN}>
            {frame}
            {compared.map((run) => (
              <g key={run.id} className="compare-curves" data-run={run.id}>
                <LiveCurves points={run.epochPoints} xKey="epoch" axes={axes} curves={run.epochCurves} dots={false} />
              </g>
            ))}
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
      <ChartTable caption="Loss and accuracy per epoch" columns={EPOCH_TABLE_COLUMNS} rows={epochTableRows(epochs)} />
    </figure>
  );
});
