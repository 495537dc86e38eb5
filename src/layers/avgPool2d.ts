// AvgPool2D: keeps the mean of each poolSize × poolSize window.
import { poolCodec } from "./kit/notation.ts";
import { kerasPool, poolKerasConfig, poolMemory, poolSchema, poolStep, readPool, torchPoolWindow } from "./kit/pool.ts";
import { windowAttributes } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { padding2d } from "./kit/torch.ts";
import type { z } from "zod";

export const AvgPool2DLayer = poolSchema("avgPool2d");
export type AvgPool2DLayer = z.infer<typeof AvgPool2DLayer>;

const tex = String.raw;

export const avgPool2d = defineLayer({
  kind: "avgPool2d",
  schema: AvgPool2DLayer,
  label: "AvgPool2D",
  help: "Keeps the mean of each window.",
  note: {
    title: "Average pooling",
    text: "Slides a P×P window over each channel and keeps the mean of the values in it. Global average pooling is the extreme case: the window covers the whole H×W feature map, so each channel becomes one number. Neither has weights to learn.",
    formula: tex`\begin{aligned} y_{i,j,c} &= \frac{1}{P^2} \sum_{u=0}^{P-1} \sum_{v=0}^{P-1} x_{si+u,\, sj+v,\, c} \\ \text{global: } y_c &= \frac{1}{HW} \sum_{i=1}^{H} \sum_{j=1}^{W} x_{i,j,c} \end{aligned}`,
    where: "x: the input; P: the window size; s: the stride; H, W: the height and width of the feature map.",
  },
  input: "image",
  flattens: false,
  defaults: { kind: "avgPool2d", poolSize: 2, stride: 2, padding: "valid" },
  // ap<pool>[s<stride> (= pool)][p], as MaxPool2D
  notation: poolCodec("ap"),
  infer: (l, input) => poolStep(l, input, "AvgPool2D"),
  memory: (_l, m) => poolMemory(m),
  build: (tf, l, name) => [
    tf.layers.averagePooling2d({ name, poolSize: l.poolSize, strides: l.stride, padding: l.padding }),
  ],
  weights: () => ({ trainable: [] }),
  keras: {
    className: "AveragePooling2D",
    config: poolKerasConfig,
    read: (c) => readPool(AvgPool2DLayer, "avgPool2d", c),
    code: (l) => kerasPool("AveragePooling2D", l),
  },
  torch: (l, input) => {
    const pad = padding2d(input, l.poolSize, l.stride, l.padding);
    // uneven "same" padding: a module of the script's own (AvgPool2dSame) leaves padded cells out of each mean
    if (pad.explicit) return [`AvgPool2dSame(${torchPoolWindow(l)}, pad=${pad.explicit})`];
    if (!pad.symmetric) return [`nn.AvgPool2d(${torchPoolWindow(l)})`];
    return [
      `nn.AvgPool2d(${torchPoolWindow(l)}${pad.symmetric}, count_include_pad=False)  # TF averages real pixels only`,
    ];
  },
  pruning: {},
  // TF averages the real pixels only: count_include_pad 0
  onnx: (l, g, { x, input }) =>
    g.node("AveragePool", [x], { ...windowAttributes(input, l.poolSize, l.stride, l.padding), count_include_pad: 0 }),
  drawing: "volume",
});
