// The trainer's side of "Export ONNX": the trained model or a kept variant as one .onnx file, its kernels and biases
// stored in the variant's weight format (float16 constants, int8/int4/int2 codes with DequantizeLinear); a variant
// with 8-bit weights and activations as a W8A8 graph that ONNX Runtime runs on integer kernels.
import type * as tf from "@tensorflow/tfjs";
import { int8Activations, weightFormat, type CompressionSpec, type WeightFormat } from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { calibrateActivations, computeLayers } from "../core/compress/measure.ts";
import { writeWeights } from "../core/compress/modelWeights.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { onnxWeightsOf, stackLayerRanges } from "../core/export/onnx/onnxFromModel.ts";
import { floatLayersText, toOnnx } from "../core/export/onnx/toOnnx.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import type { KeptVariant } from "./modelFiles.ts";

/** One ONNX file and what it does not hold as the lab measured it. */
export interface OnnxFile {
  bytes: Uint8Array;
  notes: string[];
}

/** True when a variant has 8-bit integer weights and 8-bit activations: it is written as a W8A8 graph. */
export function isW8A8(spec: CompressionSpec | null): boolean {
  if (spec === null || !int8Activations(spec)) return false;
  const format = weightFormat(spec);
  return format.kind === "int" && format.bits === 8;
}

/** The ONNX bytes of `config`'s model with `masked` weights (before quantization; stored in `format`). */
export async function onnxOfWeights(
  config: ExperimentConfig,
  masked: Float32Array[],
  format: WeightFormat,
  activationRanges: ReadonlyArray<readonly [number, number]> | undefined,
  docString: string,
): Promise<Uint8Array> {
  const { inputShape, numClasses } = DATASETS[config.datasetId];
  const copy = buildModel(config, inputShape, numClasses);
  try {
    writeWeights(copy, masked);
    const weights = await onnxWeightsOf(copy, config);
    return toOnnx({ config, inputShape, numClasses, weights, format, activationRanges, docString });
  } finally {
    disposeModel(copy);
  }
}

/** The W8A8 file's word on its activations, with the layers that stay float32 (see firstIntegerLayer). */
function activationsText(config: ExperimentConfig): string {
  const { inputShape, numClasses } = DATASETS[config.datasetId];
  const float = floatLayersText(inferShapes(config.layers, inputShape, numClasses).layers, inputShape);
  return `Activations: uint8, calibrated (QDQ layout)${float ? `; ${float} run in float32` : ""}.`;
}

function describeFormat(format: WeightFormat): string {
  if (format.kind === "int") return `int${format.bits} ${format.granularity} codes with DequantizeLinear`;
  return format.kind;
}

/** The trained model (spec null) or a kept variant as ONNX; `link` (the experiment's link) goes into its doc string. */
export async function onnxFile(
  model: tf.LayersModel,
  config: ExperimentConfig,
  spec: CompressionSpec | null,
  variant: KeptVariant | undefined,
  link: string,
  /** The training images the lab calibrates 8-bit activations on (its first 300). */
  calibration: DatasetSplit,
): Promise<OnnxFile> {
  const format: WeightFormat = spec ? weightFormat(spec) : { kind: "float32" };
  const describe = (c: ExperimentConfig) => {
    const { inputShape, numClasses, label } = DATASETS[c.datasetId];
    return [
      `CNN Playground model (${label}). Input "input": float32 N×${inputShape.join("×")}, pixels in [0, 1].`,
      `Output "probabilities": the ${numClasses} class probabilities. Kernels and biases: ${describeFormat(format)}.`,
      `Experiment: ${link}`,
    ].join("\n");
  };
  if (spec === null) {
    const { inputShape, numClasses } = DATASETS[config.datasetId];
    const weights = await onnxWeightsOf(model, config);
    return { bytes: toOnnx({ config, inputShape, numClasses, weights, docString: describe(config) }), notes: [] };
  }
  if (!variant) {
    throw new Error("Measure this variant first (Keep variant in the lab): only measured variants can be exported.");
  }
  // W8A8 (8-bit weights and activations): the lab's ranges, from the variant's final weights on its 300 images
  const w8a8 = isW8A8(spec);
  let activationRanges: Array<readonly [number, number]> | undefined;
  if (w8a8) {
    const { inputShape, numClasses } = DATASETS[variant.config.datasetId];
    const final = buildModel(variant.config, inputShape, numClasses);
    try {
      writeWeights(final, variant.weights);
      const ranges = await calibrateActivations(final, calibration, 300, numClasses);
      activationRanges = stackLayerRanges(
        computeLayers(final).map((l) => l.name),
        variant.config,
        ranges,
      );
    } finally {
      disposeModel(final);
    }
  }
  // before quantization: the file stores the codes, as the lab does
  const docString = describe(variant.config) + (w8a8 ? `\n${activationsText(variant.config)}` : "");
  const bytes = await onnxOfWeights(variant.config, variant.masked, format, activationRanges, docString);
  const notes: string[] = [];
  if (int8Activations(spec) && !w8a8) {
    notes.push("Activations run in float32 in this file (8-bit activations are written with 8-bit weights only).");
  }
  if (format.kind === "int" && format.bits < 8) notes.push(`The ${format.bits}-bit codes are stored one per byte.`);
  return { bytes, notes };
}
