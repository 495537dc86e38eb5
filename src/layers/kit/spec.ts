// What a layer kind declares: everything the rest of the app needs to know about it, in one place.
import type * as Tf from "@tensorflow/tfjs";
import type { z } from "zod";
import type { LayerCost, MemoryInput } from "./memory.ts";
import type { LayerCodec } from "./notation.ts";
import type { OnnxGraph, OnnxInput } from "./onnx.ts";
import type { Shape, Step } from "./shapes.ts";

/** The tfjs namespace, passed in by the model builder: layer modules import tfjs's types only, never its code. */
export type Tfjs = typeof Tf;
export type TfLayer = Tf.layers.Layer;

/** Name (as tfjs saves it after "layerN_kind/") and shape of one weight. */
export interface WeightShape {
  name: string;
  shape: number[];
}

/** Surviving channel indices of a pruned model; null keeps all. */
export type Keep = number[] | null;
/** Selects the `keep` indices along `axis` of a weight (all of them when null), giving a new weight. */
export type Gather<T> = (weight: T, keep: Keep, axis: number) => T;

/** How structured filter pruning treats a layer kind (absent parts: no weights, channels pass through). */
export interface PruningRule<L> {
  /** A prunable layer: the weight whose last axis holds its outputs, how many it has, and the layer with `n`. */
  outputs?: { kernelIndex: number; count: (layer: L) => number; resize: (layer: L, n: number) => L };
  /** The layer's weights cut to the surviving input channels and outputs. */
  slice?: <T>(weights: T[], keep: { input: Keep; output: Keep }, gather: Gather<T>) => T[];
  /** The channels that survive after this layer, given those before it and its input shape (default: the same). */
  channels?: (before: Keep, input: Shape) => Keep;
}

/** The Keras class of a layer kind: its config schema, how a config reads back, and the Python expressions that make it. */
export interface KerasRule<L, C extends z.ZodObject = z.ZodObject> {
  className: string;
  config: C;
  /** The layer of a parsed config, or what is not allowed in it (leaky ReLU arrives as "linear", see parseKerasTopology). */
  read: (config: z.infer<C>) => L | string;
  /** Keras expressions, e.g. ["layers.Conv2D(32, 3)"] (a leaky activation's LeakyReLU is added by the caller). */
  code: (layer: L) => string;
}

/** A concept note: 1–3 plain sentences, a TeX formula and what its symbols stand for. */
export interface LayerNote {
  title: string;
  text: string;
  formula: string;
  where?: string;
}

/**
 * How the network is drawn: an image as a block whose size follows height × width × channels, a flat vector as a
 * bar, a layer that keeps its input's shape (normalization, dropout) as a thin marker between them.
 */
export type LayerDrawing = "volume" | "bar" | "marker";

export interface LayerSpec<L, S extends z.ZodObject = z.ZodObject> {
  kind: string;
  /** The zod object of the layer's settings: forms, the link and imports all check against it. */
  schema: S;
  /** The Keras name shown on cards ("Layer 1: Conv2D"). */
  label: string;
  /** One line under the kind in the "Add layer" menu. */
  help: string;
  /** The concept note that explains it, or the kind whose note does. */
  note: LayerNote | { sameAs: string };
  /** The input it needs: an image (height × width × channels), a flat vector, or either. */
  input: "image" | "flat" | "any";
  /** True when it turns an image into a flat vector. */
  flattens: boolean;
  /** Settings of a freshly added layer. */
  defaults: L;
  notation: LayerCodec<L>;
  /** Output shape, parameters and MACs for one example, or a sentence saying what is wrong. */
  infer: (layer: L, input: Shape) => Step;
  /** Floats one training step keeps and needs per example (checked against tf.profile in memoryBudget.test.ts). */
  memory: (layer: L, m: MemoryInput) => LayerCost;
  /** The tfjs layers (two when a LeakyReLU follows); `name` prefixes each, `seed` fixes the initial weights. */
  build: (tf: Tfjs, layer: L, name: string, seed: number) => TfLayer[];
  /** The weights tfjs creates, in its order: trainable ones, then moving statistics. */
  weights: (layer: L, input: Shape) => { trainable: WeightShape[]; moving?: WeightShape[] };
  keras: KerasRule<L>;
  /** PyTorch modules (NCHW) given the HWC input shape; a "  # " splits a module from its comment. */
  torch: (layer: L, input: Shape) => string[];
  pruning: PruningRule<L>;
  /** Writes the layer into an ONNX graph (NCHW inside); returns its output tensor's name. */
  onnx: (layer: L, g: OnnxGraph, input: OnnxInput) => string;
  drawing: LayerDrawing;
}

/** Declares a layer kind: the identity, typed by its schema (which keeps its own type for the registry's union). */
export function defineLayer<S extends z.ZodObject, C extends z.ZodObject>(
  spec: Omit<LayerSpec<z.infer<S>>, "schema" | "keras"> & { schema: S; keras: KerasRule<z.infer<S>, C> },
): LayerSpec<z.infer<S>, S> {
  return spec as LayerSpec<z.infer<S>, S>;
}
