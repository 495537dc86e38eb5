// MaxPool2D: keeps the largest value of each poolSize × poolSize window.
import { poolCodec } from "./kit/notation.ts";
import { kerasPool, poolKerasConfig, poolMemory, poolSchema, poolStep, readPool, torchPoolWindow } from "./kit/pool.ts";
import { windowAttributes } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { padding2d } from "./kit/torch.ts";
import type { z } from "zod";

export const MaxPool2DLayer = poolSchema("maxPool2d");
export type MaxPool2DLayer = z.infer<typeof MaxPool2DLayer>;

const tex = String.raw;

export const maxPool2d = defineLayer({
  kind: "maxPool2d",
  schema: MaxPool2DLayer,
  label: "MaxPool2D",
  help: "Keeps the largest value of each window: halves the size with stride 2.",
  note: {
    title: "Max pooling",
    text: "Slides a P×P window over each channel and keeps only the largest value in it. With stride 2 it halves the height and width, keeps the strongest responses and makes the network less sensitive to small shifts. It has no weights to learn.",
    formula: tex`y_{i,j,c} = \max_{0 \le u,\, v < P} \; x_{si+u,\, sj+v,\, c}`,
    where: "x: the input; P: the window size; s: the stride; y: the output at row i, column j of channel c.",
  },
  input: "image",
  flattens: false,
  defaults: { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
  // mp<pool>[s<stride> (= pool)][p], e.g. mp3s2p
  notation: poolCodec("mp"),
  infer: (l, input) => poolStep(l, input, "MaxPool2D"),
  memory: (_l, m) => poolMemory(m),
  build: (tf, l, name) => [
    tf.layers.maxPooling2d({ name, poolSize: l.poolSize, strides: l.stride, padding: l.padding }),
  ],
  weights: () => ({ trainable: [] }),
  keras: {
    className: "MaxPooling2D",
    config: poolKerasConfig,
    read: (c) => readPool(MaxPool2DLayer, "maxPool2d", c),
    code: (l) => kerasPool("MaxPooling2D", l),
  },
  torch: (l, input) => {
    const pad = padding2d(input, l.poolSize, l.stride, l.padding);
    // TF ignores padded cells in a max: padding with -inf does the same
    return pad.explicit
      ? [
          `nn.ConstantPad2d(${pad.explicit}, float("-inf"))  # TF "same" padding, never the max`,
          `nn.MaxPool2d(${torchPoolWindow(l)})`,
        ]
      : [`nn.MaxPool2d(${torchPoolWindow(l)}${pad.symmetric})`];
  },
  pruning: {},
  onnx: (l, g, { x, input }) => g.node("MaxPool", [x], windowAttributes(input, l.poolSize, l.stride, l.padding)), // padded cells never win
  drawing: "volume",
});
