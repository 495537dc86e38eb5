import { LIMITS, type ExperimentConfig, type LayerConfig, type LayerOf, type Padding } from "../../config/schema.ts";
import { LAYER_INFO } from "../../config/layerInfo.ts";

/** [height, width, channels] for images, [units] for flat vectors. */
export type Shape = readonly number[];

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

type Step = { outputShape: Shape; params: number; macs: number } | { error: string };

const dims = (shape: Shape) => shape.join("×");
const product = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

function spatialOut(size: number, window: number, stride: number, padding: Padding): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

function needsImage(input: Shape, label: string): string | null {
  if (input.length === 3) return null;
  return `${label} needs an image (height × width × channels) but gets a flat vector of ${input[0]}: move it above the Flatten or Dense layers.`;
}

function windowed(input: Shape, window: number, stride: number, padding: Padding, what: string, outChannels: number): Shape | string {
  const [h, w] = input;
  const outH = spatialOut(h, window, stride, padding);
  const outW = spatialOut(w, window, stride, padding);
  if (outH < 1 || outW < 1) {
    return `${window}×${window} ${what} on a ${h}×${w} input leaves nothing: use a smaller ${what === "pool" ? "pool size" : "kernel"}, 'same' padding or one pooling layer fewer.`;
  }
  return [outH, outW, outChannels];
}

function convStep(layer: LayerOf<"conv2d"> | LayerOf<"separableConv2d">, input: Shape): Step {
  const label = LAYER_INFO[layer.kind].label;
  const notImage = needsImage(input, label);
  if (notImage) return { error: notImage };
  const out = windowed(input, layer.kernelSize, layer.stride, layer.padding, "conv", layer.filters);
  if (typeof out === "string") return { error: out };
  const inC = input[2];
  const k2 = layer.kernelSize * layer.kernelSize;
  const positions = out[0] * out[1];
  if (layer.kind === "conv2d") {
    return { outputShape: out, params: k2 * inC * layer.filters + layer.filters, macs: positions * k2 * inC * layer.filters };
  }
  // depthwise k×k×inC, then pointwise inC×filters, one bias per filter
  return {
    outputShape: out,
    params: k2 * inC + inC * layer.filters + layer.filters,
    macs: positions * (k2 * inC + inC * layer.filters),
  };
}

function poolStep(layer: LayerOf<"maxPool2d"> | LayerOf<"avgPool2d">, input: Shape): Step {
  const notImage = needsImage(input, LAYER_INFO[layer.kind].label);
  if (notImage) return { error: notImage };
  const out = windowed(input, layer.poolSize, layer.stride, layer.padding, "pool", input[2]);
  return typeof out === "string" ? { error: out } : { outputShape: out, params: 0, macs: 0 };
}

function denseStep(units: number, input: Shape, label: string): Step {
  if (input.length !== 1) {
    return { error: `${label} needs a flat input but gets ${dims(input)}: add Flatten or GlobalAveragePooling2D before it.` };
  }
  return { outputShape: [units], params: input[0] * units + units, macs: input[0] * units };
}

/** Output shape, parameters and MACs of one layer given its input shape, or a human error. */
export function inferLayer(layer: LayerConfig, input: Shape): Step {
  switch (layer.kind) {
    case "conv2d":
    case "separableConv2d":
      return convStep(layer, input);
    case "maxPool2d":
    case "avgPool2d":
      return poolStep(layer, input);
    case "batchNorm":
      // gamma, beta, moving mean, moving variance per channel (countParams counts all four)
      return { outputShape: input, params: 4 * input[input.length - 1], macs: 0 };
    case "dropout":
      return { outputShape: input, params: 0, macs: 0 };
    case "flatten":
      if (input.length === 1) return { error: `The input is already flat (${input[0]} values): remove this Flatten.` };
      return { outputShape: [product(input)], params: 0, macs: 0 };
    case "globalAvgPool2d": {
      const notImage = needsImage(input, "GlobalAveragePooling2D");
      return notImage ? { error: notImage } : { outputShape: [input[2]], params: 0, macs: 0 };
    }
    case "dense":
      return denseStep(layer.units, input, "Dense");
  }
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
    const step = isHead
      ? denseStep(numClasses, shape, "The softmax classifier")
      : inferLayer(all[i], shape);
    if ("error" in step) {
      const message = isHead && shape.length === 3
        ? `The softmax classifier needs a flat input but the last layer gives ${dims(shape)}: end the stack with Flatten or GlobalAveragePooling2D.`
        : step.error;
      return { ...sum(stats), layers: stats, error: { layerIndex: i, message } };
    }
    shape = step.outputShape;
    stats.push({
      label: isHead ? `Dense ${numClasses} + softmax (output)` : LAYER_INFO[all[i].kind].label,
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
