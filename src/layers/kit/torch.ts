// PyTorch module text that several layer kinds share (NCHW; TensorFlow's "same" padding made explicit).
import { LEAKY_RELU_ALPHA, type Activation, type Padding } from "./fields.ts";
import type { Shape } from "./shapes.ts";

/** Zero padding of one axis as [before, after]; TensorFlow puts the odd pixel after. */
type AxisPad = readonly [number, number];

/** TensorFlow "same" padding of one axis: output ceil(size / stride). */
function samePad(size: number, window: number, stride: number): AxisPad {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + window - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Padding of a windowed layer: symmetric ones become the layer's own `padding`, others an explicit pad. */
export interface Padding2D {
  /** `padding=` argument text ("" when none or asymmetric). */
  symmetric: string;
  /** (left, right, top, bottom) for nn.ZeroPad2d / F.pad, or null when symmetric. */
  explicit: string | null;
}

export function padding2d(input: Shape, window: number, stride: number, padding: Padding): Padding2D {
  if (padding === "valid") return { symmetric: "", explicit: null };
  const [top, bottom] = samePad(input[0], window, stride);
  const [left, right] = samePad(input[1], window, stride);
  if (top !== bottom || left !== right) return { symmetric: "", explicit: `(${left}, ${right}, ${top}, ${bottom})` };
  if (top === 0 && left === 0) return { symmetric: "", explicit: null };
  return { symmetric: `, padding=${top === left ? top : `(${top}, ${left})`}`, explicit: null };
}

/** The PyTorch module of an activation; null for linear. */
function activationModule(activation: Activation): string | null {
  switch (activation) {
    case "relu":
      return "nn.ReLU()";
    case "leakyRelu":
      return `nn.LeakyReLU(${LEAKY_RELU_ALPHA})  # tfjs LeakyReLU alpha`;
    case "elu":
      return "nn.ELU()";
    case "tanh":
      return "nn.Tanh()";
    case "sigmoid":
      return "nn.Sigmoid()";
    case "linear":
      return null;
  }
}

/** `modules` followed by the activation's module, if any. */
export function withTorchActivation(modules: string[], activation: Activation): string[] {
  const module = activationModule(activation);
  return module ? [...modules, module] : modules;
}

/** A windowed convolution's padding as modules before it plus the `stride, padding` arguments of the conv itself. */
export function convWindow(
  input: Shape,
  kernelSize: number,
  stride: number,
  padding: Padding,
): { before: string[]; args: string } {
  const pad = padding2d(input, kernelSize, stride, padding);
  return {
    before: pad.explicit ? [`nn.ZeroPad2d(${pad.explicit})  # TF "same" padding, odd pixel right/bottom`] : [],
    args: `kernel_size=${kernelSize}, stride=${stride}${pad.symmetric}`,
  };
}
