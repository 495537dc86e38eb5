import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { MAX_STORED_RUNS, readRuns, writeRuns, type StoredRun } from "./runHistory.ts";

const run = (id: number, batches = 3): StoredRun => ({
  id,
  title: `run ${id}`,
  config: DEFAULT_CONFIG,
  backend: "WASM",
  history: {
    batches: Array.from({ length: batches }, (_, i) => ({
      step: i,
      epochIndex: 0,
      loss: 2 - i / batches,
      accuracy: i / batches,
    })),
    epochs: [],
  },
  progress: null,
  testAccuracy: 0.9,
  testLoss: 0.3,
  ended: "completed",
  error: null,
});

describe("run history", () => {
  it("round-trips the newest runs, downsampling long curves", async () => {
    const factory = new IDBFactory();
    expect(await readRuns(factory)).toEqual([]);
    const runs = [...Array.from({ length: MAX_STORED_RUNS + 2 }, (_, i) => run(i)), run(99, 20_000)];
    expect(await writeRuns(runs, factory)).toBe(true);
    const read = await readRuns(factory);
    expect(read.map((r) => r.id)).toEqual(runs.slice(-MAX_STORED_RUNS).map((r) => r.id));
    expect(read.at(-1)!.history.batches).toHaveLength(5_000);
    expect(read.at(-1)!.history.batches.at(-1)!.step).toBe(19_999);
  });

  it("drops a corrupt run and keeps the others", async () => {
    const factory = new IDBFactory();
    await writeRuns([run(1), { ...run(2), testAccuracy: 5 }, run(3)], factory);
    expect((await readRuns(factory)).map((r) => r.id)).toEqual([1, 3]);
    expect(await writeRuns([run(1)], null)).toBe(false);
    expect(await readRuns(null)).toEqual([]);
  });
});

describe("run history: cap and clear", () => {
  it("keeps only the newest MAX_STORED_RUNS, in order, configs intact", async () => {
    const factory = new IDBFactory();
    const runs = Array.from({ length: MAX_STORED_RUNS + 5 }, (_, i) => ({
      ...run(i),
      config: { ...DEFAULT_CONFIG, learningRate: (i + 1) / 1000 },
    }));
    await writeRuns(runs, factory);
    const read = await readRuns(factory);
    expect(read).toHaveLength(MAX_STORED_RUNS);
    expect(read[0].id).toBe(5);
    expect(read.map((r) => r.config)).toEqual(runs.slice(-MAX_STORED_RUNS).map((r) => r.config));
  });

  it("clears: writing fewer runs (or none) replaces what was stored", async () => {
    const factory = new IDBFactory();
    await writeRuns([run(1), run(2), run(3)], factory);
    await writeRuns([run(3)], factory);
    expect((await readRuns(factory)).map((r) => r.id)).toEqual([3]);
    await writeRuns([], factory);
    expect(await readRuns(factory)).toEqual([]);
  });
});
