// Model files back in: model.json and weight files checked as untrusted input, then built into a model the app builds.
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { LIMITS, type DatasetId, type LayerConfig } from "../../config/schema.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import type { Shape } from "../model/inferShapes.ts";
import { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES } from "./fileLimits.ts";
import { MAX_TOPOLOGY_LAYERS, expectedWeights, parseKerasTopology } from "./kerasTopology.ts";
import { concatBytes } from "./modelArtifacts.ts";

const count = (n: number) => n.toLocaleString("en-US");

const WeightSpec = z.object({
  name: z.string().max(300),
  shape: z.array(z.number().int().min(0).max(LIMITS.maxParams)).max(4),
  dtype: z.literal("float32"),
  quantization: z
    .discriminatedUnion("dtype", [
      z.object({ dtype: z.enum(["uint8", "uint16"]), min: z.number(), scale: z.number() }),
      z.object({ dtype: z.literal("float16") }),
    ])
    .optional(),
});
const ModelJson = z.object({
  format: z.literal("layers-model").optional(),
  generatedBy: z.string().max(200).nullable().optional(),
  convertedBy: z.string().max(200).nullable().optional(),
  modelTopology: z.unknown(),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string().min(1).max(200)).min(1).max(64),
        weights: z.array(WeightSpec).max(4 * MAX_TOPOLOGY_LAYERS),
      }),
    )
    .min(1)
    .max(16),
});

/** One manifest group: its files (concatenated in order) and the bytes its weights need. */
export interface WeightGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
  byteLength: number;
}

/** model.json checked without tensors: the stack, the dataset, and the manifest that weights must fit. */
export type ValidatedModelJson =
  | {
      ok: true;
      layers: LayerConfig[];
      datasetId: DatasetId;
      inputShape: Shape;
      numClasses: number;
      groups: WeightGroup[];
    }
  | { ok: false; error: string };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** First forbidden key anywhere in parsed JSON, or a depth problem; iterative, so deep nesting cannot overflow. */
function unsafeKey(root: unknown): string | null {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== "object") continue;
    if (depth > 32) return "model.json is nested more than 32 levels deep";
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `model.json contains the forbidden key ${JSON.stringify(key)}`;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}

const BYTES_PER_VALUE = { uint8: 1, uint16: 2, float16: 2 } as const;
const byteLengthOf = (spec: z.infer<typeof WeightSpec>) =>
  spec.shape.reduce((a, b) => a * b, 1) * (spec.quantization ? BYTES_PER_VALUE[spec.quantization.dtype] : 4);
const dims = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/**
 * Checks a model.json text synchronously and without tensors: size, JSON, forbidden keys, the Keras topology
 * (mapped to our layers, schema and limits), and every manifest weight's name, shape and dtype. Never throws.
 */
export function validateModelJson(text: string, datasetHint: DatasetId = "mnist"): ValidatedModelJson {
  try {
    if (text.length > MAX_MODEL_JSON_CHARS)
      return {
        ok: false,
        error: `model.json is ${count(text.length)} characters; at most ${count(MAX_MODEL_JSON_CHARS)} are allowed`,
      };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: "model.json is not valid JSON" };
    }
    const unsafe = unsafeKey(json);
    if (unsafe) return { ok: false, error: unsafe };
    const parsed = ModelJson.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: `model.json is not a tfjs Layers model: ${issue.path.map(String).join(".") || "(top)"}: ${issue.message}`,
      };
    }
    const topology = parseKerasTopology(parsed.data.modelTopology, datasetHint);
    if (!topology.ok) return topology;
    const expected = new Map(
      expectedWeights(topology.layers, topology.inputShape, topology.numClasses).map((w) => [w.name, w.shape]),
    );
    const seen = new Set<string>();
    const groups: WeightGroup[] = [];
    for (const group of parsed.data.weightsManifest) {
      for (const spec of group.weights) {
        const shape = expected.get(spec.name);
        if (!shape)
          return { ok: false, error: `The weights manifest has an unexpected weight ${JSON.stringify(spec.name)}` };
        if (seen.has(spec.name)) return { ok: false, error: `The weights manifest lists ${spec.name} twice` };
        if (!(shape.length === spec.shape.length && shape.every((d, i) => d === spec.shape[i]))) {
          return {
            ok: false,
            error: `Weight ${spec.name} has shape ${dims(spec.shape)}; the model needs ${dims(shape)}`,
          };
        }
        seen.add(spec.name);
      }
      groups.push({
        paths: group.paths,
        weights: group.weights,
        byteLength: group.weights.reduce((n, s) => n + byteLengthOf(s), 0),
      });
    }
    const missing = [...expected.keys()].filter((name) => !seen.has(name));
    if (missing.length)
      return {
        ok: false,
        error: `The weights manifest is missing ${missing.length === 1 ? "weight" : "weights"} ${missing.join(", ")}`,
      };
    return {
      ok: true,
      layers: topology.layers,
      datasetId: topology.datasetId,
      inputShape: topology.inputShape,
      numClasses: topology.numClasses,
      groups,
    };
  } catch (error) {
    return {
      ok: false,
      error: `model.json could not be checked: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Result of importing model files: a model built by buildModel with the file's weights (the caller owns it), or why not. */
export type ImportResult =
  { ok: true; model: tf.Sequential; layers: LayerConfig[]; datasetId: DatasetId } | { ok: false; error: string };

/** The bytes of each manifest group, checked against the manifest's sizes; a message when a file is missing or wrong. */
function groupBytes(groups: readonly WeightGroup[], files: ReadonlyMap<string, Uint8Array>): ArrayBuffer[] | string {
  const out: ArrayBuffer[] = [];
  for (const group of groups) {
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      const file = files.get(path);
      if (!file) return `The weights file ${JSON.stringify(path)} is missing`;
      if (file.byteLength > MAX_WEIGHTS_BYTES)
        return `${path} is ${count(file.byteLength)} bytes; at most ${count(MAX_WEIGHTS_BYTES)} are allowed`;
      parts.push(file);
    }
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    if (total !== group.byteLength) {
      return `${group.paths.join(" + ")} ${group.paths.length === 1 ? "is" : "are"} ${count(total)} bytes; the manifest needs ${count(group.byteLength)}`;
    }
    out.push(concatBytes(parts).buffer as ArrayBuffer);
  }
  return out;
}

/** Largest weight magnitude an import accepts: training never comes near it; a hostile file's scale can. */
export const MAX_WEIGHT_MAGNITUDE = 1e6;

/** Why the decoded weights cannot be used (a NaN, an infinity or an absurd magnitude), or null. */
async function unfitWeight(named: tf.NamedTensorMap): Promise<string | null> {
  for (const [name, tensor] of Object.entries(named)) {
    const values = await tensor.data();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v))
        return `Weight ${name} holds ${v} at index ${i}: not a finite number, so the model would only output NaN.`;
      if (Math.abs(v) > MAX_WEIGHT_MAGNITUDE)
        return `Weight ${name} holds ${v.toExponential(2)} at index ${i}: far beyond what training produces (at most ±${MAX_WEIGHT_MAGNITUDE.toExponential(0)} is accepted).`;
    }
  }
  return null;
}

/**
 * Imports model.json + weight files (untrusted): validateModelJson, then file sizes, then buildModel with the
 * file's layers and the decoded weights (so the architecture is always one the app builds). Never throws.
 */
export async function importModelFiles(
  modelJsonText: string,
  weightFiles: ReadonlyMap<string, Uint8Array>,
  datasetHint: DatasetId = "mnist",
): Promise<ImportResult> {
  const checked = validateModelJson(modelJsonText, datasetHint);
  if (!checked.ok) return checked;
  const buffers = groupBytes(checked.groups, weightFiles);
  if (typeof buffers === "string") return { ok: false, error: buffers };
  let model: tf.Sequential | null = null;
  const decoded: tf.Tensor[] = [];
  try {
    model = buildModel(
      { ...DEFAULT_CONFIG, datasetId: checked.datasetId, layers: checked.layers },
      checked.inputShape,
      checked.numClasses,
    );
    const named: tf.NamedTensorMap = {};
    checked.groups.forEach((group, i) => {
      const weights = tf.io.decodeWeights(buffers[i], group.weights);
      for (const [name, tensor] of Object.entries(weights)) {
        named[name] = tensor;
        decoded.push(tensor);
      }
    });
    const unfit = await unfitWeight(named);
    if (unfit) {
      disposeModel(model);
      return { ok: false, error: unfit };
    }
    model.loadWeights(named, true);
    return { ok: true, model, layers: checked.layers, datasetId: checked.datasetId };
  } catch (error) {
    if (model) disposeModel(model);
    return {
      ok: false,
      error: `The model could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    tf.dispose(decoded);
  }
}
