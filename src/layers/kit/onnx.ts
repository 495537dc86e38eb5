// What a layer kind needs to write itself into an ONNX graph. The graph runs NCHW (ONNX's layout) from the model's
// NHWC input on; weights arrive in tfjs's layout and are converted here. Pure: the exporter (src/core/export/onnx/)
// owns the protobuf.
import type { Activation, Padding } from "./fields.ts";
import { LEAKY_RELU_ALPHA } from "./fields.ts";
import type { Shape } from "./shapes.ts";

/** An ONNX attribute value: an int, a float, a list of ints, or a string. */
export type OnnxAttribute = number | number[] | string | { float: number };

/**
 * What a weight is, so that the writer can store it in the model's weight format: a kernel (its output channels
 * along `axis` of ONNX's layout), a bias, or a normalization statistic (always float32).
 */
export type OnnxWeightRole = { kernelAxis: number } | "bias" | "norm";

/** Adds initializers and nodes to the graph being written; every method returns the new tensor's name. */
export interface OnnxGraph {
  /** A constant from tfjs weights already converted to ONNX's layout; float32 in the graph whatever it is stored as. */
  weight: (values: Float32Array, dims: number[], role: OnnxWeightRole) => string;
  /**
   * True when this layer's output is quantized to uint8 with its calibrated range: after a ReLU that range starts
   * at 0, so the quantization itself clamps negatives and the Relu node is left out (ONNX Runtime then fuses the
   * layer into one integer kernel, e.g. QLinearConv).
   */
  foldsRelu?: boolean;
  /** A node with one output. */
  node: (opType: string, inputs: string[], attributes?: Record<string, OnnxAttribute>) => string;
}

/** What a layer's ONNX rule gets: its input tensor (NCHW, or [N, units] when flat), shape (HWC) and weights (tfjs order and layout). */
export interface OnnxInput {
  x: string;
  input: Shape;
  weights: Float32Array[];
}

/** A tfjs conv kernel [kh, kw, in, out] as ONNX's [out, in, kh, kw]. */
export function convKernel(kernel: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = kernel[((y * kw + x) * cin + i) * cout + o];
  return out;
}

/** A tfjs depthwise kernel [kh, kw, C, 1] as ONNX's grouped [C, 1, kh, kw]. */
export function depthwiseKernel(kernel: Float32Array, [kh, kw, c]: number[]): Float32Array {
  return convKernel(kernel, [kh, kw, 1, c]); // per channel c, taps (y, x): the same reordering with in = 1
}

/** TensorFlow's "same" padding of one axis as [before, after] (the odd pixel after). */
function samePad(size: number, window: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + window - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** The window attributes of a conv or pool: kernel_shape, strides and explicit pads [top, left, bottom, right]. */
export function windowAttributes(
  input: Shape,
  window: number,
  stride: number,
  padding: Padding,
): Record<string, OnnxAttribute> {
  const [top, bottom] = padding === "same" ? samePad(input[0], window, stride) : [0, 0];
  const [left, right] = padding === "same" ? samePad(input[1], window, stride) : [0, 0];
  return { kernel_shape: [window, window], strides: [stride, stride], pads: [top, left, bottom, right] };
}

/** The activation after a layer's linear part. */
export function onnxActivation(g: OnnxGraph, x: string, activation: Activation): string {
  switch (activation) {
    case "relu":
      return g.foldsRelu ? x : g.node("Relu", [x]);
    case "leakyRelu":
      return g.node("LeakyRelu", [x], { alpha: { float: LEAKY_RELU_ALPHA } });
    case "elu":
      return g.node("Elu", [x], { alpha: { float: 1 } });
    case "tanh":
      return g.node("Tanh", [x]);
    case "sigmoid":
      return g.node("Sigmoid", [x]);
    case "linear":
      return x;
  }
}
