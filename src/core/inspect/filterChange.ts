/**
 * What one optimizer step did to each filter: the relative change ‖after − before‖ / ‖before‖ of every filter of
 * every conv layer, on plain arrays. A filter is a kernel's last-axis channel, the same one FiltersView draws as a
 * tile (a depthwise kernel's channel multiplier, averaged over inputs there, whole here).
 */
import type { ConvKernel } from "./probe.ts";

/** One conv layer's filters as a step changed them. */
export interface FilterChange {
  layerName: string;
  kind: ConvKernel["kind"];
  /** Per filter (tile order): ‖Δw‖ / ‖w before‖ (‖Δw‖ when the filter was all zeros). */
  change: number[];
}

/** Relative change of each filter of each layer present in both lists (matched by layer and kind). */
export function filterChanges(before: readonly ConvKernel[], after: readonly ConvKernel[]): FilterChange[] {
  return before.flatMap((b) => {
    const a = after.find((k) => k.layerName === b.layerName && k.kind === b.kind);
    if (!a || a.values.length !== b.values.length) return [];
    const out = b.shape[3];
    const delta = new Float64Array(out);
    const base = new Float64Array(out);
    for (let i = 0; i < b.values.length; i++) {
      const d = a.values[i] - b.values[i];
      delta[i % out] += d * d;
      base[i % out] += b.values[i] * b.values[i];
    }
    const change = Array.from(delta, (d, o) => (base[o] > 0 ? Math.sqrt(d / base[o]) : Math.sqrt(d)));
    return [{ layerName: b.layerName, kind: b.kind, change }];
  });
}

/**
 * The filters a step changed most: the top `fraction` by relative change (at least one), never a filter it left
 * unchanged. Ascending indices.
 */
export function mostChanged(change: readonly number[], fraction = 0.25): number[] {
  const count = Math.max(1, Math.round(change.length * fraction));
  return Array.from(change.keys())
    .filter((i) => change[i] > 0)
    .sort((x, y) => change[y] - change[x] || x - y)
    .slice(0, count)
    .sort((x, y) => x - y);
}
