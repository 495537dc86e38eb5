/**
 * The tfjs Layers format (model.json + weights.bin) out and back in. Export writes quantized variants in
 * tfjs's own quantized weight format (float16, or uint8 codes with min and scale) so the file really shrinks;
 * import treats both files as untrusted: sizes capped, topology and manifest checked before any tensor exists.
 */
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import type { WeightFormat } from "../../config/compression.ts";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { LIMITS, type DatasetId, type LayerConfig } from "../../config/schema.ts";
import { dequantize, fromFloat16Bits, quantize, toFloat16Bits } from "../compress/quantize.ts";
import { weightInfos } from "../compress/variants.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import type { Shape } from "../model/inferShapes.ts";
import { MAX_TOPOLOGY_LAYERS, expectedWeights, parseKerasTopology } from "./kerasTopology.ts";

import { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES, WEIGHTS_FILE } from "./fileLimits.ts";

export { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES, WEIGHTS_FILE };

/** How the export stores a variant's weights. */
export interface ExportOptions {
  /** Storage format per weight, in weightInfos(model) order (e.g. `infos.map((i) => formatOf(i, spec))`); float32 when absent. */
  formats?: readonly WeightFormat[];
  /** Pre-quantization values in model.getWeights() order (DerivedVariant.masked): integer codes are recomputed from them. */
  masked?: readonly Float32Array[];
}

/** Saved artifacts plus what could not be stored as asked (e.g. per-channel int falling back to float32). */
export interface ExportedArtifacts {
  artifacts: tf.io.ModelArtifacts;
  notes: string[];
}

type Quantization = NonNullable<tf.io.WeightsManifestEntry["quantization"]>;
interface EncodedWeight { bytes: Uint8Array; quantization?: Quantization; fallback?: string }

const sameValues = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const count = (n: number) => n.toLocaleString("en-US");

function float32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** One weight in `format`, only if tfjs's decoder gives back exactly `values` (the model's fake-quantized weights). */
function encodeWeight(values: Float32Array, format: WeightFormat, masked: Float32Array | undefined): EncodedWeight {
  if (format.kind === "float16") {
    const bits = Uint16Array.from(values, (v) => toFloat16Bits(v));
    if (bits.every((h, i) => fromFloat16Bits(h) === values[i])) return { bytes: new Uint8Array(bits.buffer), quantization: { dtype: "float16" } };
    return { bytes: float32Bytes(values), fallback: "float16 (values not float16-exact)" };
  }
  if (format.kind === "int" && format.granularity === "per-tensor") {
    for (const source of masked && masked.length === values.length ? [masked, values] : [values]) {
      const q = quantize(source, format.bits, "per-tensor", 1);
      if (!sameValues(dequantize(q), values)) continue;
      // tfjs decodes code * scale + min in float64, then rounds to float32: exactly (code - zeroPoint) * scale
      const scale = q.scales[0];
      return { bytes: q.codes, quantization: { dtype: "uint8", min: -q.zeroPoints[0] * scale, scale } };
    }
    return { bytes: float32Bytes(values), fallback: `int${format.bits} per-tensor (codes not reproducible)` };
  }
  if (format.kind === "int") return { bytes: float32Bytes(values), fallback: `int${format.bits} per-channel (tfjs has no per-channel format)` };
  return { bytes: float32Bytes(values) };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.byteLength; }
  return out;
}

/**
 * The model in the tfjs Layers format via model.save(withSaveHandler). With `formats`, weights are written in
 * tfjs's quantized format where it reproduces the model's values exactly; anything else stays float32, with a note.
 */
export async function exportArtifacts(model: tf.LayersModel, options: ExportOptions = {}): Promise<ExportedArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error("exportArtifacts: model.save gave no weights");
  if (!options.formats) return { artifacts: { ...artifacts, weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData) }, notes: [] };
  const formatByName = new Map(weightInfos(model).map((info, i) => [info.name, options.formats?.[i] ?? { kind: "float32" } as WeightFormat]));
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const parts: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const fallbacks = new Map<string, string[]>();
  const narrow = new Set<number>();
  let offset = 0;
  artifacts.weightSpecs.forEach((spec, i) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(data.slice(offset, offset + 4 * size));
    offset += 4 * size;
    const format = formatByName.get(spec.name) ?? { kind: "float32" };
    const encoded = encodeWeight(values, format, options.masked?.[i]);
    parts.push(encoded.bytes);
    specs.push(encoded.quantization ? { ...spec, quantization: encoded.quantization } : { ...spec });
    if (encoded.fallback) fallbacks.set(encoded.fallback, [...(fallbacks.get(encoded.fallback) ?? []), spec.name]);
    if (encoded.quantization?.dtype === "uint8" && format.kind === "int" && format.bits < 8) narrow.add(format.bits);
  });
  const notes = [...fallbacks].map(([why, names]) => `${why}: ${names.length} weight${names.length === 1 ? "" : "s"} stored as float32 with their fake-quantized values (${names.join(", ")})`);
  for (const bits of narrow) notes.push(`int${bits} codes are stored one per byte (uint8): tfjs has no ${bits}-bit weight format`);
  return { artifacts: { ...artifacts, weightSpecs: specs, weightData: concatBytes(parts).buffer as ArrayBuffer }, notes };
}

/** The two files a person downloads: model.json (topology + manifest naming weights.bin) and weights.bin. */
export function toModelFiles(artifacts: tf.io.ModelArtifacts): { modelJson: string; weightsBin: Uint8Array } {
  const modelJson = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  });
  const weightsBin = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array(0);
  return { modelJson, weightsBin };
}

const WeightSpec = z.object({
  name: z.string().max(300),
  shape: z.array(z.number().int().min(0).max(LIMITS.maxParams)).max(4),
  dtype: z.literal("float32"),
  quantization: z.discriminatedUnion("dtype", [
    z.object({ dtype: z.enum(["uint8", "uint16"]), min: z.number(), scale: z.number() }),
    z.object({ dtype: z.literal("float16") }),
  ]).optional(),
});
const ModelJson = z.object({
  format: z.literal("layers-model").optional(),
  generatedBy: z.string().max(200).nullable().optional(),
  convertedBy: z.string().max(200).nullable().optional(),
  modelTopology: z.unknown(),
  weightsManifest: z.array(z.object({
    paths: z.array(z.string().min(1).max(200)).min(1).max(64),
    weights: z.array(WeightSpec).max(4 * MAX_TOPOLOGY_LAYERS),
  })).min(1).max(16),
});

/** One manifest group: its files (concatenated in order) and the bytes its weights need. */
export interface WeightGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
  byteLength: number;
}

/** model.json checked without tensors: the stack, the dataset, and the manifest that weights must fit. */
export type ValidatedModelJson =
  | { ok: true; layers: LayerConfig[]; datasetId: DatasetId; inputShape: Shape; numClasses: number; groups: WeightGroup[] }
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
const byteLengthOf = (spec: z.infer<typeof WeightSpec>) => spec.shape.reduce((a, b) => a * b, 1) * (spec.quantization ? BYTES_PER_VALUE[spec.quantization.dtype] : 4);
const dims = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/**
 * Checks a model.json text synchronously and without tensors: size, JSON, forbidden keys, the Keras topology
 * (mapped to our layers, schema and limits), and every manifest weight's name, shape and dtype. Never throws.
 */
export function validateModelJson(text: string, datasetHint: DatasetId = "mnist"): ValidatedModelJson {
  try {
    if (text.length > MAX_MODEL_JSON_CHARS) return { ok: false, error: `model.json is ${count(text.length)} characters; at most ${count(MAX_MODEL_JSON_CHARS)} are allowed` };
    let json: unknown;
    try { json = JSON.parse(text); } catch { return { ok: false, error: "model.json is not valid JSON" }; }
    const unsafe = unsafeKey(json);
    if (unsafe) return { ok: false, error: unsafe };
    const parsed = ModelJson.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `model.json is not a tfjs Layers model: ${issue.path.map(String).join(".") || "(top)"}: ${issue.message}` };
    }
    const topology = parseKerasTopology(parsed.data.modelTopology, datasetHint);
    if (!topology.ok) return topology;
    const expected = new Map(expectedWeights(topology.layers, topology.inputShape, topology.numClasses).map((w) => [w.name, w.shape]));
    const seen = new Set<string>();
    const groups: WeightGroup[] = [];
    for (const group of parsed.data.weightsManifest) {
      for (const spec of group.weights) {
        const shape = expected.get(spec.name);
        if (!shape) return { ok: false, error: `The weights manifest has an unexpected weight ${JSON.stringify(spec.name)}` };
        if (seen.has(spec.name)) return { ok: false, error: `The weights manifest lists ${spec.name} twice` };
        if (!(shape.length === spec.shape.length && shape.every((d, i) => d === spec.shape[i]))) {
          return { ok: false, error: `Weight ${spec.name} has shape ${dims(spec.shape)}; the model needs ${dims(shape)}` };
        }
        seen.add(spec.name);
      }
      groups.push({ paths: group.paths, weights: group.weights, byteLength: group.weights.reduce((n, s) => n + byteLengthOf(s), 0) });
    }
    const missing = [...expected.keys()].filter((name) => !seen.has(name));
    if (missing.length) return { ok: false, error: `The weights manifest is missing ${missing.length === 1 ? "weight" : "weights"} ${missing.join(", ")}` };
    return { ok: true, layers: topology.layers, datasetId: topology.datasetId, inputShape: topology.inputShape, numClasses: topology.numClasses, groups };
  } catch (error) {
    return { ok: false, error: `model.json could not be checked: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Result of importing model files: a model built by buildModel with the file's weights (the caller owns it), or why not. */
export type ImportResult =
  | { ok: true; model: tf.Sequential; layers: LayerConfig[]; datasetId: DatasetId }
  | { ok: false; error: string };

/** The bytes of each manifest group, checked against the manifest's sizes; a message when a file is missing or wrong. */
function groupBytes(groups: readonly WeightGroup[], files: ReadonlyMap<string, Uint8Array>): ArrayBuffer[] | string {
  const out: ArrayBuffer[] = [];
  for (const group of groups) {
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      const file = files.get(path);
      if (!file) return `The weights file ${JSON.stringify(path)} is missing`;
      if (file.byteLength > MAX_WEIGHTS_BYTES) return `${path} is ${count(file.byteLength)} bytes; at most ${count(MAX_WEIGHTS_BYTES)} are allowed`;
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
      if (!Number.isFinite(v)) return `Weight ${name} holds ${v} at index ${i}: not a finite number, so the model would only output NaN.`;
      if (Math.abs(v) > MAX_WEIGHT_MAGNITUDE) return `Weight ${name} holds ${v.toExponential(2)} at index ${i}: far beyond what training produces (at most ±${MAX_WEIGHT_MAGNITUDE.toExponential(0)} is accepted).`;
    }
  }
  return null;
}

/**
 * Imports model.json + weight files (untrusted): validateModelJson, then file sizes, then buildModel with the
 * file's layers and the decoded weights (so the architecture is always one the app builds). Never throws.
 */
export async function importModelFiles(modelJsonText: string, weightFiles: ReadonlyMap<string, Uint8Array>, datasetHint: DatasetId = "mnist"): Promise<ImportResult> {
  const checked = validateModelJson(modelJsonText, datasetHint);
  if (!checked.ok) return checked;
  const buffers = groupBytes(checked.groups, weightFiles);
  if (typeof buffers === "string") return { ok: false, error: buffers };
  let model: tf.Sequential | null = null;
  const decoded: tf.Tensor[] = [];
  try {
    model = buildModel({ ...DEFAULT_CONFIG, datasetId: checked.datasetId, layers: checked.layers }, checked.inputShape, checked.numClasses);
    const named: tf.NamedTensorMap = {};
    checked.groups.forEach((group, i) => {
      const weights = tf.io.decodeWeights(buffers[i], group.weights);
      for (const [name, tensor] of Object.entries(weights)) { named[name] = tensor; decoded.push(tensor); }
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
    return { ok: false, error: `The model could not be loaded: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    tf.dispose(decoded);
  }
}
