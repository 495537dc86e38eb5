// Flatten: height × width × channels laid out as one vector (channels fastest).
import { z } from "zod";
import { commonFields } from "./kit/keras.ts";
import { weightless } from "./kit/memory.ts";
import { bareCodec } from "./kit/notation.ts";
import { product } from "./kit/shapes.ts";
import { defineLayer } from "./kit/spec.ts";

export const FlattenLayer = z.object({ kind: z.literal("flatten") });
export type FlattenLayer = z.infer<typeof FlattenLayer>;

const tex = String.raw;

export const flatten = defineLayer({
  kind: "flatten",
  schema: FlattenLayer,
  label: "Flatten",
  help: "Turns height × width × channels into one long vector.",
  note: {
    title: "Flatten",
    text: "Lays a height × width × channels block of numbers out as one long vector, row by row, so that a dense layer can take it. Nothing is learned: only the shape changes.",
    formula: tex`\mathbb{R}^{H \times W \times C} \to \mathbb{R}^{HWC}, \qquad z_{(iW + j)C + c} = x_{i,j,c}`,
    where: "H, W, C: height, width and channels; indices start at 0, and the channel changes fastest.",
  },
  input: "image",
  flattens: true,
  defaults: { kind: "flatten" },
  notation: bareCodec("f"),
  infer: (_l, input) => {
    if (input.length === 1) return { error: `The input is already flat (${input[0]} values): remove this Flatten.` };
    return { outputShape: [product(input)], params: 0, macs: 0 };
  },
  memory: (_l, m) => weightless(m, 2 * product(m.input), 0),
  build: (tf, _l, name) => [tf.layers.flatten({ name })],
  weights: () => ({ trainable: [] }),
  keras: {
    className: "Flatten",
    config: z.object({ ...commonFields, data_format: z.string().max(30).nullable().optional() }),
    read: () => ({ kind: "flatten" as const }),
    code: () => "layers.Flatten()",
  },
  torch: () => ["nn.Flatten()  # C*H*W order (Keras: H*W*C): same model, permuted weights in the next Linear"],
  pruning: {
    // each position of the image keeps the surviving channels
    channels: (before, input) => {
      if (!before) return null;
      const channels = input[input.length - 1];
      const positions = product(input.slice(0, -1));
      return Array.from({ length: positions }, (_, p) => before.map((c) => p * channels + c)).flat();
    },
  },
  // back to HWC order first, as Keras flattens it
  onnx: (_l, g, { x }) => g.node("Flatten", [g.node("Transpose", [x], { perm: [0, 2, 3, 1] })], { axis: 1 }),
  drawing: "bar",
});
