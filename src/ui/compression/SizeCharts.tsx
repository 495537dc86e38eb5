import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { percentTick } from "../charts/chartData.ts";
import { formatBytes, formatPercent } from "../format.ts";
import { LAB_CHART_HEIGHT, LAB_COLORS, LAB_MARGIN as MARGIN, LAB_TICK as TICK, type LayerBar, type SizeBar } from "./compressionData.ts";


/** Axis tick of a byte count without decimals, e.g. 655360 → "640K". */
function bytesTick(bytes: number): string {
  if (bytes < 1024) return `${bytes}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)}K`;
  return `${(bytes / 1024 / 1024).toFixed(1)}M`;
}

/** Short tick of a weight name, e.g. "conv2d_1/kernel" → "conv2d_1". */
function layerTick(name: string): string {
  const short = name.replace(/\/kernel$/, "");
  return short.length > 12 ? `${short.slice(0, 11)}…` : short;
}

/** Full variant label of a bar group (its short name on the axis). */
function sizeLabel(label: unknown, payload: ReadonlyArray<{ payload?: unknown }>): string {
  const bar = payload[0]?.payload as SizeBar | undefined;
  return bar ? `${bar.name}: ${bar.label}` : String(label);
}

/** Props of ModelSizeChart: one group per measured model. */
export interface ModelSizeChartProps {
  bars: readonly SizeBar[];
}

/** Bytes of the float32 weights, the packed file and its gzip, side by side per variant. */
export function ModelSizeChart({ bars }: ModelSizeChartProps) {
  return (
    <figure className="chart lab-chart">
      <figcaption className="chart__title">Model size</figcaption>
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <BarChart data={[...bars]} margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} vertical={false} />
          <XAxis dataKey="name" stroke={LAB_COLORS.axis} tick={TICK} />
          <YAxis stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={bytesTick} width={48} />
          <Tooltip formatter={(value) => (typeof value === "number" ? formatBytes(value) : String(value))} labelFormatter={sizeLabel} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="float32" name="float32" fill={LAB_COLORS.float32} isAnimationActive={false} />
          <Bar dataKey="packed" name="packed" fill={LAB_COLORS.packed} isAnimationActive={false} />
          <Bar dataKey="gzip" name="gzip of packed" fill={LAB_COLORS.gzip} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Props of LayerSparsityChart: the variant's name and each weight's fraction of zeros. */
export interface LayerSparsityChartProps {
  variant: string;
  layers: readonly LayerBar[];
}

/** Fraction of zeros in each weight tensor of one variant. */
export function LayerSparsityChart({ variant, layers }: LayerSparsityChartProps) {
  return (
    <figure className="chart lab-chart">
      <figcaption className="chart__title">Per-layer sparsity: {variant}</figcaption>
      {layers.length === 0 ? (
        <p className="chart__empty">No weights to show.</p>
      ) : (
        <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
          <BarChart data={[...layers]} margin={MARGIN}>
            <CartesianGrid stroke={LAB_COLORS.grid} vertical={false} />
            <XAxis dataKey="layer" stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={layerTick} />
            <YAxis stroke={LAB_COLORS.axis} tick={TICK} domain={[0, 1]} tickFormatter={percentTick} width={44} />
            <Tooltip formatter={(value) => (typeof value === "number" ? formatPercent(value) : String(value))} />
            <Bar dataKey="sparsity" name="zeros" fill={LAB_COLORS.variant} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
