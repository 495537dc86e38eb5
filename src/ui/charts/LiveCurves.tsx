import { memo, useMemo } from "react";
import { useActiveTooltipLabel, usePlotArea } from "recharts";
import type { ChartAxes } from "./chartData.ts";
import { linePath, type PixelScale } from "./linePath.ts";

/** One curve LiveCurves draws: which value of each point, on which vertical axis, in which style. */
export interface CurveStyle<P> {
  dataKey: keyof P & string;
  axis: "loss" | "accuracy";
  stroke: string;
  strokeWidth?: number;
  strokeOpacity?: number;
  strokeDasharray?: string;
}

/** Props of LiveCurves: the chart's points, its precomputed axes and the curves to draw. */
export interface LiveCurvesProps<P> {
  points: readonly P[];
  xKey: keyof P & string;
  axes: ChartAxes;
  curves: readonly CurveStyle<P>[];
  /** False: no dots where the tooltip points (a compared run's curves, which the tooltip does not list). */
  dots?: boolean;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A linear scale from a [min, max] domain onto [from, to] px, as recharts' number axes map without padding. */
function linear([min, max]: readonly [number, number], from: number, to: number): PixelScale {
  const span = max - min || 1;
  return (v) => from + ((v - min) / span) * (to - from);
}

const valueOf = <P,>(point: P, key: keyof P & string): number | null => point[key] as number | null;

/**
 * The curves of a recharts LineChart that updates every few hundred ms, drawn as plain SVG paths inside it.
 * Recharts' own Line remounts its animation subtree on every data change (its key is a new id per points array, even
 * with animation off), measures its path and re-runs its point selectors: most of the chart's per-update main-thread
 * work while training. Here an update rebuilds a few path strings. The scales come from the same
 * precomputed domains the chart's axes get, and the plot area from recharts (it changes only on resize), so the
 * curves line up with recharts' grid, axes and tooltip.
 */
function LiveCurvesImpl<P>({ points, xKey, axes, curves, dots = true }: LiveCurvesProps<P>) {
  const plot = usePlotArea();
  const paths = useMemo(() => {
    if (!plot) return [];
    const x = linear(axes.x.domain, plot.x, plot.x + plot.width);
    const y = scalesY(axes, plot);
    return curves.map((c) =>
      linePath(
        points,
        (p) => valueOf(p, xKey),
        (p) => valueOf(p, c.dataKey),
        x,
        y[c.axis],
      ),
    );
  }, [points, xKey, axes, curves, plot]);
  if (!plot) return null;
  return (
    // recharts' own class names on each drawn curve: tests and tools that find a chart's lines find these too
    <g className="recharts-layer live-curves">
      {curves.map(
        (c, i) =>
          paths[i] && (
            <g key={c.dataKey} className="recharts-layer recharts-line">
              <path
                className="recharts-curve recharts-line-curve"
                d={paths[i]}
                fill="none"
                stroke={c.stroke}
                strokeWidth={c.strokeWidth ?? 1}
                strokeOpacity={c.strokeOpacity}
                strokeDasharray={c.strokeDasharray}
              />
            </g>
          ),
      )}
      {dots && <ActiveDots points={points} xKey={xKey} axes={axes} curves={curves} plot={plot} />}
    </g>
  );
}

function scalesY(axes: ChartAxes, plot: Box): Record<CurveStyle<unknown>["axis"], PixelScale> {
  const bottom = plot.y + plot.height;
  return { loss: linear(axes.loss.domain, bottom, plot.y), accuracy: linear(axes.accuracy.domain, bottom, plot.y) };
}

/**
 * Dots where the tooltip points, one per curve (recharts' activeDot look). Its own component: hovering re-renders only
 * the dots, not the paths.
 */
function ActiveDots<P>({ points, xKey, axes, curves, plot }: LiveCurvesProps<P> & { plot: Box }) {
  const label = useActiveTooltipLabel();
  if (label === undefined) return null;
  const point = points.find((p) => valueOf(p, xKey) === Number(label));
  if (point === undefined) return null;
  const cx = linear(axes.x.domain, plot.x, plot.x + plot.width)(Number(label));
  const y = scalesY(axes, plot);
  return curves.map((c) => {
    const v = valueOf(point, c.dataKey);
    if (v === null || !Number.isFinite(v)) return null;
    return (
      <circle
        key={c.dataKey}
        cx={cx}
        cy={y[c.axis](v)}
        r={4}
        fill={c.stroke}
        stroke="var(--chart-point-fill)"
        strokeWidth={2}
      />
    );
  });
}

/** See LiveCurvesImpl. */
export const LiveCurves = memo(LiveCurvesImpl) as typeof LiveCurvesImpl;
