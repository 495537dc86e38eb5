import { describe, expect, it, vi } from "vitest";
import type { BatchMetrics, EpochMetrics, TrainProgress } from "./metrics.ts";
import { createMetricsBatcher, type MetricsUpdate } from "./metricsBatcher.ts";

const batch = (step: number): BatchMetrics => ({ step, epochIndex: 0, loss: 1, accuracy: 0.5 });
const progress = (batchIndex: number) => ({ batchIndex }) as TrainProgress;
const epoch = (epochIndex: number) => ({ epochIndex }) as EpochMetrics;

/** A batcher on a hand-driven scheduler: `frame()` runs what was scheduled, as an animation frame would. */
function setup() {
  const updates: MetricsUpdate[] = [];
  let pending: Array<() => void> = [];
  const schedule = vi.fn((run: () => void) => void pending.push(run));
  const batcher = createMetricsBatcher((u) => updates.push(u), schedule);
  const frame = () => {
    const runs = pending;
    pending = [];
    for (const run of runs) run();
  };
  return { batcher, updates, schedule, frame };
}

describe("createMetricsBatcher", () => {
  it("applies everything that arrived before a frame in one update, in order, with the newest progress", () => {
    const { batcher, updates, schedule, frame } = setup();
    batcher.batches([batch(0), batch(1)], progress(2));
    batcher.batches([batch(2)], progress(3));
    batcher.epoch(epoch(0));
    batcher.batches([batch(3)], progress(1));
    expect(updates).toEqual([]);
    expect(schedule).toHaveBeenCalledTimes(1);
    frame();
    expect(updates).toEqual([{ batches: [0, 1, 2, 3].map(batch), epochs: [epoch(0)], progress: progress(1) }]);
  });

  it("updates at most once per frame, and not at all in a frame with nothing new", () => {
    const { batcher, updates, schedule, frame } = setup();
    for (let f = 0; f < 5; f++) {
      for (let i = 0; i < 10; i++) batcher.batches([batch(f * 10 + i)], progress(i));
      frame();
    }
    frame();
    frame();
    expect(updates).toHaveLength(5);
    expect(schedule).toHaveBeenCalledTimes(5);
    expect(updates.flatMap((u) => u.batches.map((b) => b.step))).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("flush applies what is queued at once; the frame that was scheduled then has nothing to do", () => {
    const { batcher, updates, frame } = setup();
    batcher.epoch(epoch(2));
    batcher.flush();
    expect(updates).toEqual([{ batches: [], epochs: [epoch(2)], progress: null }]);
    frame();
    batcher.flush();
    expect(updates).toHaveLength(1);
  });

  it("keeps what arrives after a flush for the next frame", () => {
    const { batcher, updates, frame } = setup();
    batcher.batches([batch(0)], progress(1));
    batcher.flush();
    batcher.batches([batch(1)], progress(2));
    frame();
    expect(updates.map((u) => u.batches.map((b) => b.step))).toEqual([[0], [1]]);
  });
});
