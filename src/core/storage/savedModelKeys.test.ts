import "fake-indexeddb/auto"; // idb checks values against the global IDB classes
import { IDBFactory } from "fake-indexeddb";
import * as tf from "@tensorflow/tfjs";
import { wrap, type IDBPDatabase } from "idb";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { exportArtifacts, toModelFiles } from "../export/modelArtifacts.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import {
  MODEL_DB_NAME,
  RECORDS_STORE,
  SUMMARIES_STORE,
  keyLabel,
  openModelStore,
  summarize,
  type ModelStore,
  type SavedModelRecord,
} from "./savedModels.ts";

const tiny = applyPreset(DEFAULT_CONFIG, "tiny");
let files: { modelJson: string; weightsBin: Uint8Array } = { modelJson: "", weightsBin: new Uint8Array(0) };

beforeAll(async () => {
  await tf.setBackend("cpu");
  const model = buildModel(tiny, [28, 28, 1], 10);
  files = toModelFiles((await exportArtifacts(model)).artifacts);
  disposeModel(model);
});

const record = (name: string, savedAt = 1_700_000_000_000): SavedModelRecord => ({
  name,
  savedAt,
  config: tiny,
  compression: null,
  ...files,
  history: { batches: [], epochs: [] },
  testAccuracy: 0.9,
  backend: "cpu",
});

async function raw(factory: IDBFactory, name = MODEL_DB_NAME): Promise<IDBPDatabase> {
  const db = await wrap(factory.open(name));
  if (!db) throw new Error("no database");
  return db;
}

/** Every listed entry can be loaded (models) or deleted (corrupt); returns what was listed. */
async function everyEntryWorks(store: ModelStore): Promise<{ models: string[]; corrupt: string[] }> {
  const listed = await store.list();
  for (const m of listed.models) {
    const loaded = await store.load(m.name);
    expect(loaded.ok ? "loaded" : loaded.error, m.name).toBe("loaded");
  }
  for (const name of listed.corrupt) expect(await store.remove(name), name).toBe(true);
  const after = await store.list();
  expect(after.corrupt).toEqual([]);
  expect(after.models.map((m) => m.name)).toEqual(listed.models.map((m) => m.name));
  for (const m of listed.models) expect(await store.remove(m.name), m.name).toBe(true);
  expect(await store.list()).toEqual({ models: [], corrupt: [] });
  return { models: listed.models.map((m) => m.name), corrupt: listed.corrupt };
}

describe("saved models stored under odd keys", () => {
  it("labels keys one to one: strings as themselves, anything else described", () => {
    expect(keyLabel("my model")).toBe("my model");
    expect(keyLabel(" padded ")).toBe(" padded ");
    expect(keyLabel(42)).toBe("⟨number 42⟩");
    expect(keyLabel("⟨number 42⟩")).toBe('⟨string "⟨number 42⟩"⟩');
    expect(keyLabel([1, "a", new Date(0)])).toBe('⟨array [number 1, "a", date 1970-01-01T00:00:00.000Z]⟩');
    expect(keyLabel(new Uint8Array([1, 255]).buffer)).toBe("⟨binary 01ff⟩");
  });

  it("untrimmed, non-string, summary-less and record-less entries are listed, and each loads or deletes", async () => {
    const factory = new IDBFactory();
    const store = await openModelStore(factory);
    await store.save(record("good", 1_700_000_000_300));
    const db = await raw(factory);
    const padded = record(" padded ", 1_700_000_000_200);
    await db.put(RECORDS_STORE, padded);
    await db.put(SUMMARIES_STORE, { ...summarize(padded), name: " padded " });
    await db.put(RECORDS_STORE, record("no summary", 1_700_000_000_100)); // saved by a run that stopped between the two stores
    await db.put(SUMMARIES_STORE, { ...summarize(record("ghost")), name: "ghost" }); // its record is gone
    await db.put(RECORDS_STORE, { ...record("x"), name: 42 });
    await db.put(SUMMARIES_STORE, { ...summarize(record("x")), name: 42 });
    await db.put(RECORDS_STORE, { name: [1, "a"] });
    await db.put(RECORDS_STORE, { name: new Uint8Array([7, 8]).buffer });
    await db.put(RECORDS_STORE, { ...record("⟨number 42⟩", 1_700_000_000_000), name: "⟨number 42⟩" }); // a name that looks like a label
    db.close();

    const listed = await store.list();
    const noSummary = listed.models.find((m) => m.name === "no summary");
    expect(noSummary).toMatchObject({ kind: "baseline", datasetId: "mnist", params: 5994, testAccuracy: 0.9 });
    const result = await everyEntryWorks(store);
    expect(result.models).toEqual(["good", " padded ", "no summary", '⟨string "⟨number 42⟩"⟩']);
    expect(result.corrupt.sort()).toEqual(["ghost", '⟨array [number 1, "a"]⟩', "⟨binary 0708⟩", "⟨number 42⟩"].sort());
    store.close();
  });

  it("deleting what is not there says so; a typed name still finds its model by the trimmed text", async () => {
    const store = await openModelStore(new IDBFactory());
    await store.save(record("kept"));
    expect(await store.remove("nothing here")).toBe(false);
    expect((await store.load(" kept ")).ok).toBe(true);
    expect(await store.remove(" kept ")).toBe(true);
    expect(await store.remove("kept")).toBe(false);
    store.close();
  });

  it("stores with out-of-line keys (another version's database): keys that are not the record's name still load and delete", async () => {
    const factory = new IDBFactory();
    const request = factory.open("legacy", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(RECORDS_STORE);
      request.result.createObjectStore(SUMMARIES_STORE);
    };
    const db = await wrap(request);
    if (!db) throw new Error("no database");
    await db.put(RECORDS_STORE, record("real name"), "alias");
    await db.put(SUMMARIES_STORE, summarize(record("real name")), "alias");
    await db.put(RECORDS_STORE, record("seven"), 7);
    db.close();
    const store = await openModelStore(factory, "legacy");
    const loaded = await store.load("alias");
    expect(loaded.ok && loaded.value.name).toBe("real name");
    expect((await store.save(record("new one"))).ok).toBe(true); // the name becomes the key
    const result = await everyEntryWorks(store);
    expect(result.models.sort()).toEqual(["alias", "new one", "⟨number 7⟩"]);
    store.close();
  });
});
