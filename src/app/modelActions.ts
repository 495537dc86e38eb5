/**
 * Saving, loading, exporting and importing trained models. The weights live in the trainer (worker): it
 * hands over the tfjs Layers files (model.json + weights.bin), and takes them back through the same checks an
 * imported file gets. Saved models are in IndexedDB, with their training history.
 */
import { create } from "zustand";
import { variantKey, type CompressionSpec } from "../config/compression.ts";
import { readPickedModelFiles } from "../core/export/pickModelFiles.ts";
import type { ModelStore, SavedModelRecord } from "../core/storage/savedModels.ts";
import { MAX_STORED_RUNS } from "../core/storage/runCap.ts";
import { datasetsUrl, getTrainer } from "./actions.ts";
import { historyOf } from "../core/train/batchHistory.ts";
import { modelReady } from "./runEvents.ts";
import { clearCompressionResults, useCompressionStore } from "./compressionStore.ts";
import { downloadFile, fileSafe } from "./download.ts";
import { useModelStore } from "./modelStore.ts";
import { isArchitectureLocked, isRunActive, isTrained, useAppStore, type RunRecord } from "./store.ts";

const set = useModelStore.setState;
const app = useAppStore.getState;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// storage and the code generators load on first use: the first paint needs neither
let store: Promise<ModelStore> | null = null;
const models = () => {
  store ??= import("../core/storage/savedModels.ts").then((m) => m.openModelStore());
  store.catch(() => {
    store = null;
  }); // try again next time (e.g. storage was blocked)
  return store;
};

/** Runs one model job at a time, with its busy text, and reports its outcome. */
async function job(busy: string, work: () => Promise<string>): Promise<void> {
  if (useModelStore.getState().busy) return;
  set({ busy, message: null, error: null });
  try {
    set({ message: await work() });
  } catch (error) {
    set({ error: message(error) });
  } finally {
    set({ busy: null });
  }
}

/** Re-reads the list of saved models. */
export async function refreshSavedModels(): Promise<void> {
  try {
    const { models: rows, corrupt } = await (await models()).list();
    set({
      saved: [
        ...rows.map((r) => ({
          name: r.name,
          savedAt: r.savedAt,
          kind: r.compressionLabel ?? "Baseline",
          testAccuracy: r.testAccuracy,
          sizeBytes: r.sizeBytes,
          problem: null,
        })),
        ...corrupt.map((name) => ({
          name,
          savedAt: 0,
          kind: "",
          testAccuracy: null,
          sizeBytes: 0,
          problem: "This saved model is damaged and cannot be loaded; delete it.",
        })),
      ],
    });
  } catch (error) {
    set({ error: `Saved models are not available: ${message(error)}` });
  }
}

/** What Save did: saved; refused because a saved model has the name (saving with `replace` confirms); or not saved (an error, or another job ran). */
export type SaveOutcome = "saved" | "name in use" | "not saved";

/**
 * The test accuracy a model is saved with: the newest run's for the baseline, a kept variant's own measurement
 * (its report in the lab, matched by spec as the trainer keys its weights), or null when none was measured.
 */
function accuracyToSave(spec: CompressionSpec | null, runAccuracy: number | null): number | null {
  if (spec === null) return runAccuracy;
  const key = variantKey(spec);
  return (
    useCompressionStore.getState().reports.find((r) => r.spec !== null && variantKey(r.spec) === key)?.accuracy ?? null
  );
}

/** Saves the trained model (or a kept variant) under `name` with the newest run's history; a name in use is refused unless `replace`. */
export async function saveModel(
  name: string,
  spec: CompressionSpec | null = null,
  replace = false,
): Promise<SaveOutcome> {
  let outcome: SaveOutcome = "not saved";
  await job("Saving…", async () => {
    const run = app().runs.at(-1);
    if (!isTrained() || !run) throw new Error("Train a model first: there is nothing to save yet.");
    const trimmed = name.trim();
    if (!replace && trimmed && (await (await models()).exists(trimmed))) {
      outcome = "name in use";
      return `A saved model is already named "${trimmed}": press Replace “${trimmed}” to replace it, or choose another name.`;
    }
    const client = await getTrainer();
    const files = await client.exportModel(spec);
    const record: SavedModelRecord = {
      name: trimmed,
      savedAt: Date.now(),
      config: run.config,
      compression: spec,
      modelJson: files.modelJson,
      weightsBin: files.weightsBin,
      history: { batches: [...run.batches.points], epochs: run.epochs },
      testAccuracy: accuracyToSave(spec, run.testAccuracy),
      backend: run.backend,
    };
    const saved = await (await models()).save(record);
    if (!saved.ok) throw new Error(`"${record.name}" was not saved: ${saved.error}`);
    outcome = "saved";
    await refreshSavedModels();
    return `Saved "${record.name}" (${(files.weightsBin.byteLength / 1024).toFixed(1)} KB of weights).`;
  });
  return outcome;
}

/** A new run record for a model that was loaded, not trained here. */
function loadedRun(
  title: string,
  record: Pick<SavedModelRecord, "config" | "history" | "backend">,
  test: { accuracy: number; loss: number },
): RunRecord {
  const runs = app().runs;
  const id = runs.reduce((m, r) => Math.max(m, r.id), 0) + 1;
  return {
    id,
    title,
    config: record.config,
    backend: record.backend,
    batches: historyOf(record.history.batches),
    epochs: record.history.epochs,
    progress: null,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    ended: "completed",
    error: null,
  };
}

/** Loads a saved model into the trainer: its config becomes the page's, and its test accuracy is measured again. */
export function loadSavedModel(name: string): Promise<void> {
  return job("Loading…", async () => {
    if (isRunActive()) throw new Error("Stop training before loading a model.");
    const result = await (await models()).load(name);
    if (!result.ok) throw new Error(result.error);
    const record = result.value;
    // a locked link keeps its layers: a saved model with other layers would change them (the same ones may load)
    if (isArchitectureLocked() && JSON.stringify(record.config.layers) !== JSON.stringify(app().config.layers))
      throw new Error("This link locks the architecture: a model with other layers would change it.");
    const client = await getTrainer();
    const loaded = await client.loadModel(record.modelJson, record.weightsBin, record.config, datasetsUrl());
    if (!loaded.ok) throw new Error(`"${name}" could not be loaded: ${loaded.error}`);
    clearCompressionResults();
    useAppStore.setState({
      config: loaded.config,
      modelLost: false,
      runs: [...app().runs, loadedRun(`Loaded: ${record.name}`, record, loaded.test)].slice(-MAX_STORED_RUNS),
    });
    void modelReady(); // the lab and the inspector read the loaded model
    const was = record.testAccuracy == null ? "" : ` (saved with ${(record.testAccuracy * 100).toFixed(2)}%)`;
    return `Loaded "${record.name}": test accuracy ${(loaded.test.accuracy * 100).toFixed(2)}%${was}.`;
  });
}

/** One deleted model that Undo can save back: the name it was listed under and its record. */
export interface DeletedModel {
  name: string;
  record: SavedModelRecord;
}

/** Most deleted models kept for Undo (each holds its weights in memory, up to 20 MB). */
export const MAX_UNDO = 5;

/** Models deleted in this session that Undo can still save back, newest first (memory only: gone after a reload). */
export const useDeletedModels = create<{ deleted: DeletedModel[] }>()(() => ({ deleted: [] }));

const forgetDeleted = (name: string) =>
  useDeletedModels.setState((s) => ({ deleted: s.deleted.filter((d) => d.name !== name) }));

/** The record stored under `name`, to keep for Undo; null when it cannot be read (a damaged one is deleted without Undo). */
async function readForUndo(store: ModelStore, name: string): Promise<SavedModelRecord | null> {
  try {
    const loaded = await store.load(name);
    return loaded.ok ? loaded.value : null;
  } catch {
    return null;
  }
}

/** Deletes a saved model (`name` as listed: the key it is stored under), kept in memory for Undo; says so when nothing was deleted. */
export function deleteSavedModel(name: string): Promise<void> {
  return job("Deleting…", async () => {
    let deleted: boolean;
    let record: SavedModelRecord | null;
    try {
      const store = await models();
      record = await readForUndo(store, name);
      deleted = await store.remove(name);
    } catch (error) {
      throw new Error(`"${name}" was not deleted: ${message(error)}`, { cause: error });
    } finally {
      await refreshSavedModels(); // the list shows what is really stored, either way
    }
    if (!deleted) throw new Error(`"${name}" was not deleted: no saved model is stored under that name (any more).`);
    if (record) {
      const kept = record;
      useDeletedModels.setState((s) => ({
        deleted: [{ name, record: kept }, ...s.deleted.filter((d) => d.name !== name)].slice(0, MAX_UNDO),
      }));
    }
    return `Deleted "${name}".`;
  });
}

/** Saves a model deleted in this session back, as it was; refused while another saved model has its name. */
export function undoDelete(name: string): Promise<void> {
  return job("Restoring…", async () => {
    const entry = useDeletedModels.getState().deleted.find((d) => d.name === name);
    if (!entry) throw new Error(`"${name}" cannot be restored: it is no longer kept in memory.`);
    const store = await models();
    const { record } = entry;
    if (await store.exists(record.name)) {
      throw new Error(
        `"${record.name}" was not restored: a model saved since has that name. Delete that one first, then Undo.`,
      );
    }
    const saved = await store.save(record);
    if (!saved.ok) throw new Error(`"${record.name}" was not restored: ${saved.error}`);
    forgetDeleted(name);
    await refreshSavedModels();
    return `Restored "${record.name}".`;
  });
}

/** Downloads the trained model (or a kept variant) as tfjs Layers files: model.json and weights.bin. */
export function exportModel(spec: CompressionSpec | null = null): Promise<void> {
  return job("Exporting…", async () => {
    if (!isTrained()) throw new Error("Train a model first: there is nothing to export yet.");
    const files = await (await getTrainer()).exportModel(spec);
    downloadFile("model.json", files.modelJson, "application/json");
    downloadFile("weights.bin", files.weightsBin as Uint8Array<ArrayBuffer>, "application/octet-stream");
    const notes = files.notes.length ? ` ${files.notes.join(" ")}` : "";
    return `Exported model.json and weights.bin (${(files.weightsBin.byteLength / 1024).toFixed(1)} KB of weights).${notes}`;
  });
}

/**
 * Downloads the trained model (or a kept variant) as one ONNX file for ONNX Runtime, Netron and other tools; its
 * doc string names the experiment's link.
 */
export function exportOnnx(spec: CompressionSpec | null, baseName: string): Promise<void> {
  return job("Exporting ONNX…", async () => {
    if (!isTrained()) throw new Error("Train a model first: there is nothing to export yet.");
    const file = await (await getTrainer()).exportOnnx(spec, window.location.href);
    const name = `${fileSafe(baseName) || "model"}.onnx`;
    downloadFile(name, file.bytes as Uint8Array<ArrayBuffer>, "application/octet-stream");
    const notes = file.notes.length ? ` ${file.notes.join(" ")}` : "";
    return `Exported ${name} (${(file.bytes.byteLength / 1024).toFixed(1)} KB).${notes}`;
  });
}

/** Imports tfjs Layers files the person picked (model.json plus its weight files), checked before any tensor exists. */
export function importModel(files: File[]): Promise<void> {
  return job("Importing…", async () => {
    if (isRunActive()) throw new Error("Stop training before importing a model.");
    if (isArchitectureLocked()) throw new Error("This link locks the architecture: an imported model would change it.");
    // model.json first, then only the weight files its manifest names (each capped); the trainer checks every byte again
    const read = await readPickedModelFiles(files);
    if (!read.ok) throw new Error(read.error);
    const { jsonName, modelJson, weights } = read.value;
    const config = app().config;
    const loaded = await (await getTrainer()).importModel(modelJson, weights, config, datasetsUrl());
    if (!loaded.ok) throw new Error(`The model was not imported: ${loaded.error}`);
    clearCompressionResults();
    const record = { config: loaded.config, history: { batches: [], epochs: [] }, backend: app().backend?.name ?? "" };
    useAppStore.setState({
      config: loaded.config,
      modelLost: false,
      runs: [...app().runs, loadedRun(`Imported: ${jsonName}`, record, loaded.test)].slice(-MAX_STORED_RUNS),
    });
    void modelReady(); // the lab and the inspector read the imported model
    return `Imported ${jsonName}: ${loaded.config.layers.length} layers, test accuracy ${(loaded.test.accuracy * 100).toFixed(2)}%.`;
  });
}

/** Downloads the architecture as a Keras or PyTorch training script (an invalid stack says why instead). */
export function exportCode(kind: "keras" | "pytorch"): Promise<void> {
  return job("Writing the code…", async () => {
    const config = app().config;
    const code =
      kind === "keras"
        ? (await import("../core/export/kerasCode.ts")).toKerasCode(config)
        : (await import("../core/export/pytorchCode.ts")).toPytorchCode(config);
    const name = `cnn_playground_${fileSafe(config.datasetId).replace(/-/g, "_")}_${kind}.py`;
    downloadFile(name, code, "text/x-python");
    return `Downloaded ${name}.`;
  });
}
