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

/** A started peer: its worker, its API, and a promise that rejects if the worker fails (comlink alone would wait). */
interface Started {
  worker: Worker;
  api: Remote<GradientPeerApi>;
  lost: Promise<never>;
}
const started: Started[] = [];

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
      const lost = new Promise<never>((_, reject) => {
        const fail = (what: string) => reject(new Error(`A training worker stopped (${what}); train again to go on.`));
        worker.addEventListener("error", (event) => fail(event.message || "error"));
        worker.addEventListener("messageerror", () => fail("a message could not be read"));
      });
      lost.catch(() => {}); // read where a step waits on it
      started.push({ worker, api: wrap<GradientPeerApi>(worker), lost });
    }
  } catch {
    // nested workers unavailable: train in this worker alone
  }
  const ready = await Promise.all(
    started.slice(0, count).map(async (peer) => {
      const ok = await Promise.race([
        peer.api.prepare(config, inputShape, numClasses, options),
        peer.lost,
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
      ]).catch(() => false);
      return ok ? peer : null;
    }),
  );
  return ready
    .filter((peer): peer is Started => peer !== null)
    .map(({ api, lost }) => ({
      gradients: (job) =>
        Promise.race([
          lost,
          api.gradients(
            transfer(job, [
              ...job.weights.map((w) => w.buffer as ArrayBuffer),
              job.xs.buffer as ArrayBuffer,
              job.ys.buffer as ArrayBuffer,
            ]),
          ),
        ]),
    }));
}
