// GlobalAveragePooling2D: each channel averaged over height and width to one number.
import { z } from "zod";
import { channelsLast, commonFields } from "./kit/keras.ts";
import { weightless } from "./kit/memory.ts";
import { bareCodec } from "./kit/notation.ts";
import { needsImage, product } from "./kit/shapes.ts";
import { defineLayer } from "./kit/spec.ts";

export const GlobalAvgPoolLayer = z.object({ kind: z.literal("globalAvgPool2d") });
export type GlobalAvgPoolLayer = z.infer<typeof GlobalAvgPoolLayer>;

export const globalAvgPool2d = defineLayer({
  kind: "globalAvgPool2d",
  schema: GlobalAvgPoolLayer,
  label: "GlobalAveragePooling2D",
  help: "Averages each feature map to one number.",
  note: { sameAs: "avgPool2d" },
  input: "image",
  flattens: true,
  defaults: { kind: "globalAvgPool2d" },
  notation: bareCodec("gap"),
  infer: (_l, input) => {
    const notImage = needsImage(input, "GlobalAveragePooling2D");
    return notImage ? { error: notImage } : { outputShape: [input[2]], params: 0, macs: 0 };
  },
  memory: (_l, m) =>
    weightless(
      m,
      product(m.input) + (m.grad ? product(m.input) : product(m.output)),
      m.grad ? 2 * product(m.input) : 0,
    ),
  build: (tf, _l, name) => [tf.layers.globalAveragePooling2d({ name })],
  weights: () => ({ trainable: [] }),
  keras: {
    className: "GlobalAveragePooling2D",
    config: z.object({ ...commonFields, data_format: z.string().max(30).optional() }),
    read: (c) => channelsLast(c.data_format) ?? { kind: "globalAvgPool2d" as const },
    code: () => "layers.GlobalAveragePooling2D()",
  },
  torch: () => ["nn.AdaptiveAvgPool2d(1)", "nn.Flatten()"],
  pruning: {},
  onnx: (_l, g, { x }) => g.node("Flatten", [g.node("GlobalAveragePool", [x])], { axis: 1 }),
  drawing: "bar",
});
