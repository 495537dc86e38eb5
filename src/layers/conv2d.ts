// Conv2D: `filters` learned kernels of kernelSize × kernelSize slide over the image; each makes one feature map.
import { z } from "zod";
import { Activation, Padding, convStride, kernelSize, numFilters } from "./kit/fields.ts";
import { windowFields, readWindow, checkAgainst, kerasWindowArgs } from "./kit/keras.ts";
import { activationCost, isFused, outputOrGrad } from "./kit/memory.ts";
import { filterConvCodec } from "./kit/notation.ts";
import { needsImage, product, windowed } from "./kit/shapes.ts";
import { convKernel, onnxActivation, windowAttributes } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { glorot, withActivation } from "./kit/tf.ts";
import { convWindow, withTorchActivation } from "./kit/torch.ts";

export const Conv2DLayer = z.object({
  kind: z.literal("conv2d"),
  filters: numFilters,
  kernelSize,
  stride: convStride,
  padding: Padding,
  activation: Activation,
});
export type Conv2DLayer = z.infer<typeof Conv2DLayer>;

const tex = String.raw;

export const conv2d = defineLayer({
  kind: "conv2d",
  schema: Conv2DLayer,
  label: "Conv2D",
  help: "Slides learned filters over the image; each filter makes one feature map.",
  note: {
    title: "Convolution (Conv2D)",
    text: "Each filter is a small grid of weights that slides over the image. At every position it multiplies the values under it by its weights and adds them up, so it responds strongly where its pattern (an edge, a curve) appears. Each filter makes one output channel, called a feature map.",
    formula: tex`y_{i,j,k} = b_k + \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} \sum_{c=1}^{C} w_{u,v,c,k}\, x_{si+u,\, sj+v,\, c}`,
    where:
      "x: the input, with C channels; w: the K×K×C weights of filter k; b: its bias; s: the stride; y: the output at row i, column j of channel k. The activation is applied afterwards; “same” padding adds zeros around the border to keep the size.",
  },
  input: "image",
  flattens: false,
  defaults: { kind: "conv2d", filters: 16, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
  // c<filters>k<kernel>[s<stride> (1)][p: same padding (valid)][.<activation> (relu)], e.g. c32k3s2p.tanh
  notation: filterConvCodec("c"),
  infer: (l, input) => {
    const notImage = needsImage(input, "Conv2D");
    if (notImage) return { error: notImage };
    const out = windowed(input, l.kernelSize, l.stride, l.padding, "conv", l.filters);
    if (typeof out === "string") return { error: out };
    const taps = l.kernelSize * l.kernelSize * input[2];
    return { outputShape: out, params: taps * l.filters + l.filters, macs: out[0] * out[1] * taps * l.filters };
  },
  memory: (l, { input, output, params, grad }) => {
    const I = product(input);
    const O = product(output);
    const g = grad ? 1 : 0;
    const taps = l.kernelSize * l.kernelSize * input[2];
    // filter gradient: an im2col matrix times dy (stride 1, few rows), else a convolution of transposed x and dy
    const filterTemp = l.stride === 1 && taps <= 48 ? taps * output[0] * output[1] + O : 2 * I + O;
    const weighted = { infer: I + 3 * O, weights: params, copies: 2 };
    // unfused: x, the conv output and the biased output saved; gradients of both outputs and of x
    if (!isFused(l.activation)) return { kept: I * (1 + g) + 4 * O, temp: Math.max(filterTemp, 2 * O), ...weighted };
    // fused: x and the output saved; the output itself lives through the forward pass (a layer output's gradient
    // is counted by the next layer, except on the first layer, which gets no input gradient)
    const a = activationCost(l.activation, O);
    return {
      kept: I + O + outputOrGrad(l.activation, O, g * I) + a.kept,
      temp: Math.max(filterTemp, a.temp),
      ...weighted,
    };
  },
  build: (tf, l, name, seed) =>
    withActivation(
      tf,
      (activation) =>
        tf.layers.conv2d({
          name,
          filters: l.filters,
          kernelSize: l.kernelSize,
          strides: l.stride,
          padding: l.padding,
          activation,
          kernelInitializer: glorot(tf, seed),
        }),
      l.activation,
      name,
    ),
  weights: (l, input) => ({
    trainable: [
      { name: "kernel", shape: [l.kernelSize, l.kernelSize, input[2], l.filters] },
      { name: "bias", shape: [l.filters] },
    ],
  }),
  keras: {
    className: "Conv2D",
    config: z.object({ ...windowFields, filters: z.number() }),
    read: (c) => {
      const w = readWindow(c);
      return typeof w === "string"
        ? w
        : checkAgainst(Conv2DLayer, { kind: "conv2d", filters: c.filters, padding: c.padding, ...w });
    },
    code: (l) => `layers.Conv2D(${l.filters}, ${kerasWindowArgs(l)})`,
  },
  torch: (l, input) => {
    const window = convWindow(input, l.kernelSize, l.stride, l.padding);
    return withTorchActivation(
      [...window.before, `nn.Conv2d(${input[2]}, ${l.filters}, ${window.args})`],
      l.activation,
    );
  },
  pruning: {
    outputs: { kernelIndex: 0, count: (l) => l.filters, resize: (l, filters) => ({ ...l, filters }) },
    slice: ([kernel, bias], keep, gather) => [
      gather(gather(kernel, keep.input, 2), keep.output, 3),
      gather(bias, keep.output, 0),
    ],
  },
  onnx: (l, g, { x, input, weights: [kernel, bias] }) => {
    const k = l.kernelSize;
    const w = g.weight(convKernel(kernel, [k, k, input[2], l.filters]), [l.filters, input[2], k, k], { kernelAxis: 0 });
    const y = g.node(
      "Conv",
      [x, w, g.weight(bias, [l.filters], "bias")],
      windowAttributes(input, l.kernelSize, l.stride, l.padding),
    );
    return onnxActivation(g, y, l.activation);
  },
  drawing: "volume",
});
