// Latency of a model with tfjs: on the current backend, and (when asked) on every other backend that starts, each
// with a fresh copy of the weights; the lab's time budget and the rule that skips a batch too slow to wait for.
import * as tf from "@tensorflow/tfjs";
import type { BackendName } from "../config/backends.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { measureLatency, type LatencyStats } from "../core/compress/measure.ts";
import { readWeights, writeWeights } from "../core/compress/modelWeights.ts";
import type { BackendLatency, MeasureOptions } from "../core/compress/report.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import type { Shape } from "../core/model/inferShapes.ts";
import { CancelledError } from "../core/train/trainControl.ts";
import { BACKEND_LABELS, type BackendInfo } from "./backendTypes.ts";
import type { CancelToken, TrainedState } from "./compressApi.ts";
import { tryBackend } from "./startBackend.ts";

/** Time allowed per backend and batch size (software GPUs can take seconds per run). */
export const BUDGET_MS = 20_000;
/** A first run slower than this skips the larger batch on that backend. */
const TOO_SLOW_MS = 5_000;

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

function deviceOf(name: BackendName, backend: BackendInfo): string {
  const probe = backend.probes.find((p) => p.name === name);
  if (name === "wasm") return "WebAssembly SIMD, 1 thread";
  if (name === "cpu") return "plain JavaScript";
  return `${probe?.device ?? "unknown adapter"}${probe?.isSoftware ? " (software)" : ""}`;
}

/** Times `model` at each batch size on the active backend, within the budget. */
async function timeBatches(
  model: tf.LayersModel,
  inputShape: Shape,
  batches: number[],
  token: CancelToken,
  onBatch: (batch: number) => void,
): Promise<{ stats: LatencyStats[]; note: string | null }> {
  const stats: LatencyStats[] = [];
  let note: string | null = null;
  for (const batch of batches) {
    if (token.cancelled) throw new CancelledError();
    const slow = stats.find((s) => s.firstMs > TOO_SLOW_MS);
    if (slow) {
      note = `batch ${batch} skipped: one batch-${slow.batch} run took ${fmtMs(slow.firstMs)}`;
      break;
    }
    onBatch(batch);
    stats.push(
      await measureLatency(model, inputShape, batch, { budgetMs: BUDGET_MS, isCancelled: () => token.cancelled }),
    );
  }
  return { stats, note };
}

/** Latency on the current backend, then (when asked) on each other backend that starts, with a copy of the weights. */
export async function latencyOnBackends(
  model: tf.LayersModel,
  modelConfig: ExperimentConfig,
  trained: TrainedState,
  options: MeasureOptions,
  token: CancelToken,
  onProgress: (detail: string, fraction: number) => void,
): Promise<BackendLatency[]> {
  const { backend } = trained;
  const info = DATASETS[modelConfig.datasetId];
  const others = options.allBackends
    ? backend.probes.filter((p) => p.available && p.name !== backend.name).map((p) => p.name)
    : [];
  const steps = (1 + others.length) * options.batches.length;
  let step = 0;
  const tick = (name: BackendName) => (batch: number) =>
    onProgress(`timing on ${BACKEND_LABELS[name]}, batch ${batch}`, step++ / steps);
  const entry = (name: BackendName, timed: { stats: LatencyStats[]; note: string | null }): BackendLatency => ({
    backend: BACKEND_LABELS[name],
    device: deviceOf(name, backend),
    current: name === backend.name,
    ...timed,
  });
  const out = [
    entry(backend.name, await timeBatches(model, info.inputShape, options.batches, token, tick(backend.name))),
  ];
  if (others.length === 0) return out;
  const weights = await readWeights(model);
  try {
    for (const name of others) {
      if (token.cancelled) throw new CancelledError();
      if (!(await tryBackend(name))) {
        out.push(entry(name, { stats: [], note: "did not start in this thread" }));
        continue;
      }
      const copy = buildModel(modelConfig, info.inputShape, info.numClasses);
      try {
        writeWeights(copy, weights);
        out.push(entry(name, await timeBatches(copy, info.inputShape, options.batches, token, tick(name))));
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        out.push(entry(name, { stats: [], note: `failed: ${error instanceof Error ? error.message : String(error)}` }));
      } finally {
        disposeModel(copy);
      }
    }
  } finally {
    await tf.setBackend(backend.name); // the trained model lives on the current backend
  }
  return out;
}

/** Runs of the estimate's short batch-1 timing: a first estimate, not the lab's 10 warm-up + 50 timed runs. */
export const QUICK_RUNS = { warmupRuns: 2, timedRuns: 10 } as const;

/** A short batch-1 timing on the current backend (QUICK_RUNS), for a variant's first estimate. */
export async function quickLatency(
  model: tf.LayersModel,
  modelConfig: ExperimentConfig,
  backend: BackendInfo,
  token: CancelToken,
): Promise<BackendLatency> {
  const stats = await measureLatency(model, DATASETS[modelConfig.datasetId].inputShape, 1, {
    ...QUICK_RUNS,
    budgetMs: 1_000,
    isCancelled: () => token.cancelled,
  });
  return {
    backend: BACKEND_LABELS[backend.name],
    device: deviceOf(backend.name, backend),
    current: true,
    stats: [stats],
    note: null,
  };
}

/** The current backend and its device, e.g. "WASM · WebAssembly SIMD, 1 thread". */
export function backendText(backend: BackendInfo): string {
  return `${BACKEND_LABELS[backend.name]} · ${deviceOf(backend.name, backend)}`;
}
