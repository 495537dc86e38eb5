import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { percentTick } from "../charts/chartData.ts";
import { LAB_CHART_HEIGHT, LAB_COLORS, LAB_MARGIN as MARGIN, LAB_TICK as TICK, formatMs, paretoFront, type LatencyPoint, type SparsityPoint } from "./compressionData.ts";
import { LabTooltip } from "./LabTooltip.tsx";


/** Lower end of an accuracy axis: the lowest accuracy rounded down to 5%, never below 0. */
function accuracyFloor(min: number): number {
  return Math.max(0, Math.floor(min * 20) / 20);
}

/** Props of AccuracyLatencyChart: one point per measured model. */
export interface AccuracyLatencyChartProps {
  points: readonly LatencyPoint[];
  /** The batch the latency was timed at, e.g. 256. */
  batch: number;
}

/** Accuracy against p50 latency; the baseline stands out and the Pareto front is drawn as a line. */
export function AccuracyLatencyChart({ points, batch }: AccuracyLatencyChartProps) {
  const front = paretoFront(points);
  const variants = points.filter((p) => !p.baseline);
  const baseline = points.filter((p) => p.baseline);
  return (
    <figure className="chart lab-chart">
      <figcaption className="chart__title">Accuracy vs latency (batch {batch}, p50)</figcaption>
      {points.length === 0 ? (
        <p className="chart__empty">No latency measured yet.</p>
      ) : (
        <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
          <ScatterChart margin={MARGIN}>
            <CartesianGrid stroke={LAB_COLORS.grid} />
            <XAxis type="number" dataKey="latencyMs" name="Latency" domain={[0, "auto"]} stroke={LAB_COLORS.axis} tick={TICK}
              tickFormatter={(v: number) => `${formatMs(v)} ms`} />
            <YAxis type="number" dataKey="accuracy" name="Accuracy" domain={[accuracyFloor, 1]} stroke={LAB_COLORS.axis} tick={TICK}
              tickFormatter={percentTick} width={44} />
            <Tooltip content={LabTooltip} cursor={{ strokeDasharray: "3 3" }} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Scatter name="Pareto front" data={front} fill={LAB_COLORS.front} line={{ stroke: LAB_COLORS.front, strokeWidth: 2 }}
              lineType="joint" legendType="line" isAnimationActive={false} />
            <Scatter name="Variants" data={variants} fill={LAB_COLORS.variant} isAnimationActive={false} />
            <Scatter name="Baseline" data={baseline} fill={LAB_COLORS.baseline} shape="diamond" legendType="diamond" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

/** Props of AccuracySparsityChart: points sorted by sparsity. */
export interface AccuracySparsityChartProps {
  points: readonly SparsityPoint[];
}

/** Test accuracy against the fraction of parameters that are zero. */
export function AccuracySparsityChart({ points }: AccuracySparsityChartProps) {
  return (
    <figure className="chart lab-chart">
      <figcaption className="chart__title">Accuracy vs sparsity</figcaption>
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <LineChart data={[...points]} margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} />
          <XAxis type="number" dataKey="sparsity" domain={[0, 1]} stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={percentTick} />
          <YAxis type="number" domain={[accuracyFloor, 1]} stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={percentTick} width={44} />
          <Tooltip content={LabTooltip} />
          <Line dataKey="accuracy" name="Test accuracy" stroke={LAB_COLORS.variant} strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
