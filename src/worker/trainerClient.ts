import { releaseProxy, wrap, type Remote } from "comlink";
import type { BackendPreference } from "../config/backends.ts";
import type { BackendInfo } from "./backendTypes.ts";
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
  /** "worker", or "main thread" with the reason the worker could not be used (null when it was not tried). */
  thread: { kind: "worker" } | { kind: "main thread"; workerProblem: string | null };
  /** Calls `listener` once if the trainer's worker is lost (every pending and later call then rejects). */
  onLost(listener: (error: TrainerLostError) => void): void;
  dispose(): void;
}

/** Every call rejects with this once the worker is gone: its script did not load, it threw, or it stopped. */
export class TrainerLostError extends Error {
  override name = "TrainerLostError";
}

/** How long a new worker may take to answer its first call before it counts as failed (stalling machines are slow). */
export const WORKER_START_TIMEOUT_MS = 120_000;

/** The trainer API called in this thread, typed as the remote one (each result a promise). */
function localTrainer(api: TrainerApi): Trainer {
  const entries = Object.entries(api).map(([name, fn]) => [
    name,
    async (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args),
  ]);
  return Object.fromEntries(entries) as unknown as Trainer;
}

/**
 * Watches a worker: its `error` and `messageerror` events, and a Web Lock the worker holds for life (the page's
 * request for the same lock is granted when the worker's thread ends, however it ends). Once lost, the worker is terminated and every pending or later call rejects at once
 * (comlink alone would wait forever).
 */
function guardWorker(worker: Worker, remote: Trainer) {
  let lostError: TrainerLostError | null = null;
  const listeners: Array<(error: TrainerLostError) => void> = [];
  let rejectLost: (error: TrainerLostError) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    rejectLost = reject;
  });
  lost.catch(() => {}); // observed through the calls below
  const lose = (reason: string) => {
    if (lostError) return;
    lostError = new TrainerLostError(reason);
    rejectLost(lostError);
    worker.terminate();
    for (const listener of listeners.splice(0)) listener(lostError);
  };
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    lose(
      event.message
        ? `the trainer's worker failed: ${event.message}`
        : "the trainer's worker script did not load (a newer version of the page may have been published)",
    );
  });
  worker.addEventListener("messageerror", () => lose("a message from the trainer's worker could not be read"));
  const guarded = new Proxy(remote, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof property === "symbol" || typeof value !== "function") return value;
      return (...args: unknown[]) =>
        lostError
          ? Promise.reject(lostError)
          : Promise.race([(value as (...a: unknown[]) => Promise<unknown>)(...args), lost]);
    },
  });
  return {
    trainer: guarded,
    /** Asks the worker to hold a Web Lock for life; the page's own request for it is granted when the worker ends. */
    watchLifeline: async () => {
      const name = `cnn-playground-trainer-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      if (typeof navigator === "undefined" || !navigator.locks || !(await guarded.holdLifeline(name))) return; // Web Locks need a secure context
      void navigator.locks.request(name, () => lose("the trainer's worker stopped"));
    },
    lost,
    lose,
    /** Ends the worker on purpose (a backend change): no listener hears of it, later calls reject. */
    retire: () => {
      lostError ??= new TrainerLostError("the trainer was replaced");
      listeners.length = 0;
      rejectLost(lostError);
      worker.terminate();
    },
    onLost: (listener: (error: TrainerLostError) => void) => {
      if (lostError) listener(lostError);
      else listeners.push(listener);
    },
  };
}

async function mainThreadClient(preference: BackendPreference, workerProblem: string | null): Promise<TrainerClient> {
  const { trainerApi } = await import("./trainerApi.ts");
  const backend = await trainerApi.init(preference, "main thread");
  return {
    trainer: localTrainer(trainerApi),
    backend,
    thread: { kind: "main thread", workerProblem },
    onLost: () => {},
    dispose: () => void trainerApi.reset().catch(() => {}),
  };
}

/**
 * Starts the trainer in a Web Worker. When the worker cannot start (its script fails to load, it throws, or it
 * does not answer in time), or a GPU backend was asked for that only the page can start (tfjs GPU backends in
 * workers have known gaps), falls back to the main thread and says why.
 */
export async function createTrainerClient(preference: BackendPreference): Promise<TrainerClient> {
  let guard: ReturnType<typeof guardWorker> | null = null;
  try {
    const worker = new Worker(new URL("./trainer.worker.ts", import.meta.url), { type: "module", name: "trainer" });
    const remote = wrap<TrainerApi>(worker);
    const g = guardWorker(worker, remote);
    guard = g;
    const timer = setTimeout(
      () => g.lose(`the trainer's worker did not answer within ${WORKER_START_TIMEOUT_MS / 1000} s`),
      WORKER_START_TIMEOUT_MS,
    );
    const backend = await g.trainer.init(preference, "worker").finally(() => clearTimeout(timer));
    await g.watchLifeline();
    const inWorker: TrainerClient = {
      trainer: g.trainer,
      backend,
      thread: { kind: "worker" },
      onLost: g.onLost,
      dispose: () => {
        remote[releaseProxy]();
        g.retire();
      },
    };
    const wantedGpu = preference === "webgl" || preference === "webgpu";
    if (!wantedGpu || backend.name === preference) return inWorker;
    const fallback = await mainThreadClient(preference, null);
    if (fallback.backend.name !== preference) {
      fallback.dispose();
      return inWorker;
    }
    g.retire();
    return fallback;
  } catch (error) {
    guard?.retire();
    const problem = error instanceof Error ? error.message : String(error);
    console.warn("Trainer worker failed; training on the main thread.", error);
    return mainThreadClient(preference, problem);
  }
}
