// The bench page: window.bench runs the app path, the bare path and inference latency, and returns plain JSON.
import { wrap, releaseProxy, type Remote } from "comlink";
import type {
  BenchApi,
  BenchBackend,
  LatencyRequest,
  LatencyResult,
  TrainRequest,
  TrainResult,
} from "../shared/types.ts";
import { autoChoice, runAppPath } from "./appPath.ts";
import type { BenchWorkerApi } from "./benchWorker.ts";

/** The app's datasets folder (dist/datasets), served from the same origin as this page. */
const DATASETS_URL = new URL("/datasets/", location.href).href;

let bench: { backend: BenchBackend; worker: Worker; api: Remote<BenchWorkerApi> } | null = null;

/** The bench worker for `backend`: one per backend, so each starts tfjs fresh. */
function benchWorker(backend: BenchBackend): Remote<BenchWorkerApi> {
  if (bench?.backend === backend) return bench.api;
  closeWorker();
  const worker = new Worker(new URL("./benchWorker.ts", import.meta.url), { type: "module", name: `bench-${backend}` });
  bench = { backend, worker, api: wrap<BenchWorkerApi>(worker) };
  return bench.api;
}

/** Terminates the bench worker, if any. */
function closeWorker(): void {
  if (!bench) return;
  bench.api[releaseProxy]();
  bench.worker.terminate();
  bench = null;
}

/** A failed measurement as a skipped result, so one bad backend does not end the run. */
function failedTrain(request: TrainRequest, error: unknown): TrainResult {
  return {
    examplesPerSec: Number.NaN,
    batchesTimed: 0,
    timedMs: 0,
    warmupMs: 0,
    warmupBatches: 0,
    backend: request.backend,
    thread: "?",
    setupMs: 0,
    skipped: `error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** Same for a latency measurement. */
function failedLatency(request: LatencyRequest, error: unknown): LatencyResult {
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
    skipped: `error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

const api: BenchApi = {
  auto: (preset, batchSize) => autoChoice(preset, batchSize, DATASETS_URL),
  app: (request) => runAppPath(request, DATASETS_URL).catch((error: unknown) => failedTrain(request, error)),
  bare: (request) =>
    benchWorker(request.backend)
      .fit(request, DATASETS_URL)
      .catch((error: unknown) => failedTrain(request, error)),
  latency: (request) =>
    (bench ? bench.api.latency(request) : Promise.reject(new Error("no bench worker"))).catch((error: unknown) =>
      failedLatency(request, error),
    ),
  closeWorker: async () => closeWorker(),
};

declare global {
  interface Window {
    bench: BenchApi;
  }
}
window.bench = api;
document.getElementById("status")!.textContent = "Bench page ready.";
