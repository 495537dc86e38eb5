import { describe, expect, it } from "vitest";
import { appendBatches, EMPTY_BATCH_HISTORY, MAX_KEPT_BATCHES, type BatchHistory } from "./batchHistory.ts";
import type { BatchMetrics } from "./metrics.ts";
import { DEEP } from "../../../tests/helpers/fuzz.ts";

/** The reference: TensorBoard's de-biased exponential average over the whole series at once (weight 0.9). */
function smooth(values: readonly number[], weight = 0.9): number[] {
  let last = 0;
  return values.map((v, i) => {
    last = last * weight + (1 - weight) * v;
    return last / (1 - weight ** (i + 1));
  });
}

const batch = (step: number): BatchMetrics => ({
  step,
  epochIndex: Math.floor(step / 844),
  loss: 2.3 * Math.exp(-step / 5_000) + 0.1 * Math.sin(step),
  accuracy: Math.min(1, step / 10_000),
});
const batches = (from: number, n: number) => Array.from({ length: n }, (_, i) => batch(from + i));

/** Appends `total` batches in groups of `group`, as the trainer reports them. */
function build(total: number, group: number, maxKept = MAX_KEPT_BATCHES): BatchHistory {
  let h = EMPTY_BATCH_HISTORY;
  for (let from = 0; from < total; from += group)
    h = appendBatches(h, batches(from, Math.min(group, total - from)), maxKept);
  return h;
}

describe("batch history", () => {
  it("smooths incrementally exactly as smoothing the whole series, at every kept point", () => {
    const all = batches(0, 2_345);
    const full = smooth(all.map((b) => b.loss));
    const h = build(all.length, 25, 300);
    expect(h.count).toBe(2_345);
    expect(h.points.length).toBeLessThanOrEqual(301);
    for (const p of h.points) expect(p.lossSmooth).toBeCloseTo(full[p.step], 9);
    expect(h.points.at(-1)!.step).toBe(2_344); // the newest batch is always shown
    expect(h.points[0].step).toBe(0);
    const steps = h.points.slice(0, -1).map((p) => p.step);
    expect(steps.every((s) => s % h.stride === 0)).toBe(true);
    expect(new Set(steps.map((s, i) => (i === 0 ? h.stride : s - steps[i - 1])))).toEqual(new Set([h.stride])); // evenly spaced
  });

  it("does not depend on how batches were grouped, and never changes the history it was given", () => {
    const a = build(1_000, 7, 128);
    const b = build(1_000, 250, 128);
    expect(b.points.map((p) => p.step)).toEqual(a.points.map((p) => p.step));
    const before = a.points.map((p) => p.step);
    appendBatches(a, batches(1_000, 50), 128);
    expect(a.points.map((p) => p.step)).toEqual(before);
  });

  it("a NaN batch reads NaN and leaves the average as it was", () => {
    const h = appendBatches(EMPTY_BATCH_HISTORY, [
      { step: 0, epochIndex: 0, loss: 1, accuracy: 0 },
      { step: 1, epochIndex: 0, loss: Number.NaN, accuracy: 0 },
      { step: 2, epochIndex: 0, loss: 1, accuracy: 0 },
    ]);
    expect(Number.isNaN(h.points[1].lossSmooth)).toBe(true);
    expect(h.points[2].lossSmooth).toBeCloseTo(1, 9);
  });

  /** 3M batches through the real update, 100,000 at a time (one chunk reused: the cost measured is the update's). */
  const threeMillion = (): BatchHistory => {
    const chunk = batches(0, 100_000);
    let h = EMPTY_BATCH_HISTORY;
    for (let i = 0; i < 30; i++) h = appendBatches(h, chunk);
    return h;
  };

  it("a 3,000,000-batch history keeps a bounded number of points, and an update keeps the bound", () => {
    const h = threeMillion();
    expect(h.count).toBe(3_000_000);
    expect(h.points.length).toBeLessThanOrEqual(MAX_KEPT_BATCHES + 1);
    const next = appendBatches(h, batches(3_000_000, 25));
    expect(next.count).toBe(3_000_025);
    expect(next.points.length).toBeLessThanOrEqual(MAX_KEPT_BATCHES + 1);
  });

  // a timing: it holds on a quiet machine only, so it runs in `npm run test:deep`
  it.runIf(DEEP)(
    "benchmark: one update of a 3,000,000-batch history takes well under 5 ms (min and median of 50)",
    () => {
      const h = threeMillion();
      const next = batches(3_000_000, 25);
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const start = performance.now();
        appendBatches(h, next);
        times.push(performance.now() - start);
      }
      times.sort((x, y) => x - y);
      console.log(
        `3M-batch history, update of 25 batches: min ${times[0].toFixed(3)} ms, median ${times[25].toFixed(3)} ms`,
      );
      expect(times[25]).toBeLessThan(5);
    },
  );
});
