import { LIMITS, type ExperimentConfig, type LayerConfig } from "../../config/schema.ts";
import { denseStep, dims, product, type Shape, type Step } from "../../layers/kit/shapes.ts";
import { LAYER_SPECS, specOf } from "../../layers/registry.ts";

export type { Shape } from "../../layers/kit/shapes.ts";

/** Shape and cost of one layer, for one example. */
export interface LayerStats {
  /** Display name, e.g. "Conv2D" or "Dense (output)". */
  label: string;
  outputShape: Shape;
  params: number;
  /** Multiply-accumulates of conv and dense kernels; pooling, norms and biases count 0. */
  macs: number;
  /** Float32 bytes of this layer's output for one example. */
  activationBytes: number;
}

/** Result of shape inference over the whole stack plus the implied softmax head. */
export interface ModelStats {
  /** Per layer of the stack, then one entry for the classifier head; absent from the first error on. */
  layers: LayerStats[];
  totalParams: number;
  totalMacs: number;
  totalActivationBytes: number;
  /** First problem: `layerIndex` is the stack index, or `layers.length` for the head, or -1 for the model. */
  error: { layerIndex: number; message: string } | null;
}

/** Output shape, parameters and MACs of one layer given its input shape, or a human error. */
export function inferLayer(layer: LayerConfig, input: Shape): Step {
  return specOf(layer).infer(layer, input);
}

function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : String(n);
}

/** Shapes and costs of every layer and of the model, without tfjs; stops at the first error. */
export function inferShapes(layers: ExperimentConfig["layers"], inputShape: Shape, numClasses: number): ModelStats {
  const stats: LayerStats[] = [];
  let shape = inputShape;
  const all = [...layers, { kind: "dense", units: numClasses, activation: "linear" } as const];
  for (let i = 0; i < all.length; i++) {
    const isHead = i === layers.length;
    const step = isHead ? denseStep(numClasses, shape, "The softmax classifier") : inferLayer(all[i], shape);
    if ("error" in step) {
      const message =
        isHead && shape.length === 3
          ? `The softmax classifier needs a flat input but the last layer gives ${dims(shape)}: end the stack with Flatten or GlobalAveragePooling2D.`
          : step.error;
      return { ...sum(stats), layers: stats, error: { layerIndex: i, message } };
    }
    shape = step.outputShape;
    stats.push({
      label: isHead ? `Dense ${numClasses} + softmax (output)` : LAYER_SPECS[all[i].kind].label,
      outputShape: step.outputShape,
      params: step.params,
      macs: step.macs,
      activationBytes: 4 * product(step.outputShape),
    });
  }
  const totals = sum(stats);
  const limitError = checkLimits(totals);
  return { ...totals, layers: stats, error: limitError ? { layerIndex: -1, message: limitError } : null };
}

function sum(stats: LayerStats[]) {
  return {
    totalParams: stats.reduce((a, s) => a + s.params, 0),
    totalMacs: stats.reduce((a, s) => a + s.macs, 0),
    totalActivationBytes: stats.reduce((a, s) => a + s.activationBytes, 0),
  };
}

function checkLimits(totals: ReturnType<typeof sum>): string | null {
  if (totals.totalParams > LIMITS.maxParams) {
    return `The model has ${formatCount(totals.totalParams)} parameters; the limit is ${formatCount(LIMITS.maxParams)}: use fewer filters or units, or pool before Flatten.`;
  }
  if (totals.totalActivationBytes > LIMITS.maxActivationBytes) {
    return `One example needs ${(totals.totalActivationBytes / 2 ** 20).toFixed(1)} MB of activations; the limit is ${LIMITS.maxActivationBytes / 2 ** 20} MB: use fewer filters or pool earlier.`;
  }
  if (totals.totalMacs > LIMITS.maxMacs) {
    return `The model needs ${formatCount(totals.totalMacs)} multiply-accumulates per image; the limit is ${formatCount(LIMITS.maxMacs)}: use fewer filters, or strides or pooling earlier.`;
  }
  return null;
}
