// Dense: `units` outputs, each a weighted sum of every input plus a bias, then the activation.
import { z } from "zod";
import { Activation, LAYER_LIMITS } from "./kit/fields.ts";
import { activationOf, checkAgainst, commonFields, kerasActivationArg } from "./kit/keras.ts";
import { activationCost, isFused, outputOrGrad } from "./kit/memory.ts";
import { ACT, INT, act, num } from "./kit/notation.ts";
import { denseStep, product } from "./kit/shapes.ts";
import { onnxActivation } from "./kit/onnx.ts";
import { defineLayer } from "./kit/spec.ts";
import { glorot, withActivation } from "./kit/tf.ts";
import { withTorchActivation } from "./kit/torch.ts";

export const DenseLayer = z.object({
  kind: z.literal("dense"),
  units: z.number().int().min(1).max(LAYER_LIMITS.maxUnits),
  activation: Activation,
});
export type DenseLayer = z.infer<typeof DenseLayer>;

const tex = String.raw;

/** The Keras Dense config; the softmax head is read with it too. */
export const DenseKerasConfig = z.object({
  ...commonFields,
  units: z.number(),
  activation: z.string().max(30).nullable().optional(),
  use_bias: z.boolean().optional(),
});

export const dense = defineLayer({
  kind: "dense",
  schema: DenseLayer,
  label: "Dense",
  help: "Every input connected to every unit.",
  note: {
    title: "Dense (fully connected) layer",
    text: "Every output is a weighted sum of all the inputs plus a bias, followed by the activation. There is one weight per input–output pair, which is why a dense layer right after Flatten often holds most of a model's parameters.",
    formula: tex`y = f(Wx + b), \qquad y_k = f\Big(b_k + \sum_{j=1}^{n} W_{kj}\, x_j\Big)`,
    where: "x: the n inputs; W: the weights (one row per output); b: the biases; f: the activation.",
  },
  input: "flat",
  flattens: false,
  defaults: { kind: "dense", units: 64, activation: "relu" },
  // d<units>[.<activation> (relu)], e.g. d64.tanh
  notation: {
    code: "d",
    example: "d64.tanh",
    pattern: new RegExp(`^${INT}${ACT}$`),
    read: ([units, activation]) => ({ units: num(units), activation: activation ?? "relu" }),
    write: (l) => `d${l.units}${act(l.activation)}`,
  },
  infer: (l, input) => denseStep(l.units, input, "Dense"),
  memory: (l, { input, output, params, grad }) => {
    const I = product(input);
    const O = product(output);
    if (!isFused(l.activation))
      return { kept: I * (grad ? 2 : 1) + 4 * O, temp: I + 2 * O, infer: I + 3 * O, weights: params, copies: 2 };
    // fused: x is saved twice (reshape, matMul) and gets two gradients; the transposed x of dW is the temporary
    const a = activationCost(l.activation, O);
    return {
      kept: 2 * I + O + outputOrGrad(l.activation, O, grad ? 2 * I : 0) + a.kept,
      temp: I + Math.max(O, a.temp),
      infer: I + 3 * O,
      weights: params,
      copies: 4,
    };
  },
  build: (tf, l, name, seed) =>
    withActivation(
      tf,
      (activation) =>
        tf.layers.dense({
          name,
          units: l.units,
          activation,
          kernelInitializer: glorot(tf, seed),
        }),
      l.activation,
      name,
    ),
  weights: (l, input) => ({
    trainable: [
      { name: "kernel", shape: [input[0], l.units] },
      { name: "bias", shape: [l.units] },
    ],
  }),
  keras: {
    className: "Dense",
    config: DenseKerasConfig,
    read: (c) => {
      if (c.use_bias === false) return "use_bias must be true";
      const activation = activationOf(c.activation);
      if (typeof activation !== "string") return activation.error;
      return checkAgainst(DenseLayer, { kind: "dense", units: c.units, activation });
    },
    code: (l) => `layers.Dense(${l.units}${kerasActivationArg(l.activation)})`,
  },
  torch: (l, input) => withTorchActivation([`nn.Linear(${input[0]}, ${l.units})`], l.activation),
  pruning: {
    outputs: { kernelIndex: 0, count: (l) => l.units, resize: (l, units) => ({ ...l, units }) },
    slice: ([kernel, bias], keep, gather) => [
      gather(gather(kernel, keep.input, 0), keep.output, 1),
      gather(bias, keep.output, 0),
    ],
  },
  onnx: (l, g, { x, input, weights: [kernel, bias] }) =>
    onnxActivation(
      g,
      g.node("Gemm", [x, g.weight(kernel, [input[0], l.units], { kernelAxis: 1 }), g.weight(bias, [l.units], "bias")]),
      l.activation,
    ),
  drawing: "bar",
});
