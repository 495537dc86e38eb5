// SeparableConv2D: a kernelSize × kernelSize filter per input channel (depthwise), then a 1×1 mix into `filters`
// channels (pointwise): mobile style, far fewer parameters than Conv2D.
import { z } from "zod";
import { Activation, Padding, convStride, kernelSize, numFilters } from "./kit/fields.ts";
import { checkAgainst, int, readWindow, windowFields, kerasWindowArgs } from "./kit/keras.ts";
import { activationCost, depthwiseTemp } from "./kit/memory.ts";
import { filterConvCodec } from "./kit/notation.ts";
import { needsImage, product, windowed } from "./kit/shapes.ts";
import { convKernel, depthwiseKernel, onnxActivation, windowAttributes } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { glorot, withActivation } from "./kit/tf.ts";
import { convWindow, withTorchActivation } from "./kit/torch.ts";

export const SeparableConv2DLayer = z.object({
  kind: z.literal("separableConv2d"),
  filters: numFilters,
  kernelSize,
  stride: convStride,
  padding: Padding,
  activation: Activation,
});
export type SeparableConv2DLayer = z.infer<typeof SeparableConv2DLayer>;

const tex = String.raw;

export const separableConv2d = defineLayer({
  kind: "separableConv2d",
  schema: SeparableConv2DLayer,
  label: "SeparableConv2D",
  help: "A per-channel (depthwise) filter, then a 1×1 mix: far fewer parameters.",
  note: {
    title: "Separable convolution",
    text: "A convolution split into two cheaper steps: a depthwise step filters each input channel on its own with a K×K kernel, then a pointwise 1×1 step mixes the channels into F outputs. It needs K²C + CF weights instead of K²CF, and far fewer multiplications.",
    formula: tex`\begin{aligned} d_{i,j,c} &= \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} w^{\mathrm{dw}}_{u,v,c}\, x_{si+u,\, sj+v,\, c} \\ y_{i,j,k} &= b_k + \sum_{c=1}^{C} w^{\mathrm{pw}}_{c,k}\, d_{i,j,c} \end{aligned}`,
    where:
      "x: the input, with C channels; wᵈʷ: one K×K kernel per channel; d: the depthwise result; wᵖʷ: the 1×1 weights mixing C channels into output k; s: the stride.",
  },
  input: "image",
  flattens: false,
  defaults: { kind: "separableConv2d", filters: 32, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
  // sc<filters>k<kernel>[s<stride>][p][.<activation>], as Conv2D
  notation: filterConvCodec("sc"),
  infer: (l, input) => {
    const notImage = needsImage(input, "SeparableConv2D");
    if (notImage) return { error: notImage };
    const out = windowed(input, l.kernelSize, l.stride, l.padding, "conv", l.filters);
    if (typeof out === "string") return { error: out };
    const inC = input[2];
    const k2 = l.kernelSize * l.kernelSize;
    // depthwise k×k×inC, then pointwise inC×filters, one bias per filter
    return {
      outputShape: out,
      params: k2 * inC + inC * l.filters + l.filters,
      macs: out[0] * out[1] * (k2 * inC + inC * l.filters),
    };
  },
  memory: (l, { input, output, params, grad }) => {
    const I = product(input);
    const O = product(output);
    const c = input[2];
    const D = output[0] * output[1] * c; // depthwise output, pointwise input
    const pointwiseTemp = c <= 48 ? D + O : 2 * D + O;
    const a = activationCost(l.activation, O);
    return {
      kept: I * (grad ? 2 : 1) + 2 * D + 2 * O + a.kept,
      temp: Math.max(depthwiseTemp(input, output, l.kernelSize, l.stride, grad), pointwiseTemp, a.temp),
      infer: I + D + 3 * O,
      weights: params,
      copies: 2,
    };
  },
  build: (tf, l, name, seed) =>
    withActivation(
      tf,
      (activation) =>
        tf.layers.separableConv2d({
          name,
          filters: l.filters,
          kernelSize: l.kernelSize,
          strides: l.stride,
          padding: l.padding,
          activation,
          depthMultiplier: 1,
          depthwiseInitializer: glorot(tf, seed),
          pointwiseInitializer: glorot(tf, seed + 1),
        }),
      l.activation,
      name,
    ),
  weights: (l, input) => ({
    trainable: [
      { name: "depthwise_kernel", shape: [l.kernelSize, l.kernelSize, input[2], 1] },
      { name: "pointwise_kernel", shape: [1, 1, input[2], l.filters] },
      { name: "bias", shape: [l.filters] },
    ],
  }),
  keras: {
    className: "SeparableConv2D",
    config: z.object({ ...windowFields, filters: z.number(), depth_multiplier: int.optional() }),
    read: (c) => {
      if (c.depth_multiplier !== undefined && c.depth_multiplier !== 1) return "depth_multiplier must be 1";
      const w = readWindow(c);
      return typeof w === "string"
        ? w
        : checkAgainst(SeparableConv2DLayer, { kind: "separableConv2d", filters: c.filters, padding: c.padding, ...w });
    },
    code: (l) => `layers.SeparableConv2D(${l.filters}, ${kerasWindowArgs(l)})`,
  },
  torch: (l, input) => {
    const inC = input[2];
    const window = convWindow(input, l.kernelSize, l.stride, l.padding);
    return withTorchActivation(
      [
        ...window.before,
        `nn.Conv2d(${inC}, ${inC}, ${window.args}, groups=${inC}, bias=False)  # depthwise`,
        `nn.Conv2d(${inC}, ${l.filters}, kernel_size=1)  # pointwise; its bias is the separable conv's only one`,
      ],
      l.activation,
    );
  },
  pruning: {
    // the pointwise kernel holds the outputs; the depthwise kernel loses the pruned input channels
    outputs: { kernelIndex: 1, count: (l) => l.filters, resize: (l, filters) => ({ ...l, filters }) },
    slice: ([depthwise, pointwise, bias], keep, gather) => [
      gather(depthwise, keep.input, 2),
      gather(gather(pointwise, keep.input, 2), keep.output, 3),
      gather(bias, keep.output, 0),
    ],
  },
  onnx: (l, g, { x, input, weights: [depthwise, pointwise, bias] }) => {
    const c = input[2];
    const k = l.kernelSize;
    const dw = g.weight(depthwiseKernel(depthwise, [k, k, c]), [c, 1, k, k], { kernelAxis: 0 });
    const d = g.node("Conv", [x, dw], { ...windowAttributes(input, l.kernelSize, l.stride, l.padding), group: c });
    const pw = g.weight(convKernel(pointwise, [1, 1, c, l.filters]), [l.filters, c, 1, 1], { kernelAxis: 0 });
    return onnxActivation(
      g,
      g.node("Conv", [d, pw, g.weight(bias, [l.filters], "bias")], { kernel_shape: [1, 1] }),
      l.activation,
    );
  },
  drawing: "volume",
});
