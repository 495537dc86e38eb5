// The bare path: the app's model and data, trained with plain model.fit in a Web Worker, plus inference latency.
import * as tf from "@tensorflow/tfjs";
import { expose } from "comlink";
import { applyPreset, DEFAULT_CONFIG } from "../../../src/config/presets.ts";
import { makeBatch } from "../../../src/core/data/batches.ts";
import type { DatasetSplit } from "../../../src/core/data/datasetFormat.ts";
import { loadDataset } from "../../../src/core/data/loadDataset.ts";
import { buildModel, disposeModel } from "../../../src/core/model/buildModel.ts";
import { measureLatency } from "../../../src/core/compress/measure.ts";
import { tryBackend } from "../../../src/worker/startBackend.ts";
import type {
  BenchBackend,
  BenchPreset,
  LatencyRequest,
  LatencyResult,
  TrainRequest,
  TrainResult,
} from "../shared/types.ts";

const INPUT_SHAPE = [28, 28, 1] as const;
const NUM_CLASSES = 10;

const state = {
  backend: null as BenchBackend | null,
  train: null as DatasetSplit | null,
  model: null as tf.Sequential | null,
  preset: null as BenchPreset | null,
};

/** Starts the backend (once per worker) and loads MNIST; returns the setup time, or why it failed. */
async function setUp(backend: BenchBackend, datasetsUrl: string): Promise<{ setupMs: number; error?: string }> {
  const began = performance.now();
  if (state.backend !== null && state.backend !== backend)
    return { setupMs: 0, error: `worker already runs ${state.backend}` };
  if (state.backend === null) {
    if (!(await tryBackend(backend)))
      return { setupMs: performance.now() - began, error: `tryBackend("${backend}") failed in a worker` };
    state.backend = backend;
  }
  state.train ??= (await loadDataset("mnist", datasetsUrl)).train;
  return { setupMs: performance.now() - began };
}

/** The preset's model, built fresh when the preset changes (same config and seed as the app path). */
function modelFor(preset: BenchPreset, batchSize: number): tf.Sequential {
  if (state.model && state.preset === preset) return state.model;
  if (state.model) disposeModel(state.model);
  state.model = buildModel({ ...applyPreset(DEFAULT_CONFIG, preset), batchSize, epochs: 1 }, INPUT_SHAPE, NUM_CLASSES);
  state.preset = preset;
  return state.model;
}

/** Times one `model.fit` epoch over the first `count` training images, one xs/ys tensor pair. */
async function timedFit(model: tf.Sequential, split: DatasetSplit, count: number, batchSize: number): Promise<number> {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const { xs, ys } = makeBatch(split, order, 0, count, NUM_CLASSES);
  try {
    const began = performance.now();
    await model.fit(xs, ys, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
    return performance.now() - began;
  } finally {
    tf.dispose([xs, ys]);
  }
}

/** The bare path: an untimed warm-up fit (kernel compilation, uploads), then a timed fit over `request.batches` batches. */
async function fit(request: TrainRequest, datasetsUrl: string): Promise<TrainResult> {
  const setup = await setUp(request.backend, datasetsUrl);
  const base = { backend: state.backend ?? "none", thread: "worker", setupMs: setup.setupMs };
  if (setup.error || !state.train) {
    return {
      ...base,
      examplesPerSec: Number.NaN,
      batchesTimed: 0,
      timedMs: 0,
      warmupMs: 0,
      warmupBatches: 0,
      skipped: setup.error ?? "no data",
    };
  }
  const model = modelFor(request.preset, request.batchSize);
  const batches = Math.max(1, Math.round(request.batches));
  const warmupBatches = Math.max(1, request.bareWarmupBatches);
  const warmupMs = await timedFit(model, state.train, warmupBatches * request.batchSize, request.batchSize);
  const timedMs = await timedFit(model, state.train, batches * request.batchSize, request.batchSize);
  return {
    ...base,
    examplesPerSec: (batches * request.batchSize) / (timedMs / 1000),
    batchesTimed: batches,
    timedMs,
    warmupMs,
    warmupBatches,
  };
}

/** Inference latency of the current model (measureLatency: first run apart, warm-up, timed runs, each flushed). */
async function latency(request: LatencyRequest): Promise<LatencyResult> {
  if (!state.model) {
    const nan = Number.NaN;
    return {
      batch: request.batch,
      warmupRuns: 0,
      timedRuns: 0,
      firstMs: nan,
      p50Ms: nan,
      p95Ms: nan,
      minMs: nan,
      budgetHit: false,
      skipped: "no model",
    };
  }
  const stats = await measureLatency(state.model, INPUT_SHAPE, request.batch, {
    warmupRuns: request.warmupRuns,
    timedRuns: request.timedRuns,
    budgetMs: request.budgetMs,
  });
  return { ...stats };
}

/** Tensors alive in this worker, for leak checks. */
function memory(): number {
  return tf.memory().numTensors;
}

/** What the bench page calls in this worker. */
export const benchWorkerApi = { fit, latency, memory };
export type BenchWorkerApi = typeof benchWorkerApi;

expose(benchWorkerApi);
