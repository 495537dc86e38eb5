/**
 * The trainer's side of saving, exporting and importing: the trained model (or a measured variant) as tfjs
 * Layers files, and files back into a trainable model. Files are untrusted: importModelFiles checks them
 * against the schema and limits before any tensor exists.
 */
import type * as tf from "@tensorflow/tfjs";
import type { CompressionSpec } from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { formatOf, weightInfos, writeWeights, readWeights } from "../core/compress/modelWeights.ts";
import { DATASETS } from "../core/data/datasets.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { WEIGHTS_FILE } from "../core/export/fileLimits.ts";
import { exportArtifacts, toModelFiles } from "../core/export/modelArtifacts.ts";
import { importModelFiles } from "../core/export/modelArtifactsImport.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import type { Evaluation } from "../core/train/metrics.ts";
import { evaluateModel } from "../core/train/trainLoopEvaluate.ts";

/** A measured variant's weights, kept so that it can be saved or exported without deriving it again. */
export interface KeptVariant {
  config: ExperimentConfig;
  /** Final (fake-quantized) weights, in getWeights() order. */
  weights: Float32Array[];
  /** Weights before quantization, from which the integer codes are recomputed. */
  masked: Float32Array[];
}

/** The files a person downloads, and what could not be stored as asked. */
export interface ModelFiles {
  modelJson: string;
  weightsBin: Uint8Array;
  notes: string[];
}

/** The baseline (spec null) or a kept variant as model.json + weights.bin; quantized weights in tfjs's quantized format. */
export async function modelFiles(
  model: tf.LayersModel,
  spec: CompressionSpec | null,
  variant: KeptVariant | undefined,
): Promise<ModelFiles> {
  if (spec === null) {
    const { artifacts, notes } = await exportArtifacts(model);
    return { ...toModelFiles(artifacts), notes };
  }
  if (!variant)
    throw new Error(
      "Measure this variant first (Keep variant in the lab): only measured variants can be saved or exported.",
    );
  const info = DATASETS[variant.config.datasetId];
  const copy = buildModel(variant.config, info.inputShape, info.numClasses);
  try {
    writeWeights(copy, variant.weights);
    const formats = weightInfos(copy).map((w) => formatOf(w, spec));
    const { artifacts, notes } = await exportArtifacts(copy, { formats, masked: variant.masked });
    return { ...toModelFiles(artifacts), notes };
  } finally {
    disposeModel(copy);
  }
}

/** What loading files into the trainer gives back to the page. */
export type LoadResult = { ok: true; config: ExperimentConfig; test: Evaluation } | { ok: false; error: string };

/**
 * Imports files (checked first) as a model trained with `config`'s optimizer and seed, then measures it on the
 * full test set. The caller owns the returned model.
 */
export async function loadModelFiles(
  modelJson: string,
  weights: ReadonlyMap<string, Uint8Array>,
  config: ExperimentConfig,
  test: (c: ExperimentConfig) => Promise<DatasetSplit>,
): Promise<{ result: LoadResult; model: tf.Sequential | null }> {
  const imported = await importModelFiles(modelJson, weights, config.datasetId);
  if (!imported.ok) return { result: imported, model: null };
  const loadedConfig: ExperimentConfig = { ...config, datasetId: imported.datasetId, layers: imported.layers };
  const info = DATASETS[loadedConfig.datasetId];
  // rebuilt with the page's optimizer settings, so that training can continue from these weights
  const model = buildModel(loadedConfig, info.inputShape, info.numClasses);
  try {
    writeWeights(model, await readWeights(imported.model));
  } catch (error) {
    disposeModel(model);
    throw error;
  } finally {
    disposeModel(imported.model);
  }
  const evaluation = await evaluateModel(model, await test(loadedConfig), info.numClasses);
  return { result: { ok: true, config: loadedConfig, test: evaluation }, model };
}

/** A saved record's single weights file as the importer's file map. */
export const singleWeightsFile = (bytes: Uint8Array) => new Map([[WEIGHTS_FILE, bytes]]);
