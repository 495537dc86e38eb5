import { expect, it } from "vitest";
import { appendBatches, EMPTY_BATCH_HISTORY } from "../../core/train/batchHistory.ts";
import { batchAxes, epochAxes } from "./chartData.ts";
import { COMPARE_COLORS, comparedExtent, toComparedRuns } from "./compareData.ts";

const batches = (n: number, loss = 2) =>
  appendBatches(
    EMPTY_BATCH_HISTORY,
    Array.from({ length: n }, (_, step) => ({ step, epochIndex: 0, loss: loss - step / n, accuracy: step / n })),
  ).points;
const epoch = (epochIndex: number, valLoss: number) => ({
  epochIndex,
  trainLoss: 1,
  trainAccuracy: 0.5,
  valLoss,
  valAccuracy: 0.6,
  examplesPerSec: 100,
  elapsedMs: 1000,
});

it("gives each compared run its own color, in the order chosen, with loss solid and accuracy dashed", () => {
  const runs = toComparedRuns(
    [1, 2, 3, 4].map((id) => ({ id, title: `run ${id}`, batches: batches(10), epochs: [], differences: [] })),
  );
  expect(runs.map((r) => r.color)).toEqual([...COMPARE_COLORS]);
  expect(runs[0].batchCurves.map((c) => [c.dataKey, c.strokeDasharray])).toEqual([
    ["lossSmooth", undefined],
    ["accuracySmooth", "5 3"],
  ]);
  expect(runs[0].epochCurves.map((c) => c.dataKey)).toEqual(["valLoss", "valAccuracy"]);
});

it("widens the axes to hold the compared runs, and changes nothing without them", () => {
  const [run] = toComparedRuns([
    { id: 1, title: "a", batches: batches(500, 4), epochs: [epoch(0, 3), epoch(1, 2), epoch(2, 1)], differences: [] },
  ]);
  const extent = comparedExtent([run])!;
  expect(extent).toMatchObject({ firstStep: 0, lastStep: 499, epochs: 3, maxEpochLoss: 3 });
  expect(comparedExtent([])).toBeNull();
  const current = [{ step: 0, loss: 2, lossSmooth: 2, accuracy: 0.1, accuracySmooth: 0.1 }];
  expect(batchAxes(current, 600, extent).x.domain).toEqual([0, 499]);
  expect(batchAxes(current, 600, extent).loss.domain[1]).toBeGreaterThanOrEqual(extent.maxBatchLoss);
  expect(batchAxes(current, 600)).toEqual(batchAxes(current, 600, null));
  expect(epochAxes([], 600, extent).x.domain).toEqual([1, 3]);
  expect(epochAxes([], 600, extent).loss.domain[1]).toBeGreaterThanOrEqual(3);
});
