import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { EMPTY_BATCH_HISTORY } from "../../core/train/batchHistory.ts";
import type { RunRecord } from "../../app/store.ts";
import { toRow } from "./ResultsPanel.tsx";

const run = (extra: Partial<RunRecord>): RunRecord => ({
  id: 1,
  title: "Tiny · MNIST digits · adam 0.005 · seed 42",
  config: DEFAULT_CONFIG,
  backend: "WASM",
  batches: EMPTY_BATCH_HISTORY,
  epochs: [],
  progress: null,
  testAccuracy: 0.95,
  testLoss: 0.2,
  ended: "completed",
  error: null,
  ...extra,
});

describe("the runs table", () => {
  it("says when Train continued a run's weights, and names diverged and failed runs", () => {
    expect(toRow(run({})).title).toBe("Tiny · MNIST digits · adam 0.005 · seed 42");
    expect(toRow(run({ continued: 2 })).title).toBe("Tiny · MNIST digits · adam 0.005 · seed 42 (continued 2×)");
    expect(toRow(run({ stopReason: "Training stopped: …" })).ended).toBe("diverged");
    expect(toRow(run({ error: "boom", ended: "failed" })).ended).toBe("failed");
  });
});
