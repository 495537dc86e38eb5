import { beforeEach, describe, expect, it, vi } from "vitest";
import type { PickedFile } from "../core/export/pickModelFiles.ts";
import type { ModelStore } from "../core/storage/savedModels.ts";

/** A trainer whose import always refuses: these tests are about what reaches it. */
const trainer = {
  importModel: vi.fn(async (..._args: unknown[]) => ({ ok: false as const, error: "refused by the fake trainer" })),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer, datasetsUrl: () => "http://localhost/datasets/" }));

/** The saved-models store: `remove` answers what the test says. */
const store = {
  list: vi.fn(async () => ({ models: [], corrupt: ["⟨number 42⟩"] })),
  remove: vi.fn(async (_name: string): Promise<boolean> => false),
} satisfies Partial<ModelStore>;
vi.mock("../core/storage/savedModels.ts", () => ({ openModelStore: async () => store }));

const { deleteSavedModel, importModel } = await import("./modelActions.ts");
const { useModelStore } = await import("./modelStore.ts");

function fakeFile(name: string, size: number, text = "") {
  return {
    name,
    size,
    text: vi.fn(async () => text),
    arrayBuffer: vi.fn(async () => new ArrayBuffer(size)),
  } satisfies PickedFile;
}

beforeEach(() => {
  useModelStore.setState({ saved: [], busy: null, message: null, error: null });
  vi.clearAllMocks();
});

describe("deleting a saved model", () => {
  it("says it was not deleted when nothing was stored under that name, and lists what is stored", async () => {
    store.remove.mockResolvedValueOnce(false);
    await deleteSavedModel("⟨number 42⟩");
    expect(store.remove).toHaveBeenCalledWith("⟨number 42⟩");
    expect(useModelStore.getState().message).toBeNull();
    expect(useModelStore.getState().error).toContain('"⟨number 42⟩" was not deleted');
    expect(useModelStore.getState().saved.map((r) => r.name)).toEqual(["⟨number 42⟩"]);
  });

  it("says Deleted when it was", async () => {
    store.remove.mockResolvedValueOnce(true);
    await deleteSavedModel("mine");
    expect(useModelStore.getState()).toMatchObject({ message: 'Deleted "mine".', error: null });
  });

  it("says why when IndexedDB fails", async () => {
    store.remove.mockRejectedValueOnce(new Error("the transaction was aborted"));
    await deleteSavedModel("mine");
    expect(useModelStore.getState().error).toBe('"mine" was not deleted: the transaction was aborted');
  });
});

describe("importing picked files", () => {
  const manifest = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ["weights.bin"], weights: [] }] });

  it("reads model.json first and never reads a 20 MB file its manifest does not name", async () => {
    const json = fakeFile("model.json", manifest.length, manifest);
    const weights = fakeFile("weights.bin", 24_000);
    const unrelated = fakeFile("notes.bin", 20_000_000);
    await importModel([weights, unrelated, json] as unknown as File[]);
    expect(unrelated.arrayBuffer).not.toHaveBeenCalled();
    expect(weights.arrayBuffer).not.toHaveBeenCalled();
    expect(trainer.importModel).not.toHaveBeenCalled();
    expect(useModelStore.getState().error).toContain('model.json names only "weights.bin"');
    expect(useModelStore.getState().error).toContain('without "notes.bin"');
  });

  it("hands the trainer model.json and the named weight file, read after model.json", async () => {
    const json = fakeFile("model.json", manifest.length, manifest);
    const weights = fakeFile("weights.bin", 24_000);
    await importModel([weights, json] as unknown as File[]);
    expect(json.text.mock.invocationCallOrder[0]).toBeLessThan(weights.arrayBuffer.mock.invocationCallOrder[0]);
    expect(trainer.importModel).toHaveBeenCalledTimes(1);
    const [text, files] = trainer.importModel.mock.calls[0] as [string, Map<string, Uint8Array>];
    expect(text).toBe(manifest);
    expect([...files.keys()]).toEqual(["weights.bin"]);
    expect(useModelStore.getState().error).toContain("refused by the fake trainer");
  });
});
