import {
  CartesianGrid,
  ErrorBar,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { percentTick } from "../charts/chartData.ts";
import {
  BITS_TICKS,
  accuracyFloor,
  bitsTick,
  bitsWhere,
  latencyWhere,
  paretoFront,
  pointsSummary,
  sparsityWhere,
  type BitsPoint,
  type ChartPoint,
  type LatencyPoint,
  type SparsityPoint,
} from "./chartPoints.ts";
import { LAB_CHART_HEIGHT, LAB_COLORS, LAB_MARGIN as MARGIN, LAB_TICK as TICK, formatMs } from "./compressionData.ts";
import { LabChart } from "./LabChart.tsx";
import { bitsTable, latencyTable, sparsityTable } from "./chartTables.ts";
import { LabTooltip } from "./LabTooltip.tsx";

const accuracyAxis = (
  <YAxis
    type="number"
    dataKey="accuracy"
    name="Accuracy"
    domain={[accuracyFloor, 1]}
    stroke={LAB_COLORS.axis}
    tick={TICK}
    tickFormatter={percentTick}
    width={44}
  />
);

/**
 * Baseline, kept variants and the current point as three scatter series (each in its own colour and shape), and the
 * first estimate with the baseline on the same images (hollow triangles with their 95% interval as error bars).
 */
function measuredSeries(points: readonly ChartPoint[]) {
  const of = (kind: ChartPoint["kind"]) => points.filter((p) => p.kind === kind);
  const estimates = of("estimate");
  return [
    ...(estimates.length > 0
      ? [
          <Scatter
            key="estimate"
            name="Estimate, 1,000 images (95% interval)"
            data={estimates}
            fill={LAB_COLORS.pointFill}
            stroke={LAB_COLORS.current}
            strokeWidth={2}
            shape="triangle"
            legendType="triangle"
            isAnimationActive={false}
          >
            <ErrorBar dataKey="error" direction="y" width={6} stroke={LAB_COLORS.current} isAnimationActive={false} />
          </Scatter>,
        ]
      : []),
    <Scatter
      key="variants"
      name="Kept variants"
      data={of("variant")}
      fill={LAB_COLORS.variant}
      isAnimationActive={false}
    />,
    <Scatter
      key="current"
      name="Current settings"
      data={of("current")}
      fill={LAB_COLORS.current}
      shape="star"
      legendType="star"
      isAnimationActive={false}
    />,
    <Scatter
      key="baseline"
      name="Baseline"
      data={of("baseline")}
      fill={LAB_COLORS.baseline}
      shape="diamond"
      legendType="diamond"
      isAnimationActive={false}
    />,
  ];
}

/** Props of AccuracyLatencyChart: one point per measured model (baseline, variants, current). */
export interface AccuracyLatencyChartProps {
  points: readonly LatencyPoint[];
  /** The backend timed, e.g. "WASM". */
  backend?: string;
}

/** Accuracy against batch-1 p50 latency; the baseline stands out and the Pareto front is drawn as a line. */
export function AccuracyLatencyChart({ points, backend }: AccuracyLatencyChartProps) {
  const front = paretoFront(points.filter((p) => p.kind !== "estimate")); // estimates are not measured points
  return (
    <LabChart
      title="Accuracy vs latency"
      subtitle={`batch 1, p50${backend ? `, ${backend}` : ""}`}
      summary={pointsSummary(points, latencyWhere)}
      table={latencyTable(points)}
      empty={points.length === 0 ? "No latency measured yet." : null}
    >
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <ScatterChart margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} />
          <XAxis
            type="number"
            dataKey="latencyMs"
            name="Latency"
            domain={[0, "auto"]}
            stroke={LAB_COLORS.axis}
            tick={TICK}
            tickFormatter={(v: number) => `${formatMs(v)} ms`}
          />
          {accuracyAxis}
          <Tooltip content={LabTooltip} cursor={{ strokeDasharray: "3 3" }} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Scatter
            name="Pareto front"
            data={front}
            fill={LAB_COLORS.front}
            line={{ stroke: LAB_COLORS.front, strokeWidth: 2 }}
            lineType="joint"
            legendType="line"
            isAnimationActive={false}
          />
          {measuredSeries(points)}
        </ScatterChart>
      </ResponsiveContainer>
    </LabChart>
  );
}

/** Props of AccuracySparsityChart: the measured models and the sweep's curve (empty without a sweep). */
export interface AccuracySparsityChartProps {
  points: readonly SparsityPoint[];
  sweep: readonly SparsityPoint[];
}

/** Test accuracy against the zeros in the prunable kernels: the sweep as a line, measured models as points. */
export function AccuracySparsityChart({ points, sweep }: AccuracySparsityChartProps) {
  const all = [...sweep, ...points];
  return (
    <LabChart
      title="Accuracy vs sparsity"
      subtitle="zeros in the prunable kernels"
      summary={pointsSummary(all, sparsityWhere)}
      table={sparsityTable(all)}
      empty={all.length === 0 ? "Nothing measured yet." : null}
    >
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <ScatterChart margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} />
          <XAxis
            type="number"
            dataKey="sparsity"
            name="Sparsity"
            domain={[0, 1]}
            stroke={LAB_COLORS.axis}
            tick={TICK}
            tickFormatter={percentTick}
          />
          {accuracyAxis}
          <Tooltip content={LabTooltip} cursor={{ strokeDasharray: "3 3" }} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          {sweep.length > 0 && (
            <Scatter
              name="Sweep (magnitude, one-shot)"
              data={[...sweep]}
              fill={LAB_COLORS.sweep}
              line={{ stroke: LAB_COLORS.sweep, strokeWidth: 2 }}
              lineType="joint"
              legendType="line"
              isAnimationActive={false}
            />
          )}
          {measuredSeries(points)}
        </ScatterChart>
      </ResponsiveContainer>
    </LabChart>
  );
}

/** Props of AccuracyBitsChart: the measured models and the sweep's curve (empty without a sweep). */
export interface AccuracyBitsChartProps {
  points: readonly BitsPoint[];
  sweep: readonly BitsPoint[];
}

/** Test accuracy against bits per weight (32 for float32 down to 2), evenly spaced. */
export function AccuracyBitsChart({ points, sweep }: AccuracyBitsChartProps) {
  const all = [...sweep, ...points];
  return (
    <LabChart
      title="Accuracy vs bits"
      subtitle="bits per weight"
      summary={pointsSummary(all, bitsWhere)}
      table={bitsTable(all)}
      empty={all.length === 0 ? "Nothing measured yet." : null}
    >
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <ScatterChart margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} />
          <XAxis
            type="number"
            dataKey="bitsLog"
            name="Bits"
            domain={[1, 5]}
            ticks={[...BITS_TICKS]}
            reversed
            stroke={LAB_COLORS.axis}
            tick={TICK}
            tickFormatter={bitsTick}
          />
          {accuracyAxis}
          <Tooltip content={LabTooltip} cursor={{ strokeDasharray: "3 3" }} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          {sweep.length > 0 && (
            <Scatter
              name="Sweep (no pruning)"
              data={[...sweep]}
              fill={LAB_COLORS.sweep}
              line={{ stroke: LAB_COLORS.sweep, strokeWidth: 2 }}
              lineType="joint"
              legendType="line"
              isAnimationActive={false}
            />
          )}
          {measuredSeries(points)}
        </ScatterChart>
      </ResponsiveContainer>
    </LabChart>
  );
}
