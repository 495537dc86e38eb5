/** Maps a data value to a pixel coordinate; undefined where it cannot (as recharts' axis scales do). */
export type PixelScale = (value: number) => number | undefined;

/**
 * The SVG path data of a straight-segment line through `points` (as recharts' default "linear" Line draws it):
 * `x` and `y` read each point's coordinates, null or non-finite values break the line (a gap, like recharts without
 * connectNulls). Coordinates are rounded to 0.1 px: the string is rebuilt on every chart update.
 */
export function linePath<P>(
  points: readonly P[],
  x: (point: P) => number | null,
  y: (point: P) => number | null,
  xScale: PixelScale,
  yScale: PixelScale,
): string {
  let d = "";
  let drawing = false;
  for (const point of points) {
    const xv = x(point);
    const yv = y(point);
    const px = xv === null || !Number.isFinite(xv) ? undefined : xScale(xv);
    const py = yv === null || !Number.isFinite(yv) ? undefined : yScale(yv);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      drawing = false;
      continue;
    }
    d += `${drawing ? "L" : "M"}${round(px)},${round(py)}`;
    drawing = true;
  }
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;
