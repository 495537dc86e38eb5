/** The trainer's API (hosted by the worker, or by the page as a fallback): backend, data, runs, the lab, files, inspection. */
import { onnxFile, type OnnxFile } from "./onnxFiles.ts";
import * as tf from "@tensorflow/tfjs";
import type { DatasetId, ExperimentConfig } from "../config/schema.ts";
import type { BackendPreference } from "../config/backends.ts";
import type { BackendInfo } from "./backendTypes.ts";
import type { CustomDatasetMeta } from "../core/data/datasets.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { variantKey, type CompressionSpec } from "../config/compression.ts";
import type {
  CompressProgress,
  MeasureOptions,
  SweepResult,
  VariantEstimate,
  VariantReport,
} from "../core/compress/report.ts";
import { compressAndMeasure } from "./compressApi.ts";
import { sweepTrained, type SweepOptions } from "./sweepApi.ts";
import { refusal } from "../core/train/trainingRun.ts";
import * as inspect from "./inspectApi.ts";
import { convKernels, type ConvKernel } from "../core/inspect/probe.ts";
import { startBackend } from "./startBackend.ts";
import { loseWebGlContext } from "./gpuLoss.ts";
import { admitVariant } from "./keptVariants.ts";
import {
  loadModelFiles,
  modelFiles,
  singleWeightsFile,
  type KeptVariant,
  type LoadResult,
  type ModelFiles,
} from "./modelFiles.ts";
import {
  state,
  cancelCompress,
  compressionJob,
  dropModel,
  cachedDataset,
  streamedDataset,
  modelKeyOf,
  type DatasetLoadProgress,
  listedVariants,
  setCustomData,
} from "./trainerState.ts";
import { train } from "./trainRun.ts";
import { stepRun } from "./stepRun.ts";

/** Starts the backend; "main thread" is set by the main-thread fallback. */
async function init(preference: BackendPreference, thread: BackendInfo["thread"] = "worker"): Promise<BackendInfo> {
  state.thread = thread;
  await cancelCompress();
  dropModel();
  state.preference = preference;
  state.autoKey = "";
  state.backend = await startBackend(preference, thread);
  return state.backend;
}

/**
 * Downloads and decodes a dataset once; onProgress hears of the download (its `usable` says when Train may start,
 * before the end). Resolves with the split sizes once both files are whole and checked.
 */
async function prepareDataset(id: DatasetId, baseUrl: string, onProgress: (progress: DatasetLoadProgress) => void) {
  const data = await (await streamedDataset(id, baseUrl, onProgress)).done;
  const [trainCount, testCount] = [data.train.count, data.test.count];
  onProgress({ fraction: 1, trainArrived: trainCount, trainCount, testCount, usable: true });
  return { trainCount, testCount };
}

/**
 * Takes the person's own classes (their registry meta and splits) as the "custom" dataset; refused during a run,
 * whose data must not change under it.
 */
async function prepareCustomData(meta: CustomDatasetMeta, train: DatasetSplit, test: DatasetSplit): Promise<void> {
  const refused = state.run ? refusal(state.run.phase, "train") : null;
  if (refused) throw new Error(refused);
  setCustomData(meta, { train, test });
}

/**
 * Derives a compressed variant of the trained model (spec) or takes the baseline (null) and measures it.
 * The trained model is never changed. Rejects with "cancelled" when cancelled. A measured variant's weights
 * stay for saving, export and the inspector: with `keep` (the lab lists it) until the page is told otherwise
 * (`droppedVariants`: listed variants dropped for memory), else as one of the newest live previews.
 * `onEstimate` gets a variant's first estimate (accuracy on the fixed 1,000-image subset, a short batch-1 timing)
 * before the full measurement; a cancelled job never sends it.
 */
function compress(
  spec: CompressionSpec | null,
  options: MeasureOptions,
  onProgress: (p: CompressProgress) => void,
  keep = false,
  onEstimate?: (estimate: VariantEstimate) => void,
): Promise<VariantReport & { droppedVariants?: string[] }> {
  return compressionJob(async (trained, token) => {
    const measured: KeptVariant[] = [];
    const report = await compressAndMeasure(trained, spec, options, token, onProgress, {
      keep: (variant) => measured.push(variant),
      onEstimate,
    });
    // only a report the page receives (not a cancelled job) keeps its weights, so both sides hold the same variants
    const variant = measured.at(-1);
    const droppedVariants =
      spec && variant ? admitVariant(state.variants, listedVariants, variantKey(spec), variant, keep) : [];
    return droppedVariants.length ? { ...report, droppedVariants } : report;
  });
}

/** The trained model (spec null) or a measured variant as tfjs Layers files. */
async function exportModel(spec: CompressionSpec | null): Promise<ModelFiles> {
  await cancelCompress();
  if (!state.model || !state.trained) throw new Error("Train a model first: there is nothing to export yet.");
  return modelFiles(state.model, spec, spec ? state.variants.get(variantKey(spec)) : undefined);
}

/** The trained model (spec null) or a measured variant as one ONNX file; `link` names the experiment inside it. */
async function exportOnnx(spec: CompressionSpec | null, link: string): Promise<OnnxFile> {
  await cancelCompress();
  if (!state.model || !state.trained) throw new Error("Train a model first: there is nothing to export yet.");
  const variant = spec ? state.variants.get(variantKey(spec)) : undefined;
  return onnxFile(state.model, state.trained.config, spec, variant, link, state.trained.data.train);
}

/**
 * Replaces the trained model with one from files (a saved model, or files the person picked), checked before
 * any tensor exists, and measures it on the test set. Training continues from these weights.
 */
async function importModel(
  modelJson: string,
  weights: Map<string, Uint8Array>,
  config: ExperimentConfig,
  baseUrl: string,
): Promise<LoadResult> {
  await cancelCompress();
  const { result, model } = await loadModelFiles(modelJson, weights, config, (c) =>
    cachedDataset(c.datasetId, baseUrl).then((d) => d.test),
  );
  if (!result.ok || !model) return result;
  dropModel();
  state.model = model;
  state.modelKey = modelKeyOf(result.config);
  const data = await cachedDataset(result.config.datasetId, baseUrl);
  state.trained = { config: result.config, data, testAccuracy: result.test.accuracy };
  return result;
}

/** importModel for a saved record's single weights file. */
function loadModel(
  modelJson: string,
  weightsBin: Uint8Array,
  config: ExperimentConfig,
  baseUrl: string,
): Promise<LoadResult> {
  return importModel(modelJson, singleWeightsFile(weightsBin), config, baseUrl);
}

/** Sweeps sparsity, weight bits and per-layer sensitivity; a cancel keeps the points measured so far. */
function sweep(
  spec: CompressionSpec,
  onProgress: (p: CompressProgress) => void,
  options: SweepOptions = {},
): Promise<SweepResult> {
  return compressionJob((trained, token) =>
    sweepTrained(trained, spec, state.trained?.testAccuracy ?? Number.NaN, token, onProgress, options),
  );
}

/** Pause (between batches), resume, or stop (after the current batch or preparing step); null, or why it was refused. */
function command(name: "pause" | "resume" | "stop"): string | null {
  return state.run ? state.run.command(name) : refusal("idle", name);
}
/** Drops the trained model: the next run starts from the seed's initial weights. Refused during a run. */
async function reset(): Promise<void> {
  const refused = state.run ? refusal(state.run.phase, "reset") : null;
  if (refused) throw new Error(refused);
  await cancelCompress();
  dropModel();
}

/** What the inspector reads: the trained model (not while training), its data and the kept variants. */
function inspectSource(): inspect.InspectSource {
  if (!state.model || !state.trained) throw new Error("Train a model first: there is nothing to look inside yet.");
  return { model: state.model, config: state.trained.config, data: state.trained.data, variants: state.variants };
}

/** The model's conv filters right now, also while it trains (empty before the first run). */
async function liveFilters(): Promise<ConvKernel[]> {
  return state.model ? convKernels(state.model) : [];
}

/** Look inside the trained model or a measured variant (spec): see inspectApi.ts. */
const inspector = {
  testPredictions: (spec: CompressionSpec | null) => inspect.testPredictions(inspectSource(), spec),
  testImage: async (index: number) => inspect.testImage(inspectSource(), index),
  testImages: async (indices: number[]) => inspect.testImages(inspectSource(), indices),
  activations: (spec: CompressionSpec | null, image: Float32Array) => inspect.activations(inspectSource(), spec, image),
  classify: (specs: Array<CompressionSpec | null>, image: Float32Array) =>
    inspect.classify(inspectSource(), specs, image),
  filters: (spec: CompressionSpec | null) => inspect.filters(inspectSource(), spec),
  histograms: (spec: CompressionSpec | null) => inspect.histograms(inspectSource(), spec),
  liveFilters,
};

/**
 * Takes the Web Lock `name` and never lets it go: the browser releases it when this thread ends, which is how the
 * page learns that its worker is gone. Resolves true once held (false where Web Locks are missing).
 */
function holdLifeline(name: string): Promise<boolean> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return Promise.resolve(false);
  return new Promise((resolve) => {
    void locks.request(name, () => {
      resolve(true);
      return new Promise<never>(() => {});
    });
  });
}

/** Tensors alive in this thread, for leak checks. */
function memory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

// test hook for the fault-injection e2e tests: `cnnPlaygroundLoseGpu()` in the trainer's thread drops its WebGL context
(globalThis as { cnnPlaygroundLoseGpu?: () => boolean }).cnnPlaygroundLoseGpu = loseWebGlContext;

/** The trainer's whole API: the worker exposes it, the main-thread fallback calls it directly. */
export const trainerApi = {
  init,
  prepareDataset,
  prepareCustomData,
  train,
  compress,
  sweep,
  cancelCompress,
  command,
  step: stepRun,
  reset,
  memory,
  holdLifeline,
  exportModel,
  exportOnnx,
  importModel,
  loadModel,
  ...inspector,
};
export type TrainerApi = typeof trainerApi;
