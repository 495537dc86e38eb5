import * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { makeBatch } from "../core/data/batches.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import { probeTrainSpeed } from "../core/train/speedProbe.ts";
import { BACKEND_LABELS, type BackendInfo, type BackendSpeed } from "./backendTypes.ts";
import { autoCandidates, describeSpeeds } from "./autoChoice.ts";
import { tryBackend } from "./startBackend.ts";

/** Steps and time each backend gets: "a second or two" in all. */
const PROBE = { maxSteps: 3, budgetMs: 700 };

/** Times a throw-away copy of the config's model on the current backend with one real batch. */
async function timeCurrentBackend(config: ExperimentConfig, train: DatasetSplit): Promise<number> {
  const info = DATASETS[config.datasetId];
  const model = buildModel(config, info.inputShape, info.numClasses);
  const count = Math.min(config.batchSize, train.count);
  const { xs, ys } = makeBatch(
    train,
    Int32Array.from({ length: count }, (_, i) => i),
    0,
    count,
    info.numClasses,
  );
  try {
    return (await probeTrainSpeed(model, xs, ys, PROBE)).examplesPerSec;
  } finally {
    tf.dispose([xs, ys]);
    disposeModel(model);
  }
}

/**
 * Times a few training steps of the config's model on each candidate backend, leaves the fastest
 * active and says so. Runs in the worker: the page never waits on it.
 */
export async function chooseFastestBackend(
  current: BackendInfo,
  config: ExperimentConfig,
  train: DatasetSplit,
): Promise<BackendInfo> {
  const { timed, skipped } = autoCandidates(current.probes);
  const speeds: BackendSpeed[] = [...skipped];
  for (const name of timed) {
    if (!(await tryBackend(name))) {
      speeds.push({ name, examplesPerSec: null, note: "did not start" });
      continue;
    }
    try {
      speeds.push({ name, examplesPerSec: await timeCurrentBackend(config, train), note: "" });
    } catch (error) {
      speeds.push({
        name,
        examplesPerSec: null,
        note: `failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  const best = speeds.filter((s) => s.examplesPerSec !== null).sort((a, b) => b.examplesPerSec! - a.examplesPerSec!)[0];
  const chosen = best?.name ?? current.name;
  if (!(await tryBackend(chosen))) throw new Error(`${BACKEND_LABELS[chosen]} stopped working after it was timed.`);
  const probe = current.probes.find((p) => p.name === chosen);
  return {
    ...current,
    name: chosen,
    device: probe?.device ?? null,
    isSoftware: probe?.isSoftware ?? false,
    reason: describeSpeeds(speeds, chosen),
    speeds,
  };
}
