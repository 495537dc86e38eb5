// BatchNormalization over the last axis (channels or units): normalizes with batch statistics while training.
import { z } from "zod";
import { commonFields, int } from "./kit/keras.ts";
import { weightless } from "./kit/memory.ts";
import { bareCodec } from "./kit/notation.ts";
import { product } from "./kit/shapes.ts";
import { defineLayer } from "./kit/spec.ts";

export const BatchNormLayer = z.object({ kind: z.literal("batchNorm") });
export type BatchNormLayer = z.infer<typeof BatchNormLayer>;

const tex = String.raw;
const channelsOf = (input: readonly number[]) => input[input.length - 1];

export const batchNorm = defineLayer({
  kind: "batchNorm",
  schema: BatchNormLayer,
  label: "BatchNormalization",
  help: "Normalizes each channel over the batch; steadies training.",
  note: {
    title: "Batch normalization",
    text: "Shifts and rescales each channel so that, over a batch, it has mean 0 and variance 1, then lets the network learn its own scale γ and shift β. This keeps values in a steady range, which usually makes training faster and more stable. At test time it uses running averages of the mean and variance instead of the batch's.",
    formula: tex`\hat{x} = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad y = \gamma\, \hat{x} + \beta`,
    where:
      "μ_B, σ²_B: the mean and variance of the channel over the batch; ε: a tiny number that avoids dividing by 0; γ, β: learned scale and shift.",
  },
  input: "any",
  flattens: false,
  defaults: { kind: "batchNorm" },
  notation: bareCodec("bn"),
  // gamma, beta, moving mean, moving variance per channel (countParams counts all four)
  infer: (_l, input) => ({ outputShape: input, params: 4 * channelsOf(input), macs: 0 }),
  // moments (mean, x − mean, its square, mean) and the normalization each save x, and each gets a gradient
  memory: (_l, m) => ({
    ...weightless(m, 15 * product(m.input), 3 * product(m.input)),
    weights: m.params / 2,
    copies: 2,
  }),
  build: (tf, _l, name) => [tf.layers.batchNormalization({ name })],
  weights: (_l, input) => ({
    trainable: [
      { name: "gamma", shape: [channelsOf(input)] },
      { name: "beta", shape: [channelsOf(input)] },
    ],
    moving: [
      { name: "moving_mean", shape: [channelsOf(input)] },
      { name: "moving_variance", shape: [channelsOf(input)] },
    ],
  }),
  keras: {
    className: "BatchNormalization",
    config: z.object({
      ...commonFields,
      axis: z.union([int, z.tuple([int])]).optional(),
      epsilon: z.number().optional(),
      center: z.boolean().optional(),
      scale: z.boolean().optional(),
    }),
    read: (c) => {
      const axis = Array.isArray(c.axis) ? c.axis[0] : c.axis;
      if (axis !== undefined && axis !== -1) return `axis ${axis} is not allowed (-1)`;
      if (c.epsilon !== undefined && c.epsilon !== 0.001) return `epsilon ${c.epsilon} is not allowed (0.001)`;
      if (c.center === false || c.scale === false) return "center and scale must be true";
      return { kind: "batchNorm" as const };
    },
    code: () => "layers.BatchNormalization()", // momentum 0.99, epsilon 1e-3: the tfjs defaults too
  },
  torch: (_l, input) => {
    const norm = input.length === 3 ? "BatchNorm2d" : "BatchNorm1d";
    // Keras momentum 0.99 weights the old statistics; PyTorch's momentum weights the new batch
    return [`nn.${norm}(${channelsOf(input)}, eps=1e-3, momentum=0.01)`];
  },
  pruning: { slice: (weights, keep, gather) => weights.map((w) => gather(w, keep.input, 0)) },
  // channel axis 1 in NCHW and in [N, units] alike; tfjs's epsilon
  onnx: (_l, g, { x, input, weights }) => {
    const dims = [channelsOf(input)];
    return g.node("BatchNormalization", [x, ...weights.map((w) => g.weight(w, dims, "norm"))], {
      epsilon: { float: 0.001 },
    });
  },
  drawing: "marker",
});
