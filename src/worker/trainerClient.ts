import { proxy, releaseProxy, wrap, type Remote } from "comlink";
import type { ExperimentConfig, DatasetId } from "../config/schema.ts";
import type { CompressionSpec } from "../config/compression.ts";
import type { CompressProgress, MeasureOptions, SweepResult, VariantReport } from "../core/compress/report.ts";
import type { BackendInfo, BackendPreference } from "./backendTypes.ts";
import type { InspectClient, TrainerApi, TrainerCallbacks } from "./trainerApi.ts";
import type { LoadResult, ModelFiles } from "./modelFiles.ts";

type Api = TrainerApi | Remote<TrainerApi>;

/** The page's handle on the trainer, in a worker or (fallback) on the main thread. */
export interface TrainerClient {
  backend: BackendInfo;
  prepareDataset(id: DatasetId, baseUrl: string, onProgress: (fraction: number) => void): Promise<{ trainCount: number; testCount: number }>;
  /** Trains; with Auto, `callbacks.onBackend` hears which backend was timed fastest for this model. */
  train(config: ExperimentConfig, baseUrl: string, callbacks: TrainerCallbacks): ReturnType<TrainerApi["train"]>;
  compress(spec: CompressionSpec | null, options: MeasureOptions, onProgress: (p: CompressProgress) => void): Promise<VariantReport>;
  sweep(spec: CompressionSpec, onProgress: (p: CompressProgress) => void): Promise<SweepResult>;
  /** Cancels the compression job in progress (it rejects with "cancelled"). */
  cancelCompress(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  reset(): Promise<void>;
  /** The trained model (null) or a measured variant as model.json + weights.bin. */
  exportModel(spec: CompressionSpec | null): Promise<ModelFiles>;
  /** Replaces the trained model with checked files the person picked; measures its test accuracy. */
  importModel(modelJson: string, weights: Map<string, Uint8Array>, config: ExperimentConfig, baseUrl: string): Promise<LoadResult>;
  /** importModel for a saved model's weights.bin. */
  loadModel(modelJson: string, weightsBin: Uint8Array, config: ExperimentConfig, baseUrl: string): Promise<LoadResult>;
  /** Look inside the trained model or a measured variant: predictions, activations, filters, histograms. */
  inspect: InspectClient;
  dispose(): void;
}

function makeClient(api: Api, backend: BackendInfo, inWorker: boolean, dispose: () => void): TrainerClient {
  // functions cross the worker boundary only as comlink proxies
  const cb = <T extends object>(x: T): T => (inWorker ? proxy(x) : x);
  return {
    backend,
    prepareDataset: (id, baseUrl, onProgress) => api.prepareDataset(id, baseUrl, cb(onProgress)),
    train: (config, baseUrl, callbacks) => api.train(config, baseUrl, cb(callbacks)),
    compress: (spec, options, onProgress) => api.compress(spec, options, cb(onProgress)),
    sweep: (spec, onProgress) => api.sweep(spec, cb(onProgress)),
    cancelCompress: async () => { await api.cancelCompress(); },
    pause: () => void api.pause(),
    resume: () => void api.resume(),
    stop: () => void api.stop(),
    reset: async () => { await api.reset(); },
    exportModel: (spec) => api.exportModel(spec),
    importModel: (modelJson, weights, config, baseUrl) => api.importModel(modelJson, weights, config, baseUrl),
    loadModel: (modelJson, weightsBin, config, baseUrl) => api.loadModel(modelJson, weightsBin, config, baseUrl),
    inspect: {
      testPredictions: (spec) => api.testPredictions(spec),
      testImage: (index) => api.testImage(index),
      testImages: (indices) => api.testImages(indices),
      activations: (spec, image) => api.activations(spec, image),
      classify: (specs, image) => api.classify(specs, image),
      filters: (spec) => api.filters(spec),
      histograms: (spec) => api.histograms(spec),
      liveFilters: () => api.liveFilters(),
    },
    dispose,
  };
}

async function mainThreadClient(preference: BackendPreference): Promise<TrainerClient> {
  const { trainerApi } = await import("./trainerApi.ts");
  const backend = await trainerApi.init(preference, "main thread");
  return makeClient(trainerApi, backend, false, () => void trainerApi.reset());
}

/**
 * Starts the trainer in a Web Worker. When a GPU backend was asked for (or ranked first) and only the page
 * can start it (tfjs GPU backends in workers have known gaps), falls back to the main thread.
 */
export async function createTrainerClient(preference: BackendPreference): Promise<TrainerClient> {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL("./trainer.worker.ts", import.meta.url), { type: "module", name: "trainer" });
    const remote = wrap<TrainerApi>(worker);
    const backend = await remote.init(preference, "worker");
    const wantedGpu = preference === "webgl" || preference === "webgpu";
    if (!wantedGpu || backend.name === preference) {
      const w = worker;
      return makeClient(remote, backend, true, () => { remote[releaseProxy](); w.terminate(); });
    }
    const fallback = await mainThreadClient(preference);
    if (fallback.backend.name !== preference) {
      fallback.dispose();
      const w = worker;
      return makeClient(remote, backend, true, () => { remote[releaseProxy](); w.terminate(); });
    }
    worker.terminate();
    return fallback;
  } catch (error) {
    worker?.terminate();
    console.warn("Trainer worker failed; training on the main thread.", error);
    return mainThreadClient(preference);
  }
}
