// Dropout: zeroes a fraction `rate` of the activations while training; does nothing at test time.
import { z } from "zod";
import { commonFields, checkAgainst } from "./kit/keras.ts";
import { weightless } from "./kit/memory.ts";
import { formatNumber, num } from "./kit/notation.ts";
import { product } from "./kit/shapes.ts";
import { defineLayer } from "./kit/spec.ts";

export const DropoutLayer = z.object({ kind: z.literal("dropout"), rate: z.number().min(0).max(0.9) });
export type DropoutLayer = z.infer<typeof DropoutLayer>;

const tex = String.raw;

export const dropout = defineLayer({
  kind: "dropout",
  schema: DropoutLayer,
  label: "Dropout",
  help: "Randomly zeroes activations while training, against over-fitting.",
  note: {
    title: "Dropout",
    text: "While training, each value is set to 0 with probability p, and the survivors are scaled up by 1/(1 − p) so the total stays about the same. The network cannot rely on any single unit, which reduces overfitting. At test time dropout does nothing.",
    formula: tex`y_i = \frac{m_i\, x_i}{1 - p}, \qquad m_i \sim \mathrm{Bernoulli}(1 - p)`,
    where:
      "p: the dropout rate; m: a random mask, 1 (keep) with probability 1 − p, drawn anew for every example and step.",
  },
  input: "any",
  flattens: false,
  defaults: { kind: "dropout", rate: 0.25 },
  // do<rate>, e.g. do0.25
  notation: {
    code: "do",
    example: "do0.25",
    pattern: /^(.*)$/,
    read: ([rate]) => ({ rate: num(rate) }),
    write: (l) => `do${formatNumber(l.rate)}`,
  },
  infer: (_l, input) => ({ outputShape: input, params: 0, macs: 0 }),
  // 4 saved tensors of the mask arithmetic and its gradient or output; the 5 tensors of the mask while it runs;
  // rate 0 returns a clone of x (gradient: a cast of dy)
  memory: (l, m) =>
    l.rate > 0 ? weightless(m, 5 * product(m.input), 5 * product(m.input)) : weightless(m, product(m.input), 0),
  build: (tf, l, name, seed) => [tf.layers.dropout({ name, rate: l.rate, seed })],
  weights: () => ({ trainable: [] }),
  keras: {
    className: "Dropout",
    config: z.object({ ...commonFields, rate: z.number(), noise_shape: z.null().optional() }),
    read: (c) => checkAgainst(DropoutLayer, { kind: "dropout", rate: c.rate }),
    code: (l) => `layers.Dropout(${l.rate})`,
  },
  torch: (l) => [`nn.Dropout(${l.rate})`],
  pruning: {},
  onnx: (_l, _g, { x }) => x, // nothing at inference
  drawing: "marker",
});
