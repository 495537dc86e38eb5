/**
 * The Keras Sequential topology subset this app writes (tfjs-layers `model.toJSON()`), read back into
 * LayerConfig[] without tensors. Input is untrusted: every function here returns an error string, never throws.
 */
import { z } from "zod";
import { ExperimentConfig, LIMITS, type DatasetId, type LayerConfig } from "../../config/schema.ts";
import { DenseKerasConfig } from "../../layers/dense.ts";
import { commonFields, int } from "../../layers/kit/keras.ts";
import type { LayerSpec, WeightShape } from "../../layers/kit/spec.ts";
import { LAYER_KINDS, LAYER_SPECS, specOf } from "../../layers/registry.ts";
import { DATASETS, DATASET_IDS } from "../data/datasets.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";

/** Most entries a topology's layer list may have: every stack layer plus its LeakyReLU, the input and the head. */
export const MAX_TOPOLOGY_LAYERS = 2 * LIMITS.maxLayers + 2;

const count = (n: number) => n.toLocaleString("en-US");

/** `{ class_name, config }` of one layer, before its config is read. */
const LayerEntry = z.object({ class_name: z.string().max(100), config: z.record(z.string(), z.unknown()) });

/** The model topology: a Sequential with a list of layers (each read on its own, for per-layer messages). */
export const KerasSequential = z.object({
  class_name: z.literal("Sequential"),
  config: z.object({ name: z.string().max(200).nullable().optional(), layers: z.array(z.unknown()) }),
});

/** The specs of the layer kinds by Keras class name. */
const KIND_BY_CLASS: ReadonlyMap<string, LayerSpec<LayerConfig>> = new Map(
  LAYER_KINDS.map((kind) => [
    LAYER_SPECS[kind].keras.className,
    LAYER_SPECS[kind] as unknown as LayerSpec<LayerConfig>,
  ]),
);

/** Config schemas of the Keras layer classes besides the layer kinds': the input and the leaky activation. */
const KERAS_CONFIGS = {
  InputLayer: z.object({
    ...commonFields,
    batch_input_shape: z.array(int.nullable()).max(8),
    sparse: z.boolean().optional(),
  }),
  Dense: DenseKerasConfig,
  LeakyReLU: z.object({ ...commonFields, alpha: z.number().optional() }),
};
const KERAS_CLASSES = ["InputLayer", ...KIND_BY_CLASS.keys(), "LeakyReLU"];

/** Topology read back: the stack, the dataset its input shape picks, and per stack layer its 1-based topology position. */
export type ParsedTopology =
  | {
      ok: true;
      layers: LayerConfig[];
      datasetId: DatasetId;
      inputShape: Shape;
      numClasses: number;
      positions: number[];
    }
  | { ok: false; error: string };

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** One Keras layer of a layer kind as a LayerConfig, or a message. */
function toLayerConfig(spec: LayerSpec<LayerConfig>, config: unknown): LayerConfig | string {
  const parsed = spec.keras.config.safeParse(config);
  if (!parsed.success) return issueText(parsed.error);
  return spec.keras.read(parsed.data);
}

function isKerasClass(name: string): boolean {
  return KERAS_CLASSES.includes(name);
}

/** The dataset whose input shape equals `shape`: the hint when it fits, else the first that does. */
function datasetFor(shape: readonly (number | null)[], hint: DatasetId): DatasetId | string {
  const fits = (id: DatasetId) =>
    DATASETS[id].inputShape.length === shape.length && DATASETS[id].inputShape.every((d, i) => d === shape[i]);
  if (fits(hint)) return hint;
  const other = DATASET_IDS.find(fits);
  return (
    other ??
    `The input shape ${shape.map((d) => d ?? "?").join("×")} matches no dataset (${DATASETS[hint].inputShape.join("×")})`
  );
}

/**
 * Reads a Sequential topology into the app's layer stack plus the implied softmax head, checking every value
 * against the config schema and the model against the shape rules and LIMITS (inferShapes).
 */
export function parseKerasTopology(topology: unknown, hint: DatasetId = "mnist"): ParsedTopology {
  const top = KerasSequential.safeParse(topology);
  if (!top.success)
    return { ok: false, error: `modelTopology is not a Keras Sequential model (${issueText(top.error)})` };
  const entries = top.data.config.layers;
  if (entries.length > MAX_TOPOLOGY_LAYERS)
    return {
      ok: false,
      error: `The model has ${count(entries.length)} layers; at most ${MAX_TOPOLOGY_LAYERS} are allowed`,
    };
  if (entries.length < 2) return { ok: false, error: "The model needs at least one layer and the Dense softmax head" };
  const layers: LayerConfig[] = [];
  const positions: number[] = [];
  let inputShape: readonly (number | null)[] | null = null;
  let numClasses = 0;
  for (let i = 0; i < entries.length; i++) {
    const at = (className: string, message: string) => ({
      ok: false as const,
      error: `Layer ${i + 1} (${className}): ${message}`,
    });
    const entry = LayerEntry.safeParse(entries[i]);
    if (!entry.success)
      return { ok: false, error: `Layer ${i + 1}: not a {class_name, config} object (${issueText(entry.error)})` };
    const { class_name: className, config } = entry.data;
    if (!isKerasClass(className))
      return at(className, `class ${JSON.stringify(className)} is not allowed (${KERAS_CLASSES.join(", ")})`);
    const batchShape = config.batch_input_shape;
    if (batchShape !== undefined && batchShape !== null) {
      if (i > 0) return at(className, "only the first layer may set the input shape");
      const shape = KERAS_CONFIGS.InputLayer.shape.batch_input_shape.safeParse(batchShape);
      if (
        !shape.success ||
        shape.data.length !== 4 ||
        shape.data[0] !== null ||
        shape.data.slice(1).some((d) => d === null)
      )
        return at(className, "batch_input_shape must be [null, height, width, channels]");
      inputShape = shape.data.slice(1);
    }
    if (className === "InputLayer") {
      if (i !== 0) return at(className, "InputLayer must come first");
      const parsed = KERAS_CONFIGS.InputLayer.safeParse(config);
      if (!parsed.success) return at(className, issueText(parsed.error));
      continue;
    }
    if (inputShape === null) return at(className, "the first layer must give the input shape (batch_input_shape)");
    if (className === "LeakyReLU") {
      const parsed = KERAS_CONFIGS.LeakyReLU.safeParse(config);
      if (!parsed.success) return at(className, issueText(parsed.error));
      if ((parsed.data.alpha ?? 0.3) !== 0.2)
        return at(className, `alpha ${parsed.data.alpha ?? 0.3} is not allowed (0.2)`);
      const last = layers[layers.length - 1];
      const leakable =
        last && positions[positions.length - 1] === i && "activation" in last && last.activation === "linear";
      if (!leakable)
        return at(className, "LeakyReLU must directly follow a convolution or Dense layer with linear activation");
      layers[layers.length - 1] = { ...last, activation: "leakyRelu" };
      continue;
    }
    const isLast = i === entries.length - 1;
    if (className === "Dense" && isLast) {
      const parsed = KERAS_CONFIGS.Dense.safeParse(config);
      if (!parsed.success) return at(className, issueText(parsed.error));
      if (parsed.data.activation !== "softmax" || parsed.data.use_bias === false)
        return at(className, "the last layer must be the Dense softmax classifier head");
      numClasses = parsed.data.units;
      continue;
    }
    if (isLast) return at(className, "the last layer must be the Dense softmax classifier head");
    const spec = KIND_BY_CLASS.get(className);
    if (!spec) return at(className, `${className} may only come first`);
    const layer = toLayerConfig(spec, config);
    if (typeof layer === "string") return at(className, layer);
    layers.push(layer);
    positions.push(i + 1);
  }
  return checkModel(layers, positions, inputShape, numClasses, hint, entries);
}

function checkModel(
  layers: LayerConfig[],
  positions: number[],
  inputShape: readonly (number | null)[] | null,
  numClasses: number,
  hint: DatasetId,
  entries: unknown[],
): ParsedTopology {
  if (inputShape === null) return { ok: false, error: "The model gives no input shape" };
  const datasetId = datasetFor(inputShape, hint);
  if (!isDataset(datasetId)) return { ok: false, error: datasetId };
  const dataset = DATASETS[datasetId];
  if (numClasses !== dataset.numClasses)
    return {
      ok: false,
      error: `The classifier head has ${numClasses} units; ${dataset.label} has ${dataset.numClasses} classes`,
    };
  const stack = ExperimentConfig.shape.layers.safeParse(layers);
  if (!stack.success)
    return {
      ok: false,
      error: `The layer stack is not allowed: ${issueText(stack.error)} (1-${LIMITS.maxLayers} layers)`,
    };
  const stats = inferShapes(stack.data, dataset.inputShape, dataset.numClasses);
  if (stats.error) {
    const { layerIndex, message } = stats.error;
    const position = layerIndex < 0 ? 0 : layerIndex < positions.length ? positions[layerIndex] : entries.length;
    const name = position > 0 ? classNameAt(entries, position) : "";
    return { ok: false, error: position > 0 ? `Layer ${position} (${name}): ${message}` : message };
  }
  return { ok: true, layers: stack.data, datasetId, inputShape: dataset.inputShape, numClasses, positions };
}

function isDataset(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}

function classNameAt(entries: unknown[], position: number): string {
  const entry = LayerEntry.safeParse(entries[position - 1]);
  return entry.success ? entry.data.class_name : "?";
}

/** Name and shape of one weight that buildModel creates. */
export interface ExpectedWeight {
  name: string;
  shape: number[];
}

/**
 * The weights buildModel creates for a stack, in `model.weights` order (all trainable ones layer by layer,
 * then batch norm moving statistics), named as tfjs saves them ("layer1_conv2d/kernel", "output/bias").
 */
export function expectedWeights(
  layers: readonly LayerConfig[],
  inputShape: Shape,
  numClasses: number,
): ExpectedWeight[] {
  const stats = inferShapes([...layers], inputShape, numClasses);
  const trainable: ExpectedWeight[] = [];
  const moving: ExpectedWeight[] = [];
  const inputOf = (i: number): readonly number[] => (i === 0 ? inputShape : (stats.layers[i - 1]?.outputShape ?? []));
  layers.forEach((layer, i) => {
    const prefix = `layer${i + 1}_${layer.kind}/`;
    const named = (w: WeightShape) => ({ name: prefix + w.name, shape: w.shape });
    const weights = specOf(layer).weights(layer, inputOf(i));
    trainable.push(...weights.trainable.map(named));
    moving.push(...(weights.moving ?? []).map(named));
  });
  const last = inputOf(layers.length);
  trainable.push(
    { name: "output/kernel", shape: [last[0] ?? 0, numClasses] },
    { name: "output/bias", shape: [numClasses] },
  );
  return [...trainable, ...moving];
}
