/**
 * Structured filter pruning (Li et al. 2017): drop the filters (and hidden dense units) with the smallest
 * L1 norm and rebuild a physically smaller model, copying the surviving weights: the layer's output
 * channels, the next layer's input channels, batch-norm parameters and the dense rows after Flatten.
 * This is the only pruning that makes tfjs run faster; its MACs come from the new architecture.
 */
import * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { buildModel } from "../model/buildModel.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";
import type { Keep } from "../../layers/kit/spec.ts";
import { specOf } from "../../layers/registry.ts";

/** Output channels to keep per config layer index (the kinds whose pruning rule has `outputs`: conv, separable conv, dense). */
export type KeepPlan = Map<number, number[]>;

const layerName = (layer: LayerConfig, index: number) => `layer${index + 1}_${layer.kind}`;

/** L1 norm of each output channel (last axis) of a kernel. */
export function channelL1(kernel: Float32Array, outChannels: number): Float32Array {
  const norms = new Float32Array(outChannels);
  for (let i = 0; i < kernel.length; i++) norms[i % outChannels] += Math.abs(kernel[i]);
  return norms;
}

/** Indices (ascending) of the `keep` largest norms; ties keep the lower index. */
export function largestIndices(norms: Float32Array, keep: number): number[] {
  const order = Array.from(norms.keys()).sort((a, b) => norms[b] - norms[a] || a - b);
  return order.slice(0, Math.max(1, keep)).sort((a, b) => a - b);
}

/** Plans which channels survive when a `fraction` of each prunable layer's channels is removed. */
export function planFilterPruning(model: tf.LayersModel, config: ExperimentConfig, fraction: number): KeepPlan {
  const plan: KeepPlan = new Map();
  config.layers.forEach((layer, i) => {
    const outputs = specOf(layer).pruning.outputs;
    if (!outputs) return;
    const kernel = model.getLayer(layerName(layer, i)).getWeights()[outputs.kernelIndex];
    const out = kernel.shape[kernel.shape.length - 1];
    const norms = channelL1(kernel.dataSync() as Float32Array, out);
    plan.set(i, largestIndices(norms, Math.round(out * (1 - fraction))));
  });
  return plan;
}

/** The config of the smaller model: same layers, fewer filters/units where the plan says. */
export function prunedConfig(config: ExperimentConfig, plan: KeepPlan): ExperimentConfig {
  return {
    ...config,
    layers: config.layers.map((layer, i) => {
      const keep = plan.get(i);
      const outputs = specOf(layer).pruning.outputs;
      return keep && outputs ? outputs.resize(layer, keep.length) : layer;
    }),
  };
}

/**
 * Builds the smaller model and copies the surviving weights of `model` into it. Layers the plan does not
 * touch keep all channels. The caller owns the returned model (and its optimizer).
 */
export function buildPrunedModel(
  model: tf.LayersModel,
  config: ExperimentConfig,
  plan: KeepPlan,
  inputShape: Shape,
  numClasses: number,
): { model: tf.Sequential; config: ExperimentConfig } {
  const smallConfig = prunedConfig(config, plan);
  const small = buildModel(smallConfig, inputShape, numClasses);
  const shapes = inferShapes(config.layers, inputShape, numClasses);
  // channels of the current activation that survive (null: all)
  let inKeep: Keep = null;
  const gather = (w: tf.Tensor, idx: number[] | null, axis: number) => (idx ? tf.gather(w, idx, axis) : w.clone());
  const copy = (name: string, slice: (weights: tf.Tensor[]) => tf.Tensor[]) => {
    // fresh tensors: wasm's Gather output keeps its flattened shape in the backend's records, which
    // FusedConv2D then rejects as a "rank-4 bias"
    const sliced = tf.tidy(() => slice(model.getLayer(name).getWeights()).map((t) => tf.tensor(t.dataSync(), t.shape)));
    small.getLayer(name).setWeights(sliced);
    tf.dispose(sliced);
  };
  config.layers.forEach((layer, i) => {
    const rule = specOf(layer).pruning;
    const outKeep = plan.get(i) ?? null;
    const { slice } = rule;
    if (slice) copy(layerName(layer, i), (weights) => slice(weights, { input: inKeep, output: outKeep }, gather));
    const before = i === 0 ? inputShape : shapes.layers[i - 1].outputShape;
    inKeep = rule.outputs ? outKeep : rule.channels ? rule.channels(inKeep, before) : inKeep;
  });
  copy("output", ([k, b]) => [gather(k, inKeep, 0), b.clone()]);
  return { model: small, config: smallConfig };
}
