/**
 * Model files out: the tfjs Layers format (model.json + weights.bin). Quantized variants are written in tfjs's
 * own quantized weight format (float16, or uint8 codes with min and scale) so the file really shrinks.
 * Reading files back in is modelArtifactsImport.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { WeightFormat } from "../../config/compression.ts";
import { dequantize, fromFloat16Bits, quantize, toFloat16Bits } from "../compress/quantize.ts";
import { weightInfos } from "../compress/modelWeights.ts";
import { WEIGHTS_FILE } from "./fileLimits.ts";

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
interface EncodedWeight {
  bytes: Uint8Array;
  quantization?: Quantization;
  fallback?: string;
}

const sameValues = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);

function float32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** One weight in `format`, only if tfjs's decoder gives back exactly `values` (the model's fake-quantized weights). */
function encodeWeight(values: Float32Array, format: WeightFormat, masked: Float32Array | undefined): EncodedWeight {
  if (format.kind === "float16") {
    const bits = Uint16Array.from(values, (v) => toFloat16Bits(v));
    if (bits.every((h, i) => fromFloat16Bits(h) === values[i]))
      return { bytes: new Uint8Array(bits.buffer), quantization: { dtype: "float16" } };
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
  if (format.kind === "int")
    return { bytes: float32Bytes(values), fallback: `int${format.bits} per-channel (tfjs has no per-channel format)` };
  return { bytes: float32Bytes(values) };
}

/** The parts one after another in one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * The model in the tfjs Layers format via model.save(withSaveHandler). With `formats`, weights are written in
 * tfjs's quantized format where it reproduces the model's values exactly; anything else stays float32, with a note.
 */
export async function exportArtifacts(model: tf.LayersModel, options: ExportOptions = {}): Promise<ExportedArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error("exportArtifacts: model.save gave no weights");
  if (!options.formats)
    return {
      artifacts: { ...artifacts, weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData) },
      notes: [],
    };
  const formatByName = new Map(
    weightInfos(model).map((info, i) => [info.name, options.formats?.[i] ?? ({ kind: "float32" } as WeightFormat)]),
  );
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
  const notes = [...fallbacks].map(
    ([why, names]) =>
      `${why}: ${names.length} weight${names.length === 1 ? "" : "s"} stored as float32 with their fake-quantized values (${names.join(", ")})`,
  );
  for (const bits of narrow)
    notes.push(`int${bits} codes are stored one per byte (uint8): tfjs has no ${bits}-bit weight format`);
  return {
    artifacts: { ...artifacts, weightSpecs: specs, weightData: concatBytes(parts).buffer as ArrayBuffer },
    notes,
  };
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
  const weightsBin = artifacts.weightData
    ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
    : new Uint8Array(0);
  return { modelJson, weightsBin };
}
