import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { CHECKPOINT_NAME, readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import { openModelStore } from "./savedModels.ts";

const record = (savedAt: number) => ({
  savedAt,
  config: DEFAULT_CONFIG,
  compression: null,
  modelJson: "{}",
  weightsBin: new Uint8Array([1, 2, 3]),
  history: { batches: [{ step: 0, epochIndex: 0, loss: 2.3, accuracy: 0.1 }], epochs: [] },
  testAccuracy: null,
  backend: "wasm",
});

describe("checkpoint", () => {
  it("keeps only the newest model, apart from the saved models, and reads it back validated", async () => {
    const factory = new IDBFactory();
    expect((await readCheckpoint(factory)).ok).toBe(false);
    expect(await writeCheckpoint(record(1), factory)).toBe(true);
    expect(await writeCheckpoint(record(2), factory)).toBe(true);
    const read = await readCheckpoint(factory);
    expect(read.ok && read.value.savedAt).toBe(2);
    expect(read.ok && read.value.name).toBe(CHECKPOINT_NAME);
    const saved = await openModelStore(factory);
    expect((await saved.list()).models).toEqual([]); // not one of the person's saved models
    saved.close();
  });

  it("says so, without throwing, where there is no IndexedDB or the record is corrupt", async () => {
    expect(await writeCheckpoint(record(1), null)).toBe(false);
    expect((await readCheckpoint(null)).ok).toBe(false);
    const factory = new IDBFactory();
    expect(await writeCheckpoint({ ...record(1), testAccuracy: 7 }, factory)).toBe(false); // the schema refuses it
  });
});
