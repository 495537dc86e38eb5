// The layer kinds: one module each in this folder declares everything about its kind (settings schema, link
// notation, shape and cost rules, tfjs builder, Keras and PyTorch code, pruning, drawing). The rest of the app
// iterates this registry; adding a kind is one module here plus its line below.
import { z } from "zod";
import { avgPool2d } from "./avgPool2d.ts";
import { batchNorm } from "./batchNorm.ts";
import { conv2d } from "./conv2d.ts";
import { dense } from "./dense.ts";
import { depthwiseConv2d } from "./depthwiseConv2d.ts";
import { dropout } from "./dropout.ts";
import { flatten } from "./flatten.ts";
import { globalAvgPool2d } from "./globalAvgPool2d.ts";
import type { LayerSpec } from "./kit/spec.ts";
import { maxPool2d } from "./maxPool2d.ts";
import { separableConv2d } from "./separableConv2d.ts";

/** Every kind, in the order the "Add layer" menu lists them. */
const SPECS = [
  conv2d,
  separableConv2d,
  depthwiseConv2d,
  maxPool2d,
  avgPool2d,
  batchNorm,
  dropout,
  flatten,
  globalAvgPool2d,
  dense,
] as const;

/** One layer of the stack; the softmax classifier head is implied after the last one. */
export const LayerConfig = z.discriminatedUnion("kind", [
  conv2d.schema,
  separableConv2d.schema,
  depthwiseConv2d.schema,
  maxPool2d.schema,
  avgPool2d.schema,
  batchNorm.schema,
  dropout.schema,
  flatten.schema,
  globalAvgPool2d.schema,
  dense.schema,
]);
export type LayerConfig = z.infer<typeof LayerConfig>;
export type LayerKind = LayerConfig["kind"];
/** The config of one layer kind, e.g. `LayerOf<"dense">`. */
export type LayerOf<K extends LayerKind> = Extract<LayerConfig, { kind: K }>;

/** The spec of each kind, by kind id. */
export const LAYER_SPECS = Object.fromEntries(SPECS.map((spec) => [spec.kind, spec])) as unknown as {
  [K in LayerKind]: LayerSpec<LayerOf<K>>;
};

/** Layer kinds in the order the "Add layer" menu lists them. */
export const LAYER_KINDS = SPECS.map((spec) => spec.kind) as readonly LayerKind[];

/** The spec of a layer's kind, typed for that layer. */
export function specOf<L extends LayerConfig>(layer: L): LayerSpec<L> {
  return LAYER_SPECS[layer.kind] as unknown as LayerSpec<L>;
}
