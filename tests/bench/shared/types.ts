// Plain-JSON shapes exchanged between the bench page (browser) and the harness (Node).
import type { BackendName } from "../../../src/config/backends.ts";
import type { LatencyStats } from "../../../src/core/compress/measure.ts";

/** tfjs backends the bench runs on: the app's. */
export type BenchBackend = BackendName;
/** App presets the bench trains. */
export type BenchPreset = "tiny" | "seed";

/** One app-path or bare-path training measurement to make. */
export interface TrainRequest {
  backend: BenchBackend;
  preset: BenchPreset;
  batchSize: number;
  /** Batches to time after the warm-up (fewer if the budget runs out first). */
  batches: number;
  /** Stop timing once this much time has passed after the warm-up. */
  budgetMs: number;
  /** App path: give up (too slow to time here) when the first group of batches has not arrived after this long. */
  warmupTimeoutMs: number;
  /** Bare path: batches of the untimed warm-up fit. */
  bareWarmupBatches: number;
  /** App path: at most this many workers share each batch (default: one per core). */
  maxWorkers?: number;
}

/** What one training path measured; `skipped` is set (and the numbers are NaN) when it could not run. */
export interface TrainResult {
  examplesPerSec: number;
  /** Batches inside the timed window (after the warm-up). */
  batchesTimed: number;
  /** Length of the timed window. */
  timedMs: number;
  /** Time until the timed window began (backend start not included): the first callback or the warm-up fit. */
  warmupMs: number;
  /** Batches done before the timed window (the first group of callbacks, or the warm-up fit). */
  warmupBatches: number;
  /** App path only: examples/s from the worker's own clock (progress.elapsedMs), without messaging latency. */
  workerExamplesPerSec?: number;
  /** App path only: onBatches calls inside the timed window. */
  callbacks?: number;
  /** App path only: median of the per-callback examples/s (robust to one stalled interval). */
  medianIntervalExamplesPerSec?: number;
  /** App path only: every onBatches call as [ms since train() was called, examples seen]. */
  marks?: Array<[number, number]>;
  /** App path only: how many workers trained (data-parallel on WASM). */
  workers?: number;
  /** Backend that actually ran, and on which thread. */
  backend: string;
  thread: string;
  /** Backend start + dataset load, before training. */
  setupMs: number;
  skipped?: string;
  /** The first batches did not come back within warmupTimeoutMs. */
  tooSlow?: boolean;
}

/** A latency measurement to make on the bench worker's current model. */
export interface LatencyRequest {
  batch: number;
  warmupRuns: number;
  timedRuns: number;
  budgetMs: number;
}

/** measureLatency's result, in plain JSON, or why it was not measured. */
export interface LatencyResult extends LatencyStats {
  skipped?: string;
}

/** What the app's "Auto" preference picked: first from the probes, then by timing a model's training steps. */
export interface AutoChoice {
  preset: BenchPreset;
  batchSize: number;
  /** createTrainerClient("auto")'s backend (from the feature probes). */
  initial: { name: string; reason: string; device: string | null; thread: string };
  /** Time createTrainerClient("auto") took. */
  startMs: number;
  /** The backend Auto chose when training began (onBackend), or null when it did not say in time. */
  chosen: { name: string; reason: string; thread: string } | null;
  /** Auto's per-backend measurements (BackendInfo.speeds), where given. */
  speeds: Array<{ name: string; examplesPerSec: number | null; note: string }>;
  /** From train() until the first batches came back (Auto's timing included). */
  firstBatchesMs: number;
  probes: Array<{ name: string; available: boolean; device: string | null; isSoftware: boolean }>;
}

/** The functions the bench page puts on `window.bench`. */
export interface BenchApi {
  /** Which backend the app's "Auto" preference starts, and which it picks when training `preset` at `batchSize`. */
  auto(preset: BenchPreset, batchSize: number): Promise<AutoChoice>;
  /** The app path: createTrainerClient + prepareDataset + train, stopped after the timed window. */
  app(request: TrainRequest): Promise<TrainResult>;
  /** The bare path: tryBackend + buildModel + model.fit in the bench worker (started on first use per backend). */
  bare(request: TrainRequest): Promise<TrainResult>;
  /** Inference latency of the bench worker's current model (after `bare`). */
  latency(request: LatencyRequest): Promise<LatencyResult>;
  /** Terminates the bench worker (before the next backend). */
  closeWorker(): Promise<void>;
}
