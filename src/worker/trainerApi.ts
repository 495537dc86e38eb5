import * as tf from "@tensorflow/tfjs";
import { isAugmentationOff, trainingDataOf, type DatasetId, type ExperimentConfig } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { loadDataset } from "../core/data/loadDataset.ts";
import { splitValidation } from "../core/data/batches.ts";
import { trainingSubset } from "../core/data/imbalance.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { checkMemoryBudget } from "../core/model/memoryBudget.ts";
import { createRng } from "../core/random.ts";
import type { BatchMetrics, EpochMetrics, Evaluation, RunSummary } from "../core/train/metrics.ts";
import { writeCheckpoint } from "../core/storage/checkpoint.ts";
import { evaluateModel, runTraining, type TrainCallbacks } from "../core/train/trainLoop.ts";
import { divergenceRulesFor } from "../core/train/divergence.ts";
import type { BackendInfo, BackendPreference } from "./backendTypes.ts";
import type { CompressionSpec } from "../config/compression.ts";
import type { CompressProgress, MeasureOptions, SweepResult, VariantReport } from "../core/compress/report.ts";
import { cancel, compressAndMeasure, createCancelToken, sweepTrained, type CancelToken, type SweepOptions, type TrainedState } from "./compressApi.ts";
import { refusal, StoppedWhilePreparingError, TrainingRun, type PreparingStep, type RunPhase } from "../core/train/trainingRun.ts";
import * as inspect from "./inspectApi.ts";
import { convKernels, type ConvKernel } from "../core/inspect/probe.ts";
import { startBackend } from "./startBackend.ts";
import { loseWebGlContext, modelFromCheckpoint, moveOffLostGpu, watchGpuLoss } from "./gpuLoss.ts";
import { BACKEND_LABELS } from "./backendTypes.ts";
import { chooseFastestBackend } from "./autoBackend.ts";
import { admitVariant } from "./keptVariants.ts";
import { loadModelFiles, modelFiles, singleWeightsFile, variantKey, type KeptVariant, type LoadResult, type ModelFiles } from "./modelFiles.ts";

type Loaded = { train: DatasetSplit; test: DatasetSplit };

// The trainer's state: one per thread (the worker, or the page in the main-thread fallback).
const state = {
  thread: "worker" as BackendInfo["thread"],
  datasets: new Map<DatasetId, Promise<Loaded>>(),
  model: null as tf.Sequential | null,
  /** JSON of the config parts that define the model's weights; a change means a new model. */
  modelKey: "",
  /** Config and data the current model was trained with (for the compression lab). */
  trained: null as { config: ExperimentConfig; data: Loaded; testAccuracy: number } | null,
  /** The compression job in progress (one at a time) and how to cancel it. */
  compressJob: null as { token: CancelToken; done: Promise<unknown> } | null,
  backend: null as BackendInfo | null,
  preference: "auto" as BackendPreference,
  /** The model shape Auto last timed the backends for; another one is timed again. */
  autoKey: "",
  /** The newest training run (its phase says whether it still holds the model). */
  run: null as TrainingRun | null,
  /** Weights of the variants measured on the current model (newest last, a few), for saving and export. */
  variants: new Map<string, KeptVariant>(),
};
/** The variants in `state.variants` that the page lists (kept ones; the rest are live previews): see keptVariants.ts. */
const listedVariants = new WeakSet<KeptVariant>();

const modelKeyOf = (c: ExperimentConfig) =>
  JSON.stringify([c.datasetId, c.layers, c.optimizer, c.learningRate, c.seed]);
/** What decides which backend trains fastest: the layers, the input and the batch size. */
const autoKeyOf = (c: ExperimentConfig) => JSON.stringify([c.datasetId, c.layers, c.batchSize]);

/** The trainer's callbacks: metrics, and the backend whenever Auto (re)chooses it. */
export interface TrainerCallbacks extends TrainCallbacks {
  onBackend?(info: BackendInfo): void;
  /** Every change of the run's phase (with the step while preparing). */
  onPhase?(phase: RunPhase, step: PreparingStep | null): void;
}

/** Cancels the compression job in progress and waits for it to let go of the model. */
async function cancelCompress(): Promise<void> {
  const job = state.compressJob;
  if (!job) return;
  cancel(job.token);
  await job.done.catch(() => {});
}

/** Runs one compression job at a time: the one before is cancelled first. */
async function compressionJob<T>(work: (trained: TrainedState, token: CancelToken) => Promise<T>): Promise<T> {
  await cancelCompress();
  if (!state.model || !state.trained || !state.backend) throw new Error("Train a model first: the lab compresses trained weights.");
  const trained = { model: state.model, config: state.trained.config, data: state.trained.data, backend: state.backend };
  const token = createCancelToken();
  const done = work(trained, token);
  const job = { token, done };
  state.compressJob = job;
  try {
    return await done;
  } finally {
    if (state.compressJob === job) state.compressJob = null;
  }
}

function dropModel(): void {
  if (state.model) disposeModel(state.model);
  state.model = null;
  state.modelKey = "";
  state.trained = null;
  state.variants.clear();
}

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

function cachedDataset(id: DatasetId, baseUrl: string, onProgress: (fraction: number) => void): Promise<Loaded> {
  let pending = state.datasets.get(id);
  if (!pending) {
    pending = loadDataset(id, baseUrl, onProgress);
    state.datasets.set(id, pending);
    pending.catch(() => state.datasets.delete(id));
  }
  return pending;
}

/** Downloads and decodes a dataset once; progress 0–1. Returns the split sizes. */
async function prepareDataset(id: DatasetId, baseUrl: string, onProgress: (fraction: number) => void) {
  const data = await cachedDataset(id, baseUrl, onProgress);
  onProgress(1);
  return { trainCount: data.train.count, testCount: data.test.count };
}

/**
 * Trains the config's model: continues the current one if the config still matches it, else builds one from
 * the seed. Evaluates the full test set at the end, also after a stop. Callbacks get metric deltas and every
 * change of the run's phase. The run object is created before the first await, so a Stop sent right after
 * Train always finds it.
 */
async function train(config: ExperimentConfig, baseUrl: string, callbacks: TrainerCallbacks): Promise<{ summary: RunSummary; test: Evaluation | null }> {
  const refused = state.run ? refusal(state.run.phase, "train") : null;
  if (refused) throw new Error(refused);
  // through comlink the callback is a proxy that rejects when the page gave none
  const run = new TrainingRun((phase, step) => void Promise.resolve(callbacks.onPhase?.(phase, step)).catch(() => {}));
  state.run = run;
  const info = DATASETS[config.datasetId];
  try {
    const stats = inferShapes(config.layers, info.inputShape, info.numClasses);
    if (stats.error) throw new Error(stats.error.message); // limits are checked before any tensor exists
    const overBudget = checkMemoryBudget(config); // and what one training step would really allocate
    if (overBudget) throw new Error(overBudget);
    const data = await run.prepare("loading the dataset", () => cachedDataset(config.datasetId, baseUrl, () => {}));
    await run.prepare("letting the lab finish", async () => {
      await cancelCompress(); // the lab reads the model: let go of it before the weights change
      state.variants.clear(); // measured on the weights that training is about to change
    });
    if (!state.model || state.modelKey !== modelKeyOf(config)) {
      dropModel();
      if (state.preference === "auto" && state.backend && state.autoKey !== autoKeyOf(config)) {
        // a new kind of model: time a few steps on each backend (the model is built after, on the winner)
        state.backend = await run.prepare("timing the backends", () => chooseFastestBackend(state.backend!, config, data.train));
        state.autoKey = autoKeyOf(config);
        void Promise.resolve(callbacks.onBackend?.(state.backend)).catch(() => {});
      }
      await run.prepare("building the model", () => {
        state.model = buildModel(config, info.inputShape, info.numClasses);
        state.modelKey = modelKeyOf(config);
      });
    }
    const model = state.model!;
    const rng = createRng(config.seed);
    const split = splitValidation(data.train, config.validationFraction, rng);
    // the experiments of the Training data settings: a smaller or imbalanced training part (validation stays whole)
    const trainingData = trainingDataOf(config);
    const { train: trainPart, classWeights } = trainingSubset(split.train, trainingData, rng);
    run.startTraining();
    // the run's history as the trainer sees it, for the checkpoint kept after every epoch
    const history: { batches: BatchMetrics[]; epochs: EpochMetrics[] } = { batches: [], epochs: [] };
    const keep = (testAccuracy: number | null) => keepCheckpoint(model, config, history, testAccuracy);
    // a lost GPU stops the loop; the run then goes on from its last checkpoint on WASM (recoverFromGpuLoss)
    // a lost GPU can leave the loop waiting forever on a read-back: the run goes on without it (recoverFromGpuLoss)
    let unwatch = () => {};
    const gpuLost = new Promise<string>((resolve) => { unwatch = watchGpuLoss(resolve); });
    const training = runTraining(model, { train: trainPart, validation: split.validation }, {
      epochs: config.epochs, batchSize: config.batchSize, numClasses: info.numClasses, rng,
      augment: isAugmentationOff(trainingData.augment) ? undefined : trainingData.augment,
      classWeights,
      l2: config.l2 || undefined, // L2 lives in the loss, not the model: modelKeyOf leaves it out
      divergence: divergenceRulesFor(config, info.numClasses),
      afterEpoch: () => keep(null),
    }, {
      onBatches: (batches, progress) => { history.batches.push(...batches); callbacks.onBatches(batches, progress); },
      onEpoch: (metrics) => { history.epochs.push(metrics); callbacks.onEpoch(metrics); },
    }, run.control);
    const outcome = await Promise.race([training.then((summary) => ({ summary }), (error: unknown) => ({ error })), gpuLost.then((reason) => ({ reason }))]).finally(unwatch);
    if ("reason" in outcome) {
      run.control.stop(); // if the loop ever wakes up, it stops
      training.catch(() => {}); // abandoned: its tensors were on the lost GPU
      return await recoverFromGpuLoss(outcome.reason, run, config, data, history.epochs.length, callbacks);
    }
    if ("error" in outcome) throw outcome.error;
    const { summary } = outcome;
    if (summary.diverged) {
      // the weights are ruined (NaN, or driven to confident nonsense): the next run starts again from the seed
      dropModel();
      run.finish();
      return { summary, test: null };
    }
    run.startEvaluating();
    // a stopped run is evaluated too: the person wants to know how good the model is right now
    const test = summary.examplesSeen > 0 ? await evaluateModel(model, data.test, info.numClasses) : null;
    if (test) {
      state.trained = { config, data, testAccuracy: test.accuracy };
      await keep(test.accuracy);
    }
    run.finish();
    return { summary, test };
  } catch (error) {
    if (!(error instanceof StoppedWhilePreparingError)) {
      run.fail();
      throw error;
    }
    // stopped before the first batch: the weights did not change, so the model trained before (if any) still stands
    const test = state.model && state.trained ? await evaluateModel(state.model, state.trained.data.test, info.numClasses) : null;
    run.finish();
    return { summary: { status: "stopped", epochsCompleted: 0, examplesSeen: 0, examplesPerSec: 0, elapsedMs: 0, stoppedWhile: error.step }, test };
  }
}

/**
 * The GPU was lost mid-run: move to WASM, take the weights of the run's last finished epoch (its checkpoint), or
 * none (the next run starts from the seed), and end the run saying what happened.
 */
async function recoverFromGpuLoss(reason: string, run: TrainingRun, config: ExperimentConfig, data: Loaded, epochsDone: number, callbacks: TrainerCallbacks) {
  const lost = state.backend!;
  try { dropModel(); } catch { /* disposing on a lost context may throw: the tensors are gone with it */ state.model = null; state.trained = null; }
  state.backend = await moveOffLostGpu(lost, reason);
  state.autoKey = autoKeyOf(config); // do not time the backends again for this model
  void Promise.resolve(callbacks.onBackend?.(state.backend)).catch(() => {});
  run.startEvaluating();
  const restored = epochsDone > 0 ? await modelFromCheckpoint(config, data.test) : null;
  if (restored) {
    state.model = restored.model;
    state.modelKey = modelKeyOf(config);
    state.trained = { config, data, testAccuracy: restored.test.accuracy };
  }
  const label = BACKEND_LABELS[lost.name];
  const gpuLost = restored
    ? `${label} lost its GPU (${reason}): the trainer moved to ${BACKEND_LABELS[state.backend.name]} with the weights from the end of epoch ${epochsDone}; press Train to go on from there.`
    : `${label} lost its GPU (${reason}) before the first epoch ended: the trainer moved to ${BACKEND_LABELS[state.backend.name]}; press Train to start again from the seed's weights.`;
  run.finish();
  const summary: RunSummary = { status: "stopped", epochsCompleted: epochsDone, examplesSeen: 0, examplesPerSec: 0, elapsedMs: 0, gpuLost };
  return { summary, test: restored?.test ?? null };
}

/** Keeps the model in IndexedDB as the checkpoint a reload or a lost worker can restore; a failed write is skipped. */
async function keepCheckpoint(model: tf.LayersModel, config: ExperimentConfig, history: { batches: BatchMetrics[]; epochs: EpochMetrics[] }, testAccuracy: number | null): Promise<void> {
  try {
    const { modelJson, weightsBin } = await modelFiles(model, null, undefined);
    await writeCheckpoint({ savedAt: Date.now(), config, compression: null, modelJson, weightsBin, history, testAccuracy, backend: state.backend?.name ?? "" });
  } catch (error) {
    console.warn("The checkpoint was not kept:", error);
  }
}

/**
 * Derives a compressed variant of the trained model (spec) or takes the baseline (null) and measures it.
 * The trained model is never changed. Rejects with "cancelled" when cancelled. A measured variant's weights
 * stay for saving, export and the inspector: with `keep` (the lab lists it) until the page is told otherwise
 * (`droppedVariants`: listed variants dropped for memory), else as one of the newest live previews.
 */
function compress(spec: CompressionSpec | null, options: MeasureOptions, onProgress: (p: CompressProgress) => void, keep = false): Promise<VariantReport & { droppedVariants?: string[] }> {
  return compressionJob(async (trained, token) => {
    const measured: KeptVariant[] = [];
    const report = await compressAndMeasure(trained, spec, options, token, onProgress, (variant) => measured.push(variant));
    // only a report the page receives (not a cancelled job) keeps its weights, so both sides hold the same variants
    const variant = measured.at(-1);
    const droppedVariants = spec && variant ? admitVariant(state.variants, listedVariants, variantKey(spec), variant, keep) : [];
    return droppedVariants.length ? { ...report, droppedVariants } : report;
  });
}

/** The trained model (spec null) or a measured variant as tfjs Layers files. */
async function exportModel(spec: CompressionSpec | null): Promise<ModelFiles> {
  await cancelCompress();
  if (!state.model || !state.trained) throw new Error("Train a model first: there is nothing to export yet.");
  return modelFiles(state.model, spec, spec ? state.variants.get(variantKey(spec)) : undefined);
}

/**
 * Replaces the trained model with one from files (a saved model, or files the person picked), checked before
 * any tensor exists, and measures it on the test set. Training continues from these weights.
 */
async function importModel(modelJson: string, weights: Map<string, Uint8Array>, config: ExperimentConfig, baseUrl: string): Promise<LoadResult> {
  await cancelCompress();
  const { result, model } = await loadModelFiles(modelJson, weights, config, (c) => cachedDataset(c.datasetId, baseUrl, () => {}).then((d) => d.test));
  if (!result.ok || !model) return result;
  dropModel();
  state.model = model;
  state.modelKey = modelKeyOf(result.config);
  const data = await cachedDataset(result.config.datasetId, baseUrl, () => {});
  state.trained = { config: result.config, data, testAccuracy: result.test.accuracy };
  return result;
}

/** importModel for a saved record's single weights file. */
function loadModel(modelJson: string, weightsBin: Uint8Array, config: ExperimentConfig, baseUrl: string): Promise<LoadResult> {
  return importModel(modelJson, singleWeightsFile(weightsBin), config, baseUrl);
}

/** Sweeps sparsity, weight bits and per-layer sensitivity; a cancel keeps the points measured so far. */
function sweep(spec: CompressionSpec, onProgress: (p: CompressProgress) => void, options: SweepOptions = {}): Promise<SweepResult> {
  return compressionJob((trained, token) => sweepTrained(trained, spec, state.trained?.testAccuracy ?? Number.NaN, token, onProgress, options));
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
  classify: (specs: Array<CompressionSpec | null>, image: Float32Array) => inspect.classify(inspectSource(), specs, image),
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
  init, prepareDataset, train, compress, sweep, cancelCompress, command, reset, memory, holdLifeline, exportModel, importModel, loadModel,
  ...inspector,
};
export type TrainerApi = typeof trainerApi;
