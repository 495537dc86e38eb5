/** What the trainer holds (one per thread): the model, its data, the run, the lab's job, and the helpers that change them. */
import * as tf from "@tensorflow/tfjs";
import type { DatasetId, ExperimentConfig } from "../config/schema.ts";
import { weightsKeyOf } from "../config/continueRule.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { firstPartOf, streamDataset, type DatasetStream } from "../core/data/loadDataset.ts";
import { DATASETS, setCustomDataset, type CustomDatasetMeta } from "../core/data/datasets.ts";
import { completeStream } from "../core/custom/customData.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import type { TrainCallbacks } from "../core/train/trainLoop.ts";
import type { BackendPreference } from "../config/backends.ts";
import type { BackendInfo } from "./backendTypes.ts";
import { cancel, createCancelToken, type CancelToken, type TrainedState } from "./compressApi.ts";
import { TrainingRun, type PreparingStep, type RunPhase } from "../core/train/trainingRun.ts";
import type { KeptVariant } from "./modelFiles.ts";
import type { BatchMetrics } from "../core/train/metrics.ts";
import type { FilterChange } from "../core/inspect/filterChange.ts";
import type { LayerGradNorm } from "../core/train/gradNorms.ts";

/**
 * What one Step trained: its batch (as the trainer numbers it), the per-layer norms of the gradient applied, and
 * how much the step changed each conv filter.
 */
export interface StepReport {
  batch: BatchMetrics | null;
  norms: LayerGradNorm[];
  filters: FilterChange[];
}

/** A dataset's decoded splits. */
export type Loaded = { train: DatasetSplit; test: DatasetSplit };

/** A dataset download as the page shows it. */
export interface DatasetLoadProgress {
  /** Bytes on the wire so far, 0..1. */
  fraction: number;
  /** Training images in (a prefix of the file), and the file's counts (0 until its header is in). */
  trainArrived: number;
  trainCount: number;
  testCount: number;
  /** Training can start: the first part of the training file is in (see firstPartOf). */
  usable: boolean;
}

/** A dataset loading (or loaded) once per thread, and who hears of its progress. */
interface DatasetEntry {
  stream: Promise<DatasetStream>;
  listeners: Set<(progress: DatasetLoadProgress) => void>;
  last: DatasetLoadProgress | null;
}

/** The trainer's state: one per thread (the worker, or the page in the main-thread fallback). */
export const state = {
  thread: "worker" as BackendInfo["thread"],
  datasets: new Map<DatasetId, DatasetEntry>(),
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
export const listedVariants = new WeakSet<KeptVariant>();

/**
 * JSON of the config parts that define the model's weights (the page's continue rule); on the person's own images
 * also their input shape and class count, which the config does not hold.
 */
export const modelKeyOf = (c: ExperimentConfig): string =>
  c.datasetId === "custom"
    ? `${weightsKeyOf(c)}${JSON.stringify([DATASETS.custom.inputShape, DATASETS.custom.numClasses])}`
    : weightsKeyOf(c);
/** What decides which backend trains fastest: the layers, the input and the batch size. */
export const autoKeyOf = (c: ExperimentConfig) => JSON.stringify([c.datasetId, c.layers, c.batchSize]);

/** The trainer's callbacks: metrics, and the backend whenever Auto (re)chooses it. */
export interface TrainerCallbacks extends TrainCallbacks {
  onBackend?(info: BackendInfo): void;
  /** Every change of the run's phase (with the step while preparing). */
  onPhase?(phase: RunPhase, step: PreparingStep | null): void;
  /** A Step's batch was trained (the run is paused again): its loss and each layer's gradient norm. */
  onStep?(report: StepReport): void;
}

/** Cancels the compression job in progress and waits for it to let go of the model. */
export async function cancelCompress(): Promise<void> {
  const job = state.compressJob;
  if (!job) return;
  cancel(job.token);
  await job.done.catch(() => {});
}

/** Runs one compression job at a time: the one before is cancelled first. */
export async function compressionJob<T>(work: (trained: TrainedState, token: CancelToken) => Promise<T>): Promise<T> {
  await cancelCompress();
  if (!state.model || !state.trained || !state.backend)
    throw new Error("Train a model first: the lab compresses trained weights.");
  const trained = {
    model: state.model,
    config: state.trained.config,
    data: state.trained.data,
    backend: state.backend,
  };
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

export function dropModel(): void {
  if (state.model) disposeModel(state.model);
  state.model = null;
  state.modelKey = "";
  state.trained = null;
  state.variants.clear();
}

/**
 * The dataset's download, started once per thread (again after a failure): resolves when the training labels are
 * in. onProgress hears of it until it ends (at once of where it stands, when it already started).
 */
export function streamedDataset(
  id: DatasetId,
  baseUrl: string,
  onProgress?: (progress: DatasetLoadProgress) => void,
): Promise<DatasetStream> {
  let entry = state.datasets.get(id);
  // the person's own images are sent by the page (setCustomData), never downloaded
  if (!entry && id === "custom") return Promise.reject(new Error("Add your own images first: no classes were sent."));
  if (!entry) {
    let stream: DatasetStream | null = null;
    const listeners = new Set<(progress: DatasetLoadProgress) => void>();
    const tell = (fraction: number, trainArrived: number) => {
      const trainCount = stream?.train.count ?? 0;
      const usable = stream !== null && trainArrived >= firstPartOf(trainCount);
      created.last = { fraction, trainArrived, trainCount, testCount: stream?.testCount ?? 0, usable };
      for (const listener of listeners) listener(created.last);
    };
    const created: DatasetEntry = { stream: streamDataset(id, baseUrl, tell), listeners, last: null };
    entry = created;
    state.datasets.set(id, entry);
    void created.stream
      .then((s) => {
        stream = s;
        tell(created.last?.fraction ?? 0, s.trainArrived()); // the counts, which the reports before lacked
        return s.done;
      })
      .catch(() => state.datasets.get(id) === created && state.datasets.delete(id))
      .finally(() => listeners.clear());
  }
  if (onProgress) {
    entry.listeners.add(onProgress);
    if (entry.last) onProgress(entry.last);
  }
  return entry.stream;
}

/** Holds the person's own classes as the "custom" dataset (whole at once) and points the registry at them. */
export function setCustomData(meta: CustomDatasetMeta, splits: Loaded): void {
  setCustomDataset(meta);
  const stream = completeStream(splits);
  state.datasets.set("custom", { stream: Promise.resolve(stream), listeners: new Set(), last: null });
}

/** The dataset, whole (both splits): see streamedDataset. */
export function cachedDataset(id: DatasetId, baseUrl: string): Promise<Loaded> {
  return streamedDataset(id, baseUrl).then((stream) => stream.done);
}
