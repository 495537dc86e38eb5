import type { BaseTickContentProps } from "recharts";

/** Baseline shift per vertical anchor, as recharts' own Text sets it for one line. */
const DY = { start: "0.71em", middle: "0.355em", end: "0em" } as const;

/**
 * An axis tick label as a plain SVG text. Recharts' default label (its Text component) measures its words in the
 * DOM to wrap them, which forces a layout on every chart update; axis labels here are one short word.
 */
export function plainTick(format: (value: number) => string = String) {
  return function PlainTick({ x, y, textAnchor, verticalAnchor, fill, payload, className }: BaseTickContentProps) {
    return (
      <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} fill={fill} fontSize={12} className={className}>
        {format(Number(payload.value))}
      </text>
    );
  };
}
