// The worker's side of the first estimate: compressAndMeasure reports it (subset accuracy, a short timing) before the
// full measurement, the full report carries the same subset figures, and a cancelled job never reports it.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../config/compression.ts";
import type { CompressProgress, VariantEstimate } from "../core/compress/report.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import { CancelledError } from "../core/train/trainControl.ts";
import { loadMnist } from "../../tests/helpers/datasets.ts";
import { loadTinyFixture } from "../../tests/helpers/tinyFixture.ts";
import { QUICK_RUNS } from "./backendLatency.ts";
import { cancel, compressAndMeasure, createCancelToken, type TrainedState } from "./compressApi.ts";

let trained: TrainedState;
const LIVE = { batches: [1], allBackends: false };
const pruned: CompressionSpec = { ...DEFAULT_COMPRESSION, pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true } };

beforeAll(async () => {
  await tf.setBackend("wasm");
  const { model, config } = await loadTinyFixture();
  trained = {
    model,
    config,
    data: { train: loadMnist("train", 500), test: loadMnist("test") },
    backend: { name: "wasm", device: null, isSoftware: false, thread: "worker", reason: "", probes: [] },
  };
});
afterAll(() => disposeModel(trained.model));

it("reports the estimate once, before sizing and timing, with the subset figures the full report keeps", async () => {
  const events: string[] = [];
  const estimates: VariantEstimate[] = [];
  const report = await compressAndMeasure(trained, pruned, LIVE, createCancelToken(), (p) => events.push(p.stage), {
    onEstimate: (e) => {
      events.push("estimate");
      estimates.push(e);
    },
  });
  expect(estimates).toHaveLength(1);
  const [estimate] = estimates;
  expect(events.indexOf("estimate")).toBeLessThan(events.indexOf("sizing"));
  expect(events.indexOf("estimate")).toBeGreaterThan(events.indexOf("evaluating"));
  expect(estimate.subset).toEqual(report.subset);
  expect(estimate.subset.count).toBe(1000);
  expect(estimate.testCount).toBe(10_000);
  expect(report.testCount).toBe(10_000);
  expect(estimate).toMatchObject({
    label: report.label,
    spec: pruned,
    nonZeroParams: report.nonZeroParams,
    totalParams: report.totalParams,
    macs: report.macs,
    kernelSparsity: report.kernelSparsity,
    weightBits: report.weightBits,
    filters: report.filters,
  });
  // every conv of Tiny is counted against the baseline's filters
  expect(report.filters.map(([i, , total]) => [i, total])).toEqual([
    [0, 8],
    [2, 16],
  ]);
  // the estimate's timing is a short run on the current backend, batch 1
  expect(estimate.latency).toHaveLength(1);
  expect(estimate.latency[0]).toMatchObject({ backend: "WASM", current: true });
  expect(estimate.latency[0].stats[0]).toMatchObject({ batch: 1, ...QUICK_RUNS });
  expect(report.latency[0].stats[0].timedRuns).toBeGreaterThan(QUICK_RUNS.timedRuns);
  expect(estimate.subset.low).toBeLessThanOrEqual(report.accuracy);
  expect(estimate.subset.high).toBeGreaterThanOrEqual(report.accuracy);
});

it("the baseline gets its subset figures without an estimate", async () => {
  const estimates: VariantEstimate[] = [];
  const report = await compressAndMeasure(trained, null, LIVE, createCancelToken(), () => {}, {
    onEstimate: (e) => estimates.push(e),
  });
  expect(estimates).toEqual([]);
  expect(report.subset.count).toBe(1000);
  expect(report.subset.correct).toBe(Math.round(report.subset.accuracy * 1000));
});

it("a job cancelled before its subset is scored (a newer toggle) never reports its estimate", async () => {
  const token = createCancelToken();
  const estimates: VariantEstimate[] = [];
  const onProgress = (p: CompressProgress) => {
    if (p.stage === "evaluating") cancel(token);
  };
  await expect(
    compressAndMeasure(trained, pruned, LIVE, token, onProgress, { onEstimate: (e) => estimates.push(e) }),
  ).rejects.toBeInstanceOf(CancelledError);
  expect(estimates).toEqual([]);
});
