import {
  CartesianGrid,
  DefaultLegendContent,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  type DefaultLegendContentProps,
} from "recharts";
import type { ReactElement } from "react";
import { CHART_COLORS, formatTooltipValue, percentTick, VALUE_AXIS_WIDTH, type ChartAxes } from "./chartData.ts";
import { plainTick } from "./PlainTick.tsx";

const lossTick = plainTick();
const accuracyTick = plainTick(percentTick);

/** Recharts' own legend, with every entry in its color: series drawn outside recharts are hidden Lines to it. */
const legendContent = (props: DefaultLegendContentProps) => (
  <DefaultLegendContent {...props} payload={props.payload?.map((entry) => ({ ...entry, inactive: false }))} />
);

/** What the loss-and-accuracy charts put on their horizontal axis: a data key, its ticks and the tooltip's label. */
export interface HorizontalAxis {
  dataKey: string;
  tick: ReturnType<typeof plainTick>;
  label: (value: number) => string;
}

/**
 * The grid, axes (x; loss on the left, accuracy on the right, with precomputed domains and ticks), tooltip and
 * legend both loss-and-accuracy charts share. A function, not a component: recharts reads its axes as the chart's
 * direct children. niceTicks "none": the domains and ticks are already nice, and recharts' own nice-tick search
 * (decimal.js) ran on every data change. includeHidden: the per-batch chart's series are hidden Lines (LiveCurves
 * draws them), and recharts would otherwise draw no ticks on an axis without visible data and no tooltip values.
 */
export function lossAccuracyFrame(x: HorizontalAxis, axes: ChartAxes): ReactElement[] {
  return [
    <CartesianGrid key="grid" stroke={CHART_COLORS.grid} />,
    <XAxis
      key="x"
      dataKey={x.dataKey}
      type="number"
      domain={axes.x.domain}
      ticks={axes.x.ticks}
      interval={0}
      niceTicks="none"
      includeHidden
      stroke={CHART_COLORS.axis}
      tick={x.tick}
    />,
    <YAxis
      key="loss"
      yAxisId="loss"
      stroke={CHART_COLORS.loss}
      width={VALUE_AXIS_WIDTH}
      domain={axes.loss.domain}
      ticks={axes.loss.ticks}
      interval={0}
      niceTicks="none"
      includeHidden
      tick={lossTick}
    />,
    <YAxis
      key="accuracy"
      yAxisId="accuracy"
      orientation="right"
      stroke={CHART_COLORS.accuracy}
      width={VALUE_AXIS_WIDTH}
      domain={axes.accuracy.domain}
      ticks={axes.accuracy.ticks}
      interval={0}
      niceTicks="none"
      includeHidden
      tick={accuracyTick}
    />,
    <Tooltip
      key="tooltip"
      includeHidden
      formatter={formatTooltipValue}
      labelFormatter={(value) => x.label(Number(value))}
    />,
    <Legend key="legend" wrapperStyle={{ fontSize: 13 }} content={legendContent} />,
  ];
}
