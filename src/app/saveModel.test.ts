import "fake-indexeddb/auto"; // the saved-models store opens the global (fake) IndexedDB
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CompressionSpec } from "../config/compression.ts";
import type { VariantReport } from "../core/compress/report.ts";

/** A trainer that hands over a few bytes as the model's files, and "measures" a loaded model at what it is told. */
const trainer = {
  exportModel: vi.fn(async (_spec: CompressionSpec | null) => ({
    modelJson: "{}",
    weightsBin: new Uint8Array(16),
    notes: [] as string[],
  })),
  loadModel: vi.fn(async (_json: string, _bin: Uint8Array, config: unknown) => ({
    ok: true as const,
    config,
    test: { accuracy: 0.4971, loss: 1 },
  })),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer, datasetsUrl: () => "http://localhost/datasets/" }));

const { deleteSavedModel, loadSavedModel, saveModel, undoDelete, useDeletedModels } = await import("./modelActions.ts");
const { useModelStore } = await import("./modelStore.ts");
const { useCompressionStore } = await import("./compressionStore.ts");
const { useAppStore } = await import("./store.ts");
const { DEFAULT_COMPRESSION } = await import("../config/compression.ts");
const { DEFAULT_CONFIG } = await import("../config/presets.ts");
const { historyOf } = await import("../core/train/batchHistory.ts");

const int2: CompressionSpec = {
  ...DEFAULT_COMPRESSION,
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, weightBits: 2 },
};
const report = (spec: CompressionSpec | null, accuracy: number) =>
  ({ id: spec ? 1 : -1, label: spec ? "int2 per-channel" : "Baseline", spec, accuracy }) as VariantReport;
const row = (name: string) => useModelStore.getState().saved.find((r) => r.name === name);
const state = () => useModelStore.getState();

beforeEach(() => {
  useAppStore.setState({
    status: "done",
    modelLost: false,
    runs: [
      {
        id: 1,
        title: "Seed",
        config: DEFAULT_CONFIG,
        backend: "cpu",
        batches: historyOf([]),
        epochs: [],
        progress: null,
        testAccuracy: 0.9784,
        testLoss: 0.07,
        ended: "completed",
        error: null,
      },
    ],
  });
  useCompressionStore.setState({ reports: [report(null, 0.9784), report(structuredClone(int2), 0.4971)] });
  useModelStore.setState({ busy: null, message: null, error: null });
  trainer.exportModel.mockClear();
});

describe("saving a kept variant", () => {
  it("saves it with its own measured accuracy, not the baseline's, and Load compares with that", async () => {
    await saveModel("int2 variant", structuredClone(int2));
    expect(trainer.exportModel).toHaveBeenCalledWith(int2);
    expect(row("int2 variant")).toMatchObject({ kind: "int2 per-channel", testAccuracy: 0.4971 });
    await loadSavedModel("int2 variant");
    expect(state().message).toBe('Loaded "int2 variant": test accuracy 49.71% (saved with 49.71%).');
  });

  it("saves the baseline with the run's accuracy", async () => {
    await saveModel("the baseline");
    expect(row("the baseline")).toMatchObject({ kind: "Baseline", testAccuracy: 0.9784 });
  });
});

describe("a name in use", () => {
  it("is refused, with what to press, until the person confirms replacing it", async () => {
    await saveModel("mine");
    const first = row("mine")?.savedAt;
    trainer.exportModel.mockClear();
    expect(await saveModel(" mine ", int2)).toBe("name in use");
    expect(trainer.exportModel).not.toHaveBeenCalled();
    expect(state().message).toBe(
      'A saved model is already named "mine": press Replace “mine” to replace it, or choose another name.',
    );
    expect(row("mine")).toMatchObject({ kind: "Baseline", savedAt: first });
    expect(await saveModel("mine", int2, true)).toBe("saved");
    expect(row("mine")).toMatchObject({ kind: "int2 per-channel", testAccuracy: 0.4971 });
  });
});

describe("Delete and Undo", () => {
  it("keeps the deleted model in memory, and Undo saves it back as it was", async () => {
    await saveModel("to delete");
    const before = row("to delete");
    await deleteSavedModel("to delete");
    expect(state().message).toBe('Deleted "to delete".');
    expect(row("to delete")).toBeUndefined();
    expect(useDeletedModels.getState().deleted.map((d) => d.name)).toContain("to delete");
    await undoDelete("to delete");
    expect(state()).toMatchObject({ message: 'Restored "to delete".', error: null });
    expect(row("to delete")).toEqual(before);
    expect(useDeletedModels.getState().deleted.map((d) => d.name)).not.toContain("to delete");
  });

  it("Undo does not replace a model saved since under the same name", async () => {
    await saveModel("reused");
    await deleteSavedModel("reused");
    await saveModel("reused", int2);
    await undoDelete("reused");
    expect(state().error).toContain('"reused" was not restored: a model saved since has that name');
    expect(row("reused")).toMatchObject({ kind: "int2 per-channel" });
    expect(useDeletedModels.getState().deleted.map((d) => d.name)).toContain("reused"); // still there for after
  });
});

describe("the learning-rate schedule", () => {
  it("is saved with the model's config and comes back with Load", async () => {
    const schedule = {
      kind: "cosine",
      factor: 0.5,
      every: 1,
      per: "epoch",
      decay: 0.9,
      floor: 0.01,
      warmup: 200,
    } as const;
    const run = useAppStore.getState().runs[0];
    useAppStore.setState({ runs: [{ ...run, config: { ...DEFAULT_CONFIG, schedule } }] });
    await saveModel("scheduled");
    useAppStore.setState({ config: DEFAULT_CONFIG });
    await loadSavedModel("scheduled");
    expect(useAppStore.getState().config.schedule).toEqual(schedule);
  });
});
