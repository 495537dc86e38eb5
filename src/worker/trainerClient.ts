import { releaseProxy, wrap, type Remote } from "comlink";
import type { BackendInfo, BackendPreference } from "./backendTypes.ts";
import type { TrainerApi } from "./trainerApi.ts";

/**
 * The trainer as the page calls it: comlink's own `Remote<TrainerApi>` (every method returns a promise; a
 * callback argument is passed through comlink's `proxy()`), in a worker or, as a fallback, on the main thread.
 */
export type Trainer = Remote<TrainerApi>;

/** The page's handle on the trainer: the remote API, the backend it started on, and how to end it. */
export interface TrainerClient {
  trainer: Trainer;
  backend: BackendInfo;
  dispose(): void;
}

/** The trainer API called in this thread, typed as the remote one (each result a promise). */
function localTrainer(api: TrainerApi): Trainer {
  const entries = Object.entries(api).map(([name, fn]) => [name, async (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args)]);
  return Object.fromEntries(entries) as unknown as Trainer;
}

async function mainThreadClient(preference: BackendPreference): Promise<TrainerClient> {
  const { trainerApi } = await import("./trainerApi.ts");
  const backend = await trainerApi.init(preference, "main thread");
  return { trainer: localTrainer(trainerApi), backend, dispose: () => void trainerApi.reset().catch(() => {}) };
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
    const w = worker;
    const inWorker: TrainerClient = { trainer: remote, backend, dispose: () => { remote[releaseProxy](); w.terminate(); } };
    const wantedGpu = preference === "webgl" || preference === "webgpu";
    if (!wantedGpu || backend.name === preference) return inWorker;
    const fallback = await mainThreadClient(preference);
    if (fallback.backend.name !== preference) {
      fallback.dispose();
      return inWorker;
    }
    worker.terminate();
    return fallback;
  } catch (error) {
    worker?.terminate();
    console.warn("Trainer worker failed; training on the main thread.", error);
    return mainThreadClient(preference);
  }
}
