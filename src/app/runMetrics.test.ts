// The newest run's metrics reach the store once per frame, numbered after what the run already holds.
import { expect, it, vi } from "vitest";
import type { TrainProgress } from "../core/train/metrics.ts";

vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => {}, removeItem: () => {} });
vi.stubGlobal("window", globalThis); // zustand's persist reads window.localStorage

const { useAppStore } = await import("./store.ts");
const { runMetricsSink } = await import("./runMetrics.ts");
const { EMPTY_BATCH_HISTORY } = await import("../core/train/batchHistory.ts");

it("applies the messages of one frame as one store update, with continued steps and epochs", () => {
  useAppStore.setState({
    runs: [
      {
        id: 1,
        title: "Seed CNN",
        config: useAppStore.getState().config,
        backend: "WASM",
        batches: EMPTY_BATCH_HISTORY,
        epochs: [],
        progress: null,
        testAccuracy: null,
        testLoss: null,
        ended: null,
        error: null,
      },
    ],
  });
  const frames: Array<() => void> = [];
  const sink = runMetricsSink(100, 2, (run) => void frames.push(run));
  let updates = 0;
  const unsubscribe = useAppStore.subscribe(() => updates++);
  const progress = (batchIndex: number) => ({ batchIndex }) as TrainProgress;
  for (let i = 0; i < 8; i++) sink.batches([{ step: i, epochIndex: 0, loss: 1, accuracy: 0.5 }], progress(i + 1));
  sink.epoch({
    epochIndex: 0,
    trainLoss: 1,
    trainAccuracy: 0.5,
    valLoss: null,
    valAccuracy: null,
    examplesPerSec: 1,
    elapsedMs: 1,
  });
  expect(updates).toBe(0);
  expect(frames).toHaveLength(1);
  frames.shift()!();
  expect(updates).toBe(1);
  const run = useAppStore.getState().runs[0];
  expect(run.batches.count).toBe(8);
  expect(run.batches.points.map((p) => [p.step, p.epochIndex])).toEqual(
    Array.from({ length: 8 }, (_, i) => [100 + i, 2]),
  );
  expect(run.epochs.map((e) => e.epochIndex)).toEqual([2]);
  expect(run.progress).toEqual(progress(8));
  // the run ends between frames: flush applies the rest at once
  sink.batches([{ step: 8, epochIndex: 0, loss: 1, accuracy: 0.5 }], progress(9));
  sink.flush();
  expect(updates).toBe(2);
  expect(useAppStore.getState().runs[0].batches.count).toBe(9);
  unsubscribe();
});
