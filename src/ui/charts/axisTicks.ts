/**
 * Axis domains and ticks computed once per data change, so the charts measure nothing when they render: recharts
 * gets fixed domains, explicit ticks and interval 0 (it then skips its tick-collision pass, which measures each
 * label's text in the DOM and forces a layout on every update).
 */

/** Domain and ticks of one numeric axis. */
export interface AxisTicks {
  domain: [number, number];
  ticks: number[];
}

/** Axes handed out lately, by their text: equal axes come back as the same object. */
const interned = new Map<string, AxisTicks>();
const MAX_INTERNED = 64;

/**
 * The same object for equal domain and ticks. Recharts stores an axis's props and re-derives the whole chart when
 * they change identity; an axis that did not move (loss 0–2.5 over many updates) then costs nothing.
 */
export function internAxis(axis: AxisTicks): AxisTicks {
  const key = `${axis.domain.join(",")}|${axis.ticks.join(",")}`;
  const known = interned.get(key);
  if (known) return known;
  if (interned.size >= MAX_INTERNED) interned.delete(interned.keys().next().value!);
  interned.set(key, axis);
  return axis;
}

/** The smallest step of the form 1, 2 or 5 × 10^k that covers `span` in at most `maxTicks - 1` steps. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-9)) return m * power;
  return 10 * power;
}

/** Removes binary noise (0.30000000000000004 → 0.3) from a multiple of `step`. */
const clean = (x: number, step: number) => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(x.toFixed(Math.min(digits, 12)));
};

/** Multiples of `step` from `lo` to `hi` (both inclusive when on the grid). */
function multiples(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) out.push(clean(i * step, step));
  return out;
}

/** A value axis from 0 up to a nice ceiling of `max` (e.g. loss 2.31 → 0–2.5), with at most `maxTicks` ticks. */
export function zeroBasedTicks(max: number, maxTicks: number): AxisTicks {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const step = niceStep(top, maxTicks);
  const hi = clean(Math.ceil(top / step - 1e-9) * step, step);
  return { domain: [0, hi], ticks: multiples(0, hi, step) };
}

/** An axis spanning exactly `min`–`max` (e.g. steps 0–1,234), ticked at nice multiples inside it. */
export function spanTicks(min: number, max: number, maxTicks: number): AxisTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 1] };
  if (max <= min) return { domain: [min, min + 1], ticks: [min] };
  const step = Math.max(1, niceStep(max - min, maxTicks)); // steps and epochs are whole numbers
  return { domain: [min, max], ticks: multiples(min, max, step) };
}

/** Accuracy 0–1 in quarters. */
export const ACCURACY_TICKS: AxisTicks = { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };

/** How many ticks a horizontal axis `width` px wide can show without crowding (about one per 80 px, 2–10). */
export function ticksForWidth(width: number): number {
  return Math.min(10, Math.max(2, Math.floor(width / 80)));
}

/** The largest finite value of `key` over `rows` (−Infinity when none). */
export function finiteMax<T>(rows: readonly T[], ...keys: Array<keyof T>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows)
    for (const key of keys) {
      const v = row[key];
      if (typeof v === "number" && Number.isFinite(v) && v > max) max = v;
    }
  return max;
}
