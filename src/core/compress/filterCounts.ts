/**
 * How many filters (conv, separable conv) or units (dense) of each prunable layer a variant still has: what the
 * network diagram draws as kept and removed. Pure: plain arrays in, so Node tests it without a model.
 */
import type { LayerConfig } from "../../config/schema.ts";
import { specOf } from "../../layers/registry.ts";
import type { ModelStats } from "../model/inferShapes.ts";

/** [stack index, kept, total] per baseline layer that has filter outputs. */
export type FilterCount = [number, number, number];

/** What a weight tensor is, as weightInfos() describes it (only what counting needs). */
export interface KernelInfo {
  /** e.g. "layer1_conv2d". */
  layerName: string;
  shape: number[];
}

/** Output channels (last axis) of a kernel that have at least one non-zero weight. */
export function liveChannels(kernel: Float32Array, outChannels: number): number {
  const live = new Uint8Array(outChannels);
  for (let i = 0; i < kernel.length; i++) if (kernel[i] !== 0) live[i % outChannels] = 1;
  return live.reduce((n, v) => n + v, 0);
}

const channelsOf = (stats: ModelStats, index: number): number | null => {
  const shape = stats.layers[index]?.outputShape;
  return shape && shape.length > 0 ? shape[shape.length - 1] : null;
};

/**
 * Counts for every baseline layer whose spec prunes outputs. `total` is the baseline's output channels; `kept` the
 * variant's output channels whose kernel is not all zeros: structured pruning built a smaller layer, magnitude
 * pruning may have zeroed whole filters. `weights` (with `infos`, in the same order) are the variant's weights
 * before quantization, so rounding never counts as removal. Without `variant` (the baseline) kept equals total:
 * the baseline is what variants are compared with, not a measurement of its own dead filters.
 */
export function filterCounts(
  layers: readonly LayerConfig[],
  baseline: ModelStats,
  variant: { stats: ModelStats; infos: readonly KernelInfo[]; weights: readonly Float32Array[] } | null,
): FilterCount[] {
  const counts: FilterCount[] = [];
  layers.forEach((layer, i) => {
    const outputs = specOf(layer).pruning.outputs;
    const total = channelsOf(baseline, i);
    if (!outputs || total === null) return;
    if (!variant) {
      counts.push([i, total, total]);
      return;
    }
    // the layer's weights in getWeights() order (model.weights moves only non-trainable ones, never a kernel)
    const name = `layer${i + 1}_${layer.kind}`;
    const own = variant.infos.flatMap((info, w) => (info.layerName === name ? [w] : []));
    const w = own[outputs.kernelIndex];
    const kept =
      w === undefined
        ? (channelsOf(variant.stats, i) ?? total)
        : liveChannels(variant.weights[w], variant.infos[w].shape[variant.infos[w].shape.length - 1]);
    counts.push([i, kept, total]);
  });
  return counts;
}
