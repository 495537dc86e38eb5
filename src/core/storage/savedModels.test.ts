import "fake-indexeddb/auto"; // idb checks values against the global IDB classes
import { IDBFactory } from "fake-indexeddb";
import * as tf from "@tensorflow/tfjs";
import { wrap } from "idb";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { exportArtifacts, toModelFiles } from "../export/modelArtifacts.ts";
import { importModelFiles } from "../export/modelArtifactsImport.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import type { BatchMetrics } from "../train/metrics.ts";
import {
  MAX_BATCH_POINTS,
  MODEL_DB_NAME,
  RECORDS_STORE,
  SUMMARIES_STORE,
  openModelStore,
  type SavedModelRecord,
} from "./savedModels.ts";

const tiny = applyPreset(DEFAULT_CONFIG, "tiny");
const int8: CompressionSpec = {
  pruning: DEFAULT_COMPRESSION.pruning,
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, granularity: "per-tensor" },
};
let files: { modelJson: string; weightsBin: Uint8Array } = { modelJson: "", weightsBin: new Uint8Array(0) };

beforeAll(async () => {
  await tf.setBackend("cpu");
  const model = buildModel(tiny, [28, 28, 1], 10);
  files = toModelFiles((await exportArtifacts(model)).artifacts);
  disposeModel(model);
});

const record = (name: string, extra: Partial<SavedModelRecord> = {}): SavedModelRecord => ({
  name,
  savedAt: 1_700_000_000_000,
  config: tiny,
  compression: null,
  ...files,
  history: {
    batches: [{ step: 0, epochIndex: 0, loss: 2.3, accuracy: 0.1 }],
    epochs: [
      {
        epochIndex: 0,
        trainLoss: 0.5,
        trainAccuracy: 0.9,
        valLoss: null,
        valAccuracy: null,
        examplesPerSec: 900,
        elapsedMs: 1000,
      },
    ],
  },
  testAccuracy: 0.91,
  backend: "cpu",
  ...extra,
});

describe("saved models in IndexedDB", () => {
  it("saves, lists newest first, loads, replaces by trimmed name and removes", async () => {
    const store = await openModelStore(new IDBFactory());
    const a = await store.save(record("  baseline  "));
    expect(a.ok && a.value).toMatchObject({
      name: "baseline",
      kind: "baseline",
      datasetId: "mnist",
      params: 5994,
      testAccuracy: 0.91,
      compressionLabel: null,
    });
    expect(a.ok && a.value.sizeBytes).toBe(files.modelJson.length + files.weightsBin.byteLength);
    await store.save(record("int8", { savedAt: 1_700_000_000_500, compression: int8, testAccuracy: null }));
    let listed = await store.list();
    expect(listed.corrupt).toEqual([]);
    expect(listed.models.map((m) => [m.name, m.kind, m.compressionLabel])).toEqual([
      ["int8", "variant", "int8 per-tensor"],
      ["baseline", "baseline", null],
    ]);
    const loaded = await store.load("baseline ");
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.weightsBin).toBeInstanceOf(Uint8Array);
    expect(Array.from(loaded.value.weightsBin)).toEqual(Array.from(files.weightsBin));
    expect(loaded.value.config).toEqual(tiny);
    await store.save(record("baseline", { testAccuracy: 0.95, savedAt: 1_700_000_001_000 }));
    listed = await store.list();
    expect(listed.models.map((m) => [m.name, m.testAccuracy])).toEqual([
      ["baseline", 0.95],
      ["int8", null],
    ]);
    expect(await store.remove("int8")).toBe(true);
    expect(await store.remove("int8")).toBe(false);
    expect((await store.list()).models.map((m) => m.name)).toEqual(["baseline"]);
    const gone = await store.load("int8");
    expect(gone.ok || gone.error).toContain("No saved model");
    store.close();
  });

  it("rejects bad names and caps history at 5,000 batch points, first and last kept", async () => {
    const store = await openModelStore(new IDBFactory());
    const empty = await store.save(record("   "));
    expect(empty.ok || empty.error).toContain("name is empty");
    const long = await store.save(record("x".repeat(81)));
    expect(long.ok || long.error).toContain("80 characters");
    const batches: BatchMetrics[] = Array.from({ length: 12_000 }, (_, step) => ({
      step,
      epochIndex: Math.floor(step / 1000),
      loss: step === 5 ? Number.NaN : 1,
      accuracy: 0.5,
    }));
    const saved = await store.save(record("long run", { history: { batches, epochs: [] } }));
    expect(saved.ok).toBe(true);
    const loaded = await store.load("long run");
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.history.batches).toHaveLength(MAX_BATCH_POINTS);
    expect(loaded.value.history.batches[0].step).toBe(0);
    expect(loaded.value.history.batches[MAX_BATCH_POINTS - 1].step).toBe(11_999);
    store.close();
  });

  it("corrupt records give errors on load and are flagged by list, never thrown", async () => {
    const factory = new IDBFactory();
    const store = await openModelStore(factory);
    await store.save(record("good"));
    const raw = await wrap(factory.open(MODEL_DB_NAME));
    if (!raw) throw new Error("no database");
    await raw.put(RECORDS_STORE, { ...record("bad config"), config: { layers: "junk" } });
    await raw.put(SUMMARIES_STORE, { name: "bad config", savedAt: "yesterday" });
    await raw.put(RECORDS_STORE, { ...record("bad weights"), weightsBin: [1, 2, 3] });
    await raw.put(RECORDS_STORE, { name: "__proto__", constructor: 1 });
    raw.close();
    const listed = await store.list();
    expect(listed.models.map((m) => m.name)).toEqual(["good"]);
    expect(listed.corrupt).toEqual(["__proto__", "bad config", "bad weights"]); // records without a summary are listed too (key order)
    for (const [name, fragment] of [
      ["bad config", "config"],
      ["bad weights", "weightsBin"],
      ["__proto__", "corrupt"],
    ]) {
      const loaded = await store.load(name);
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.error).toContain(fragment);
    }
    expect((await store.load("good")).ok).toBe(true);
    store.close();
  });

  it("a saved model's files re-import through importModelFiles and predict the same", async () => {
    const model = buildModel(tiny, [28, 28, 1], 10);
    const store = await openModelStore(new IDBFactory());
    const xs = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 4);
    try {
      const own = toModelFiles((await exportArtifacts(model)).artifacts);
      await store.save(record("round trip", own));
      const loaded = await store.load("round trip");
      if (!loaded.ok) throw new Error(loaded.error);
      const imported = await importModelFiles(
        loaded.value.modelJson,
        new Map([["weights.bin", loaded.value.weightsBin]]),
        loaded.value.config.datasetId,
      );
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.layers).toEqual(loaded.value.config.layers);
      const [a, b] = [model.predict(xs) as tf.Tensor, imported.model.predict(xs) as tf.Tensor];
      const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0];
      expect(diff).toBeLessThanOrEqual(1e-6);
      tf.dispose([a, b]);
      disposeModel(imported.model);
    } finally {
      xs.dispose();
      disposeModel(model);
      store.close();
    }
  });
});
