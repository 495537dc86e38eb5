import "fake-indexeddb/auto"; // idb checks values against the global IDB classes
import { IDBFactory } from "fake-indexeddb";
import { wrap } from "idb";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { MODEL_DB_NAME, SUMMARIES_STORE, openModelStore, type SavedModelRecord } from "./savedModels.ts";

const record = (name: string): SavedModelRecord => ({
  name,
  savedAt: 1_700_000_000_000,
  config: applyPreset(DEFAULT_CONFIG, "tiny"),
  compression: null,
  modelJson: "{}",
  weightsBin: new Uint8Array(8),
  history: { batches: [], epochs: [] },
  testAccuracy: 0.9,
  backend: "cpu",
});

describe("whether a name is in use", () => {
  it("is true for a name saving would replace (trimmed), also when only a damaged summary is stored", async () => {
    const factory = new IDBFactory();
    const store = await openModelStore(factory);
    expect(await store.exists("mine")).toBe(false);
    await store.save(record("mine"));
    expect(await store.exists("mine")).toBe(true);
    expect(await store.exists("  mine ")).toBe(true);
    expect(await store.exists("Mine")).toBe(false);
    const raw = await wrap(factory.open(MODEL_DB_NAME));
    if (!raw) throw new Error("no database");
    await raw.put(SUMMARIES_STORE, { name: "orphan", savedAt: "yesterday" });
    raw.close();
    expect(await store.exists("orphan")).toBe(true);
    expect(await store.remove("mine")).toBe(true);
    expect(await store.exists("mine")).toBe(false);
    store.close();
  });
});
