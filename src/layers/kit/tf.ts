// Building blocks for the tfjs layers of several kinds; tfjs itself is passed in (type imports only here).
import type { Activation } from "./fields.ts";
import { LEAKY_RELU_ALPHA } from "./fields.ts";
import type { Tfjs, TfLayer } from "./spec.ts";

/** tfjs's activation strings (it has no "leakyRelu"). */
export type TfActivation = "relu" | "elu" | "tanh" | "sigmoid" | "linear";

/** Glorot-uniform initial weights, fixed by `seed`. */
export const glorot = (tf: Tfjs, seed: number) => tf.initializers.glorotUniform({ seed });

/** The layer `core` makes, with its activation; a leaky one gets a linear kernel plus a LeakyReLU layer. */
export function withActivation(
  tf: Tfjs,
  core: (activation: TfActivation) => TfLayer,
  activation: Activation,
  name: string,
): TfLayer[] {
  if (activation !== "leakyRelu") return [core(activation)];
  return [core("linear"), tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA, name: `${name}_leaky` })];
}
