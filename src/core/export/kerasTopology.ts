/**
 * The Keras Sequential topology subset this app writes (tfjs-layers `model.toJSON()`), read back into
 * LayerConfig[] without tensors. Input is untrusted: every function here returns an error string, never throws.
 */
import { z } from "zod";
import { ExperimentConfig, LAYER_SCHEMAS, LIMITS, type DatasetId, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { DATASETS, DATASET_IDS } from "../data/datasets.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";

/** Most entries a topology's layer list may have: every stack layer plus its LeakyReLU, the input and the head. */
export const MAX_TOPOLOGY_LAYERS = 2 * LIMITS.maxLayers + 2;

const count = (n: number) => n.toLocaleString("en-US");
const int = z.number().int();
const intOrPair = z.union([int, z.tuple([int, int])]);
const optionalString = z.string().max(200).nullable().optional();

/** `{ class_name, config }` of one layer, before its config is read. */
const LayerEntry = z.object({ class_name: z.string().max(100), config: z.record(z.string(), z.unknown()) });

/** The model topology: a Sequential with a list of layers (each read on its own, for per-layer messages). */
export const KerasSequential = z.object({
  class_name: z.literal("Sequential"),
  config: z.object({ name: optionalString, layers: z.array(z.unknown()) }),
});

const common = { name: optionalString, trainable: z.boolean().optional(), dtype: z.string().max(20).optional() };
const convFields = {
  ...common,
  filters: z.number(),
  kernel_size: intOrPair,
  strides: intOrPair.optional(),
  padding: z.string().max(20),
  data_format: z.string().max(30).optional(),
  dilation_rate: intOrPair.optional(),
  activation: z.string().max(30).nullable().optional(),
  use_bias: z.boolean().optional(),
};
const poolFields = {
  ...common,
  pool_size: intOrPair,
  strides: intOrPair.nullable().optional(),
  padding: z.string().max(20),
  data_format: z.string().max(30).optional(),
};

/** Config schemas of the Keras layer classes the app writes, by class name. */
const KERAS_CONFIGS = {
  InputLayer: z.object({ ...common, batch_input_shape: z.array(int.nullable()).max(8), sparse: z.boolean().optional() }),
  Conv2D: z.object(convFields),
  SeparableConv2D: z.object({ ...convFields, depth_multiplier: int.optional() }),
  MaxPooling2D: z.object(poolFields),
  AveragePooling2D: z.object(poolFields),
  BatchNormalization: z.object({ ...common, axis: z.union([int, z.tuple([int])]).optional(), epsilon: z.number().optional(), center: z.boolean().optional(), scale: z.boolean().optional() }),
  Dropout: z.object({ ...common, rate: z.number(), noise_shape: z.null().optional() }),
  Flatten: z.object({ ...common, data_format: z.string().max(30).nullable().optional() }),
  GlobalAveragePooling2D: z.object({ ...common, data_format: z.string().max(30).optional() }),
  Dense: z.object({ ...common, units: z.number(), activation: z.string().max(30).nullable().optional(), use_bias: z.boolean().optional() }),
  LeakyReLU: z.object({ ...common, alpha: z.number().optional() }),
};
type KerasClass = keyof typeof KERAS_CONFIGS;
type KerasConfig<C extends KerasClass> = z.infer<(typeof KERAS_CONFIGS)[C]>;

/** Keras field name of each LayerConfig field, for messages. */
const KERAS_FIELD: Record<string, string> = { filters: "filters", kernelSize: "kernel_size", stride: "strides", padding: "padding", activation: "activation", poolSize: "pool_size", rate: "rate", units: "units" };
const TF_ACTIVATIONS = ["relu", "elu", "tanh", "sigmoid", "linear"] as const;

/** Topology read back: the stack, the dataset its input shape picks, and per stack layer its 1-based topology position. */
export type ParsedTopology =
  | { ok: true; layers: LayerConfig[]; datasetId: DatasetId; inputShape: Shape; numClasses: number; positions: number[] }
  | { ok: false; error: string };

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Single value of an int-or-pair field; a non-square pair is an error. */
function square(value: number | [number, number], field: string): number | string {
  if (typeof value === "number") return value;
  return value[0] === value[1] ? value[0] : `${field} ${value[0]}×${value[1]} is not allowed (square windows only)`;
}

function allowedRange(schema: unknown): string {
  if (schema instanceof z.ZodNumber) return `${schema.minValue ?? "-∞"}-${schema.maxValue ?? "∞"}`;
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).join(", ");
  return "see the layer's settings";
}

/** Checks a candidate against the app's own schema of that kind, naming the Keras field that is out of range. */
function checkLayer(candidate: Record<string, unknown> & { kind: LayerKind }): LayerConfig | string {
  const schema = LAYER_SCHEMAS[candidate.kind];
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0].path[0] ?? "");
  const shape = schema.shape as Record<string, unknown>;
  const value = JSON.stringify(candidate[field]) ?? "undefined";
  return `${KERAS_FIELD[field] ?? field} ${value} is not allowed (${allowedRange(shape[field])})`;
}

/** The Keras activation string as ours; only tfjs's own names pass (leaky ReLU is linear + a LeakyReLU layer). */
function activationOf(value: string | null | undefined): string | { error: string } {
  const activation = value ?? "linear";
  if ((TF_ACTIVATIONS as readonly string[]).includes(activation)) return activation;
  return { error: `activation ${JSON.stringify(activation)} is not allowed (${TF_ACTIVATIONS.join(", ")}, or linear + LeakyReLU)` };
}

function convLayer(kind: "conv2d" | "separableConv2d", c: KerasConfig<"Conv2D"> & { depth_multiplier?: number }): LayerConfig | string {
  if (c.data_format !== undefined && c.data_format !== "channels_last") return `data_format "${c.data_format}" is not allowed (channels_last)`;
  if (c.dilation_rate !== undefined && square(c.dilation_rate, "dilation_rate") !== 1) return "dilation_rate must be 1";
  if (c.use_bias === false) return "use_bias must be true";
  if (c.depth_multiplier !== undefined && c.depth_multiplier !== 1) return "depth_multiplier must be 1";
  const kernelSize = square(c.kernel_size, "kernel_size");
  const stride = square(c.strides ?? 1, "strides");
  if (typeof kernelSize === "string") return kernelSize;
  if (typeof stride === "string") return stride;
  const activation = activationOf(c.activation);
  if (typeof activation !== "string") return activation.error;
  return checkLayer({ kind, filters: c.filters, kernelSize, stride, padding: c.padding, activation });
}

function poolLayer(kind: "maxPool2d" | "avgPool2d", c: KerasConfig<"MaxPooling2D">): LayerConfig | string {
  if (c.data_format !== undefined && c.data_format !== "channels_last") return `data_format "${c.data_format}" is not allowed (channels_last)`;
  const poolSize = square(c.pool_size, "pool_size");
  const stride = square(c.strides ?? c.pool_size, "strides");
  if (typeof poolSize === "string") return poolSize;
  if (typeof stride === "string") return stride;
  return checkLayer({ kind, poolSize, stride, padding: c.padding });
}

/** One Keras layer as a LayerConfig, or a message; InputLayer and LeakyReLU are handled by the caller. */
function toLayerConfig(className: Exclude<KerasClass, "InputLayer" | "LeakyReLU">, config: unknown): LayerConfig | string {
  const parsed = KERAS_CONFIGS[className].safeParse(config);
  if (!parsed.success) return issueText(parsed.error);
  switch (className) {
    case "Conv2D": return convLayer("conv2d", parsed.data as KerasConfig<"Conv2D">);
    case "SeparableConv2D": return convLayer("separableConv2d", parsed.data as KerasConfig<"SeparableConv2D">);
    case "MaxPooling2D": return poolLayer("maxPool2d", parsed.data as KerasConfig<"MaxPooling2D">);
    case "AveragePooling2D": return poolLayer("avgPool2d", parsed.data as KerasConfig<"AveragePooling2D">);
    case "BatchNormalization": {
      const c = parsed.data as KerasConfig<"BatchNormalization">;
      const axis = Array.isArray(c.axis) ? c.axis[0] : c.axis;
      if (axis !== undefined && axis !== -1) return `axis ${axis} is not allowed (-1)`;
      if (c.epsilon !== undefined && c.epsilon !== 0.001) return `epsilon ${c.epsilon} is not allowed (0.001)`;
      if (c.center === false || c.scale === false) return "center and scale must be true";
      return { kind: "batchNorm" };
    }
    case "Dropout": return checkLayer({ kind: "dropout", rate: (parsed.data as KerasConfig<"Dropout">).rate });
    case "Flatten": return { kind: "flatten" };
    case "GlobalAveragePooling2D": return { kind: "globalAvgPool2d" };
    case "Dense": {
      const c = parsed.data as KerasConfig<"Dense">;
      if (c.use_bias === false) return "use_bias must be true";
      const activation = activationOf(c.activation);
      if (typeof activation !== "string") return activation.error;
      return checkLayer({ kind: "dense", units: c.units, activation });
    }
  }
}

function isKerasClass(name: string): name is KerasClass {
  return Object.prototype.hasOwnProperty.call(KERAS_CONFIGS, name);
}

/** The dataset whose input shape equals `shape`: the hint when it fits, else the first that does. */
function datasetFor(shape: readonly (number | null)[], hint: DatasetId): DatasetId | string {
  const fits = (id: DatasetId) => DATASETS[id].inputShape.length === shape.length && DATASETS[id].inputShape.every((d, i) => d === shape[i]);
  if (fits(hint)) return hint;
  const other = DATASET_IDS.find(fits);
  return other ?? `The input shape ${shape.map((d) => d ?? "?").join("×")} matches no dataset (${DATASETS[hint].inputShape.join("×")})`;
}

/**
 * Reads a Sequential topology into the app's layer stack plus the implied softmax head, checking every value
 * against the config schema and the model against the shape rules and LIMITS (inferShapes).
 */
export function parseKerasTopology(topology: unknown, hint: DatasetId = "mnist"): ParsedTopology {
  const top = KerasSequential.safeParse(topology);
  if (!top.success) return { ok: false, error: `modelTopology is not a Keras Sequential model (${issueText(top.error)})` };
  const entries = top.data.config.layers;
  if (entries.length > MAX_TOPOLOGY_LAYERS) return { ok: false, error: `The model has ${count(entries.length)} layers; at most ${MAX_TOPOLOGY_LAYERS} are allowed` };
  if (entries.length < 2) return { ok: false, error: "The model needs at least one layer and the Dense softmax head" };
  const layers: LayerConfig[] = [];
  const positions: number[] = [];
  let inputShape: readonly (number | null)[] | null = null;
  let numClasses = 0;
  for (let i = 0; i < entries.length; i++) {
    const at = (className: string, message: string) => ({ ok: false as const, error: `Layer ${i + 1} (${className}): ${message}` });
    const entry = LayerEntry.safeParse(entries[i]);
    if (!entry.success) return { ok: false, error: `Layer ${i + 1}: not a {class_name, config} object (${issueText(entry.error)})` };
    const { class_name: className, config } = entry.data;
    if (!isKerasClass(className)) return at(className, `class ${JSON.stringify(className)} is not allowed (${Object.keys(KERAS_CONFIGS).join(", ")})`);
    const batchShape = config.batch_input_shape;
    if (batchShape !== undefined && batchShape !== null) {
      if (i > 0) return at(className, "only the first layer may set the input shape");
      const shape = KERAS_CONFIGS.InputLayer.shape.batch_input_shape.safeParse(batchShape);
      if (!shape.success || shape.data.length !== 4 || shape.data[0] !== null || shape.data.slice(1).some((d) => d === null)) return at(className, "batch_input_shape must be [null, height, width, channels]");
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
      if ((parsed.data.alpha ?? 0.3) !== 0.2) return at(className, `alpha ${parsed.data.alpha ?? 0.3} is not allowed (0.2)`);
      const last = layers[layers.length - 1];
      const leakable = last && positions[positions.length - 1] === i && "activation" in last && last.activation === "linear";
      if (!leakable) return at(className, "LeakyReLU must directly follow a Conv2D, SeparableConv2D or Dense with linear activation");
      layers[layers.length - 1] = { ...last, activation: "leakyRelu" };
      continue;
    }
    const isLast = i === entries.length - 1;
    if (className === "Dense" && isLast) {
      const parsed = KERAS_CONFIGS.Dense.safeParse(config);
      if (!parsed.success) return at(className, issueText(parsed.error));
      if (parsed.data.activation !== "softmax" || parsed.data.use_bias === false) return at(className, "the last layer must be the Dense softmax classifier head");
      numClasses = parsed.data.units;
      continue;
    }
    if (isLast) return at(className, "the last layer must be the Dense softmax classifier head");
    const layer = toLayerConfig(className, config);
    if (typeof layer === "string") return at(className, layer);
    layers.push(layer);
    positions.push(i + 1);
  }
  return checkModel(layers, positions, inputShape, numClasses, hint, entries);
}

function checkModel(layers: LayerConfig[], positions: number[], inputShape: readonly (number | null)[] | null, numClasses: number, hint: DatasetId, entries: unknown[]): ParsedTopology {
  if (inputShape === null) return { ok: false, error: "The model gives no input shape" };
  const datasetId = datasetFor(inputShape, hint);
  if (!isDataset(datasetId)) return { ok: false, error: datasetId };
  const dataset = DATASETS[datasetId];
  if (numClasses !== dataset.numClasses) return { ok: false, error: `The classifier head has ${numClasses} units; ${dataset.label} has ${dataset.numClasses} classes` };
  const stack = ExperimentConfig.shape.layers.safeParse(layers);
  if (!stack.success) return { ok: false, error: `The layer stack is not allowed: ${issueText(stack.error)} (1-${LIMITS.maxLayers} layers)` };
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
export function expectedWeights(layers: readonly LayerConfig[], inputShape: Shape, numClasses: number): ExpectedWeight[] {
  const stats = inferShapes([...layers], inputShape, numClasses);
  const trainable: ExpectedWeight[] = [];
  const moving: ExpectedWeight[] = [];
  const inputOf = (i: number): readonly number[] => (i === 0 ? inputShape : stats.layers[i - 1]?.outputShape ?? []);
  layers.forEach((layer, i) => {
    const name = `layer${i + 1}_${layer.kind}`;
    const input = inputOf(i);
    const channels = input[input.length - 1] ?? 0;
    if (layer.kind === "conv2d") {
      trainable.push({ name: `${name}/kernel`, shape: [layer.kernelSize, layer.kernelSize, channels, layer.filters] }, { name: `${name}/bias`, shape: [layer.filters] });
    } else if (layer.kind === "separableConv2d") {
      trainable.push(
        { name: `${name}/depthwise_kernel`, shape: [layer.kernelSize, layer.kernelSize, channels, 1] },
        { name: `${name}/pointwise_kernel`, shape: [1, 1, channels, layer.filters] },
        { name: `${name}/bias`, shape: [layer.filters] },
      );
    } else if (layer.kind === "batchNorm") {
      trainable.push({ name: `${name}/gamma`, shape: [channels] }, { name: `${name}/beta`, shape: [channels] });
      moving.push({ name: `${name}/moving_mean`, shape: [channels] }, { name: `${name}/moving_variance`, shape: [channels] });
    } else if (layer.kind === "dense") {
      trainable.push({ name: `${name}/kernel`, shape: [channels, layer.units] }, { name: `${name}/bias`, shape: [layer.units] });
    }
  });
  const last = inputOf(layers.length);
  trainable.push({ name: "output/kernel", shape: [last[0] ?? 0, numClasses] }, { name: "output/bias", shape: [numClasses] });
  return [...trainable, ...moving];
}
