// Pieces of the training-memory model that several layer kinds share (see src/core/model/memoryBudget.ts).
import type { Activation } from "./fields.ts";
import { product, type Shape } from "./shapes.ts";

/** Floats of one layer: per example kept until backprop ends, its largest backward temporary, while inferring. */
export interface LayerCost {
  kept: number;
  temp: number;
  infer: number;
  /** Trainable weights. */
  weights: number;
  /** Weight-sized tensors kept until backprop ends: the saved kernel and its gradient, both twice on Dense's fused path. */
  copies: number;
}

/** What a layer's memory rule reads: its shapes, parameters, and whether its input gradient is computed. */
export interface MemoryInput {
  input: Shape;
  output: Shape;
  params: number;
  /** True when a trainable layer comes before this one, so the input gradient is computed. */
  grad: boolean;
}

/** tfjs fuses the bias and a linear activation into the kernel under a tape; relu and elu stay separate ops. */
export const isFused = (a: Activation) => a !== "relu" && a !== "elu";

/** Kept/temporary floats of an activation after a fused kernel: its saved tensor and gradient, and the gradient's temporaries. */
export function activationCost(a: Activation, out: number): { kept: number; temp: number } {
  if (a === "linear") return { kept: 0, temp: 0 };
  return { kept: 2 * out, temp: (a === "leakyRelu" ? 6 : 2) * out }; // LeakyReLU's gradient selects between 5 copies
}

/** A fused linear kernel's share of its output: its input gradient, or with no activation the larger of that and the output. */
export function outputOrGrad(a: Activation, out: number, inputGrad: number): number {
  return a === "linear" ? Math.max(inputGrad, out) : inputGrad;
}

/** A layer without weights: what it keeps and its temporary; inference holds its input and output. */
export function weightless(m: MemoryInput, kept: number, temp: number): LayerCost {
  return { kept, temp, infer: product(m.input) + 3 * product(m.output), weights: 0, copies: 0 };
}

/**
 * A depthwise convolution's backward temporaries: its filter gradient pads a polyphase copy of x (4 views),
 * takes 3 views of dy, then 3 tensors per tap; a strided input gradient zero-dilates dy.
 */
export function depthwiseTemp(
  input: Shape,
  depthwiseOut: Shape,
  kernelSize: number,
  stride: number,
  grad: boolean,
): number {
  const [h, w, c] = input;
  const [oh, ow] = depthwiseOut;
  const k = kernelSize;
  const s = stride;
  const D = oh * ow * c;
  const padded = Math.max(s * Math.ceil((k + (oh - 1) * s) / s) * s * Math.ceil((k + (ow - 1) * s) / s), h * w) * c;
  const dilate = grad && s > 1 ? D + 4 * s * s * D : 0;
  return Math.max(4 * padded + 3 * D + 3 * k * k * D, dilate);
}
