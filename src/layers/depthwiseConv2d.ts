// DepthwiseConv2D: one kernelSize × kernelSize filter per input channel, no mixing between channels; the output has
// as many channels as the input (depth multiplier 1). Half of a separable convolution, without the 1×1 mix.
import { z } from "zod";
import { Activation, Padding, convStride, kernelSize } from "./kit/fields.ts";
import { checkAgainst, int, readWindow, windowFields, kerasWindowArgs } from "./kit/keras.ts";
import { activationCost, depthwiseTemp } from "./kit/memory.ts";
import { ACT, INT, act, num, pad, readPadding } from "./kit/notation.ts";
import { needsImage, product, windowed } from "./kit/shapes.ts";
import { depthwiseKernel, onnxActivation, windowAttributes } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { glorot, withActivation } from "./kit/tf.ts";
import { convWindow, withTorchActivation } from "./kit/torch.ts";

export const DepthwiseConv2DLayer = z.object({
  kind: z.literal("depthwiseConv2d"),
  kernelSize,
  stride: convStride,
  padding: Padding,
  activation: Activation,
});
export type DepthwiseConv2DLayer = z.infer<typeof DepthwiseConv2DLayer>;

const tex = String.raw;

export const depthwiseConv2d = defineLayer({
  kind: "depthwiseConv2d",
  schema: DepthwiseConv2DLayer,
  label: "DepthwiseConv2D",
  help: "One filter per channel, no mixing: as many channels out as in, very few weights.",
  note: {
    title: "Depthwise convolution",
    text: "Each input channel gets its own K×K filter and is filtered on its own: channels are never mixed, so the output has as many channels as the input. It needs only K²C weights and C biases, against K²CF for a Conv2D with F filters. Follow it with a 1×1 Conv2D to mix channels (that pair is a separable convolution).",
    formula: tex`y_{i,j,c} = b_c + \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} w_{u,v,c}\, x_{si+u,\, sj+v,\, c}`,
    where:
      "x: the input, with C channels; w: one K×K kernel per channel c; b: its bias; s: the stride; y: the output at row i, column j of channel c.",
  },
  input: "image",
  flattens: false,
  defaults: { kind: "depthwiseConv2d", kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
  // dw<kernel>[s<stride> (1)][p: same padding (valid)][.<activation> (relu)], e.g. dw3s2p.tanh
  notation: {
    code: "dw",
    example: "dw3s2p.tanh",
    pattern: new RegExp(`^${INT}(?:s${INT})?([pv])?${ACT}$`),
    read: ([size, stride, padding, activation]) => ({
      kernelSize: num(size),
      stride: stride === undefined ? 1 : num(stride),
      padding: readPadding(padding),
      activation: activation ?? "relu",
    }),
    write: (l) => `dw${l.kernelSize}${l.stride === 1 ? "" : `s${l.stride}`}${pad(l.padding)}${act(l.activation)}`,
  },
  infer: (l, input) => {
    const notImage = needsImage(input, "DepthwiseConv2D");
    if (notImage) return { error: notImage };
    const channels = input[2];
    const out = windowed(input, l.kernelSize, l.stride, l.padding, "conv", channels);
    if (typeof out === "string") return { error: out };
    const k2 = l.kernelSize * l.kernelSize;
    return { outputShape: out, params: k2 * channels + channels, macs: out[0] * out[1] * k2 * channels };
  },
  // the depthwise half of a separable conv: x (twice with an input gradient), the conv and biased outputs saved
  memory: (l, { input, output, params, grad }) => {
    const I = product(input);
    const O = product(output);
    const a = activationCost(l.activation, O);
    return {
      kept: I * (grad ? 2 : 1) + 3 * O + a.kept,
      temp: Math.max(depthwiseTemp(input, output, l.kernelSize, l.stride, grad), 2 * O, a.temp),
      infer: I + 3 * O,
      weights: params,
      copies: 2,
    };
  },
  build: (tf, l, name, seed) =>
    withActivation(
      tf,
      (activation) =>
        tf.layers.depthwiseConv2d({
          name,
          kernelSize: l.kernelSize,
          strides: l.stride,
          padding: l.padding,
          activation,
          depthMultiplier: 1,
          depthwiseInitializer: glorot(tf, seed),
        }),
      l.activation,
      name,
    ),
  weights: (l, input) => ({
    trainable: [
      { name: "depthwise_kernel", shape: [l.kernelSize, l.kernelSize, input[2], 1] },
      { name: "bias", shape: [input[2]] },
    ],
  }),
  keras: {
    className: "DepthwiseConv2D",
    config: z.object({ ...windowFields, depth_multiplier: int.optional() }),
    read: (c) => {
      if (c.depth_multiplier !== undefined && c.depth_multiplier !== 1) return "depth_multiplier must be 1";
      const w = readWindow(c);
      return typeof w === "string"
        ? w
        : checkAgainst(DepthwiseConv2DLayer, { kind: "depthwiseConv2d", padding: c.padding, ...w });
    },
    code: (l) => `layers.DepthwiseConv2D(${kerasWindowArgs(l)})`,
  },
  torch: (l, input) => {
    const channels = input[2];
    const window = convWindow(input, l.kernelSize, l.stride, l.padding);
    return withTorchActivation(
      [...window.before, `nn.Conv2d(${channels}, ${channels}, ${window.args}, groups=${channels})  # depthwise`],
      l.activation,
    );
  },
  pruning: {
    // not prunable itself (its outputs are its inputs): it keeps the filters and biases of the surviving channels
    slice: ([depthwise, bias], keep, gather) => [gather(depthwise, keep.input, 2), gather(bias, keep.input, 0)],
  },
  onnx: (l, g, { x, input, weights: [depthwise, bias] }) => {
    const c = input[2];
    const w = g.weight(
      depthwiseKernel(depthwise, [l.kernelSize, l.kernelSize, c]),
      [c, 1, l.kernelSize, l.kernelSize],
      { kernelAxis: 0 },
    );
    const y = g.node("Conv", [x, w, g.weight(bias, [c], "bias")], {
      ...windowAttributes(input, l.kernelSize, l.stride, l.padding),
      group: c,
    });
    return onnxActivation(g, y, l.activation);
  },
  drawing: "volume",
});
