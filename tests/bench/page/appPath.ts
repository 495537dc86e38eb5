// The app path: the page's own TrainerClient (worker, comlink, runTraining), timed from its onBatches callbacks.
import { proxy } from "comlink";
import { applyPreset, DEFAULT_CONFIG } from "../../../src/config/presets.ts";
import type { BatchMetrics, TrainProgress } from "../../../src/core/train/metrics.ts";
import type { ExperimentConfig } from "../../../src/config/schema.ts";
import type { BackendInfo } from "../../../src/worker/backendTypes.ts";
import { createTrainerClient, type TrainerClient } from "../../../src/worker/trainerClient.ts";
import type { AutoChoice, BenchPreset, TrainRequest, TrainResult } from "../shared/types.ts";

/** One onBatches call: page time, examples seen so far and the worker's own elapsed time. */
interface Mark {
  t: number;
  examples: number;
  workerMs: number;
}

/** Median of the examples/s of each interval between consecutive marks. */
function medianIntervalRate(marks: Mark[]): number {
  const perSec = marks
    .slice(1)
    .map((m, i) => (m.examples - marks[i].examples) / ((m.t - marks[i].t) / 1000))
    .sort((a, b) => a - b);
  const mid = perSec.length >> 1;
  return perSec.length % 2 ? perSec[mid] : (perSec[mid - 1] + perSec[mid]) / 2;
}

/** Examples/s between two marks, on the page's clock and on the worker's. */
function rates(first: Mark, last: Mark): { pagePerSec: number; workerPerSec: number } {
  const examples = last.examples - first.examples;
  return {
    pagePerSec: examples / ((last.t - first.t) / 1000),
    workerPerSec: examples / ((last.workerMs - first.workerMs) / 1000),
  };
}

/** The onBatches marks of one run; `tooSlow` when the first group did not come back in time. */
interface Timing {
  marks: Mark[];
  tooSlow: boolean;
  /** How many workers the trainer said train the run. */
  workers?: number;
}

/** Trains until the timed window (after the first callback) holds enough batches or the budget is spent. */
function timeTraining(client: TrainerClient, request: TrainRequest, datasetsUrl: string): Promise<Timing> {
  const config = { ...applyPreset(DEFAULT_CONFIG, request.preset), batchSize: request.batchSize, epochs: 1 };
  const marks: Mark[] = [];
  let workers: number | undefined;
  const wanted = request.batches * request.batchSize;
  return new Promise<Timing>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: Error | { tooSlow: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.trainer.command("stop").catch(() => {}); // the client may be disposed first
      if (outcome instanceof Error) reject(outcome);
      else resolve({ marks, tooSlow: outcome.tooSlow, workers });
    };
    const timer = setTimeout(() => settle({ tooSlow: true }), request.warmupTimeoutMs);
    client.trainer
      .train(
        config,
        datasetsUrl,
        proxy({
          onBackend: (info: BackendInfo) => {
            workers = info.workers?.count ?? workers;
          },
          onBatches: (_batches: BatchMetrics[], progress: TrainProgress) => {
            const mark = { t: performance.now(), examples: progress.examplesSeen, workerMs: progress.elapsedMs };
            marks.push(mark);
            if (marks.length === 1) {
              clearTimeout(timer);
              return;
            }
            if (mark.examples - marks[0].examples >= wanted || mark.t - marks[0].t >= request.budgetMs)
              settle({ tooSlow: false });
          },
          onEpoch: () => {},
        }),
        { maxWorkers: request.maxWorkers },
      )
      .then(
        () => settle({ tooSlow: false }),
        (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
      );
  });
}

/** Turns the marks of one run into a result (the first callback is the warm-up). */
function summarize(
  { marks, tooSlow, workers }: Timing,
  request: TrainRequest,
  began: number,
  base: Pick<TrainResult, "backend" | "thread" | "setupMs">,
): TrainResult {
  if (marks.length < 2) {
    const skipped = tooSlow
      ? `first batches took over ${(request.warmupTimeoutMs / 1000).toFixed(0)} s: too slow to time here`
      : "fewer than two callbacks";
    return {
      ...base,
      examplesPerSec: Number.NaN,
      batchesTimed: 0,
      timedMs: 0,
      warmupMs: marks[0] ? marks[0].t - began : performance.now() - began,
      warmupBatches: marks[0] ? marks[0].examples / request.batchSize : 0,
      skipped,
      tooSlow,
    };
  }
  const first = marks[0];
  const last = marks[marks.length - 1];
  const { pagePerSec, workerPerSec } = rates(first, last);
  return {
    ...base,
    workers,
    examplesPerSec: pagePerSec,
    workerExamplesPerSec: workerPerSec,
    batchesTimed: (last.examples - first.examples) / request.batchSize,
    timedMs: last.t - first.t,
    warmupMs: first.t - began,
    warmupBatches: first.examples / request.batchSize,
    callbacks: marks.length - 1,
    medianIntervalExamplesPerSec: medianIntervalRate(marks),
    marks: marks.map((m) => [Math.round(m.t - began), m.examples]),
  };
}

/**
 * The app path for one backend × preset × batch size. The client is disposed (its worker terminated) right after
 * the stop, so the app's end-of-run evaluation of the 10,000 test images is not waited for.
 */
export async function runAppPath(request: TrainRequest, datasetsUrl: string): Promise<TrainResult> {
  const setupBegan = performance.now();
  const client = await createTrainerClient(request.backend);
  try {
    const base = { backend: client.backend.name, thread: client.backend.thread, setupMs: 0 };
    if (client.backend.name !== request.backend) {
      return {
        ...base,
        examplesPerSec: Number.NaN,
        batchesTimed: 0,
        timedMs: 0,
        warmupMs: 0,
        warmupBatches: 0,
        skipped: `${request.backend} did not start: ${client.backend.reason}`,
      };
    }
    await client.trainer.prepareDataset(
      "mnist",
      datasetsUrl,
      proxy(() => {}),
    );
    base.setupMs = performance.now() - setupBegan;
    const began = performance.now();
    return summarize(await timeTraining(client, request, datasetsUrl), request, began, base);
  } finally {
    client.dispose();
  }
}

/** Trains until the first batches come back, noting the backend Auto announces (onBackend) on the way. */
function firstBatches(client: TrainerClient, config: ExperimentConfig, datasetsUrl: string, timeoutMs: number) {
  return new Promise<{ chosen: BackendInfo | null; ms: number }>((resolve, reject) => {
    const began = performance.now();
    let chosen: BackendInfo | null = null;
    const timer = setTimeout(() => resolve({ chosen, ms: Number.NaN }), timeoutMs);
    client.trainer
      .train(
        config,
        datasetsUrl,
        proxy({
          onBackend: (info: BackendInfo) => {
            chosen = info;
          },
          onBatches: () => {
            clearTimeout(timer);
            resolve({ chosen, ms: performance.now() - began });
          },
          onEpoch: () => {},
        }),
      )
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}

/** Starts a client with the "auto" preference, then trains `preset` until its first batches: what Auto picks and why. */
export async function autoChoice(preset: BenchPreset, batchSize: number, datasetsUrl: string): Promise<AutoChoice> {
  const began = performance.now();
  const client = await createTrainerClient("auto");
  const startMs = performance.now() - began;
  try {
    const { name, reason, device, thread, probes } = client.backend;
    await client.trainer.prepareDataset(
      "mnist",
      datasetsUrl,
      proxy(() => {}),
    );
    const config = { ...applyPreset(DEFAULT_CONFIG, preset), batchSize, epochs: 1 };
    const { chosen, ms } = await firstBatches(client, config, datasetsUrl, 120_000);
    await client.trainer.command("stop");
    return {
      preset,
      batchSize,
      initial: { name, reason, device, thread },
      startMs,
      firstBatchesMs: ms,
      chosen: chosen ? { name: chosen.name, reason: chosen.reason, thread: chosen.thread } : null,
      speeds: (chosen?.speeds ?? []).map((s) => ({ ...s })),
      probes: probes.map((p) => ({ ...p })),
    };
  } finally {
    client.dispose();
  }
}
