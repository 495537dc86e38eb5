import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { percentTick } from "../charts/chartData.ts";
import { formatBytes, formatPercent } from "../format.ts";
import {
  accuracyFloor,
  layerTick,
  pointsSummary,
  sparsityWhere,
  type LayerBar,
  type SensitivitySeries,
  type SizeBar,
} from "./chartPoints.ts";
import {
  LAB_CHART_HEIGHT,
  LAB_COLORS,
  LAB_MARGIN as MARGIN,
  LAB_TICK as TICK,
  SERIES_COLORS,
} from "./compressionData.ts";
import { LabChart } from "./LabChart.tsx";
import { layerTable, sensitivityTable, sizeTable } from "./chartTables.ts";
import { LabTooltip } from "./LabTooltip.tsx";

/** Axis tick of a byte count without decimals, e.g. 655360 → "640K". */
function bytesTick(bytes: number): string {
  if (bytes < 1024) return `${bytes}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)}K`;
  return `${(bytes / 1024 / 1024).toFixed(1)}M`;
}

/** Full label of a bar group: its short name and its settings. */
function groupLabel(label: unknown, payload: ReadonlyArray<{ payload?: unknown }> | undefined): string {
  const bar = payload?.[0]?.payload as { name?: string; label?: string; layer?: string } | undefined;
  if (bar?.name !== undefined && bar.label !== undefined)
    return bar.label === bar.name ? bar.name : `${bar.name}: ${bar.label}`;
  return bar?.layer ?? String(label);
}

const sizeSummary = (bars: readonly SizeBar[]) =>
  bars.length === 0
    ? "No sizes yet."
    : bars
        .map(
          (b) =>
            `${b.name} (${b.label}): float32 ${formatBytes(b.float32)}, packed ${formatBytes(b.packed)}, gzip ${formatBytes(b.gzip)}`,
        )
        .join("; ") + ".";

/** Props of ModelSizeChart: one group per measured model. */
export interface ModelSizeChartProps {
  bars: readonly SizeBar[];
}

/** Bytes of the float32 weights, the packed file and its gzip, side by side per model. */
export function ModelSizeChart({ bars }: ModelSizeChartProps) {
  return (
    <LabChart
      title="Model size"
      subtitle="bytes of the weights"
      summary={sizeSummary(bars)}
      table={sizeTable(bars)}
      empty={bars.length === 0 ? "Nothing measured yet." : null}
    >
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <BarChart data={[...bars]} margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} vertical={false} />
          <XAxis dataKey="name" stroke={LAB_COLORS.axis} tick={TICK} />
          <YAxis stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={bytesTick} width={48} />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? formatBytes(value) : String(value))}
            labelFormatter={groupLabel}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="float32" name="float32" fill={LAB_COLORS.float32} isAnimationActive={false} />
          <Bar dataKey="packed" name="packed" fill={LAB_COLORS.packed} isAnimationActive={false} />
          <Bar dataKey="gzip" name="gzip of packed" fill={LAB_COLORS.gzip} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </LabChart>
  );
}

/** Props of LayerSparsityChart: whose weights are shown and each weight's fraction of zeros. */
export interface LayerSparsityChartProps {
  variant: string;
  layers: readonly LayerBar[];
}

/** Fraction of zeros in each weight tensor of one model. */
export function LayerSparsityChart({ variant, layers }: LayerSparsityChartProps) {
  const summary =
    layers.length === 0
      ? "No weights to show."
      : `${variant}: ${layers.map((l) => `${l.layer} ${formatPercent(l.sparsity)} zeros`).join(", ")}.`;
  return (
    <LabChart
      title="Per-layer sparsity"
      subtitle={variant}
      summary={summary}
      table={layerTable(layers)}
      empty={layers.length === 0 ? "No weights to show." : null}
    >
      <ResponsiveContainer width="100%" height={LAB_CHART_HEIGHT}>
        <BarChart data={[...layers]} margin={MARGIN}>
          <CartesianGrid stroke={LAB_COLORS.grid} vertical={false} />
          <XAxis dataKey="layer" stroke={LAB_COLORS.axis} tick={TICK} tickFormatter={layerTick} />
          <YAxis stroke={LAB_COLORS.axis} tick={TICK} domain={[0, 1]} tickFormatter={percentTick} width={44} />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? formatPercent(value) : String(value))}
            labelFormatter={(label) => `${String(label)} (${variant})`}
          />
          <Bar dataKey="sparsity" name="zeros" fill={LAB_COLORS.variant} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </LabChart>
  );
}

/** Props of LayerSensitivityChart: one series per layer, pruned alone. */
export interface LayerSensitivityChartProps {
  series: readonly SensitivitySeries[];
  /** True when the sweep was cancelled part way. */
  partial?: boolean;
}

/** Accuracy when only one layer is pruned, against that layer's sparsity: one line per layer. */
export function LayerSensitivityChart({ series, partial = false }: LayerSensitivityChartProps) {
  const summary =
    series.length === 0
      ? "No layer measured."
      : series.map((s) => `${s.layer}: ${pointsSummary(s.points, sparsityWhere)}`).join(" ");
  return (
    <LabChart
      title="Layer sensitivity"
      subtitle={partial ? "each layer pruned alone; sweep cancelled part way" : "each layer pruned alone"}
      summary={summary}
      table={sensitivityTable(series)}
      empty={series.length === 0 ? "The sweep measured no layer." : null}
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
          <Tooltip content={LabTooltip} cursor={{ strokeDasharray: "3 3" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value) => layerTick(String(value))} />
          {series.map((s, i) => {
            const color = SERIES_COLORS[i % SERIES_COLORS.length];
            return (
              <Scatter
                key={s.layer}
                name={s.layer}
                data={[...s.points]}
                fill={color}
                line={{ stroke: color, strokeWidth: 2 }}
                lineType="joint"
                legendType="line"
                isAnimationActive={false}
              />
            );
          })}
        </ScatterChart>
      </ResponsiveContainer>
    </LabChart>
  );
}
