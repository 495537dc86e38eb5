// The trainer's gradient peers: other workers that each compute a slice of every batch (data-parallel training on
// WASM, one worker per CPU core up to MAX_WORKERS). Started on first use and kept for the trainer's life.
import { transfer, wrap, type Remote } from "comlink";
import type { ExperimentConfig } from "../config/schema.ts";
import type { Shape } from "../core/model/inferShapes.ts";
import type { GradientPeer } from "../core/train/parallelStep.ts";
import type { LossOptions } from "../core/train/trainLoop.ts";
import type { GradientPeerApi } from "./gradientPeer.worker.ts";

/** At most this many workers train together (the trainer and its peers). */
export const MAX_WORKERS = 4;

/** How many workers train a model on WASM here: one per core, up to MAX_WORKERS. */
export function trainingWorkers(cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(cores) || 1));
}

/**
 * Why a model trains in one worker although more cores exist, or null when it can share its batches: batch
 * normalization computes statistics over the whole batch (a slice's differ), so it stays in one worker.
 */
export function whyOneWorker(config: ExperimentConfig): string | null {
  if (config.layers.some((l) => l.kind === "batchNorm")) return "batch normalization needs the whole batch";
  return null;
}

const started: Array<{ worker: Worker; api: Remote<GradientPeerApi> }> = [];

/** `count` peers ready for this run's model, or fewer (none) when workers or WASM do not start there. */
export async function preparePeers(
  count: number,
  config: ExperimentConfig,
  inputShape: Shape,
  numClasses: number,
  options: LossOptions,
): Promise<GradientPeer[]> {
  try {
    while (started.length < count) {
      const worker = new Worker(new URL("./gradientPeer.worker.ts", import.meta.url), {
        type: "module",
        name: `gradient peer ${started.length + 1}`,
      });
      started.push({ worker, api: wrap<GradientPeerApi>(worker) });
    }
  } catch {
    // nested workers unavailable: train in this worker alone
  }
  const ready = await Promise.all(
    started.slice(0, count).map(async ({ api }) => {
      const ok = await Promise.race([
        api.prepare(config, inputShape, numClasses, options).catch(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
      ]);
      return ok ? api : null;
    }),
  );
  return ready
    .filter((api): api is Remote<GradientPeerApi> => api !== null)
    .map((api) => ({
      gradients: (job) =>
        api.gradients(
          transfer(job, [
            ...job.weights.map((w) => w.buffer as ArrayBuffer),
            job.xs.buffer as ArrayBuffer,
            job.ys.buffer as ArrayBuffer,
          ]),
        ),
    }));
}
