// The app store persists its settings (config, backend choice) and nothing else: a run's metrics change several
// times a second while a model trains, and must never write localStorage.
import { expect, it, vi } from "vitest";

const writes: string[] = [];
const items = new Map<string, string>();
vi.stubGlobal("localStorage", {
  getItem: (key: string) => items.get(key) ?? null,
  setItem: (key: string, value: string) => {
    writes.push(key);
    items.set(key, value);
  },
  removeItem: (key: string) => void items.delete(key),
});
vi.stubGlobal("window", globalThis); // zustand's persist reads window.localStorage

const { updateConfig, updateCurrentRun, useAppStore } = await import("./store.ts");
const { appendBatches, EMPTY_BATCH_HISTORY } = await import("../core/train/batchHistory.ts");

it("writes localStorage when a setting changes, never per metrics update", () => {
  const { config } = useAppStore.getState();
  useAppStore.setState({
    runs: [
      {
        id: 1,
        title: "Seed CNN",
        config,
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
  writes.length = 0;
  for (let step = 0; step < 100; step++) {
    updateCurrentRun((run) => ({
      batches: appendBatches(run.batches, [{ step, epochIndex: 0, loss: 1 / (step + 1), accuracy: 0.5 }]),
    }));
  }
  useAppStore.setState({ status: "training" });
  useAppStore.setState({ status: "done" });
  expect(writes).toEqual([]);
  updateConfig({ learningRate: config.learningRate * 2 });
  expect(writes).toEqual(["cnn-playground"]);
  expect(JSON.parse(items.get("cnn-playground")!).state.config.learningRate).toBe(config.learningRate * 2);
  useAppStore.setState({ backendPreference: "wasm" });
  expect(writes).toEqual(["cnn-playground", "cnn-playground"]);
});
