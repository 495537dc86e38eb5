/**
 * Saved models in IndexedDB (via idb): a small summary per model for the list, and the full record (config,
 * compression, model files, history) for loading. Stored data is untrusted: every read is checked with zod,
 * and the caller still re-imports the model files through importModelFiles.
 */
import { wrap, type IDBPDatabase } from "idb";
import { z } from "zod";
import { CompressionSpec, describeCompression } from "../../config/compression.ts";
import { DatasetId, ExperimentConfig } from "../../config/schema.ts";
import { DATASETS } from "../data/datasets.ts";
import { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES } from "../export/fileLimits.ts";
import { inferShapes } from "../model/inferShapes.ts";
import type { BatchMetrics, EpochMetrics } from "../train/metrics.ts";

/** Name of the IndexedDB database holding saved models. */
export const MODEL_DB_NAME = "cnn-playground-models";
/** Object stores: full records and list summaries, both keyed by the model's name. */
export const RECORDS_STORE = "records";
export const SUMMARIES_STORE = "summaries";
const DB_VERSION = 1;
/** Most batch points kept per saved model (longer histories are downsampled, first and last kept). */
export const MAX_BATCH_POINTS = 5_000;
/** Most epoch summaries kept per saved model. */
export const MAX_EPOCH_POINTS = 1_000;

// Loss and accuracy may be NaN or ±Infinity after a diverged run; they are still numbers.
const metric = z.custom<number>((v) => typeof v === "number", { message: "expected a number" });
const count = z.number().int().min(0);

const BatchPoint = z.object({
  step: count,
  epochIndex: count,
  loss: metric,
  accuracy: metric,
}) satisfies z.ZodType<BatchMetrics>;
const EpochPoint = z.object({
  epochIndex: count,
  trainLoss: metric,
  trainAccuracy: metric,
  valLoss: metric.nullable(),
  valAccuracy: metric.nullable(),
  examplesPerSec: metric,
  elapsedMs: metric,
}) satisfies z.ZodType<EpochMetrics>;

/** The model's name as stored: trimmed, 1–80 characters; saving under an existing name replaces that model. */
export const ModelName = z.string().trim().min(1, "The name is empty").max(80, "The name is longer than 80 characters");

/** One saved model: what it is, how it was made, its files (tfjs Layers format) and its training history. */
export const SavedModelRecord = z.object({
  name: ModelName,
  /** Milliseconds since the epoch. */
  savedAt: z.number(),
  config: ExperimentConfig,
  /** null for the trained baseline, else the spec its variant was derived with. */
  compression: CompressionSpec.nullable(),
  modelJson: z.string().max(MAX_MODEL_JSON_CHARS),
  weightsBin: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: "expected bytes (Uint8Array)" })
    .refine((b) => b.byteLength <= MAX_WEIGHTS_BYTES, "weights.bin is too large"),
  history: z.object({
    batches: z.array(BatchPoint).max(MAX_BATCH_POINTS),
    epochs: z.array(EpochPoint).max(MAX_EPOCH_POINTS),
  }),
  /** Test-set accuracy 0–1, or null when not evaluated. */
  testAccuracy: z.number().min(0).max(1).nullable(),
  /** The tfjs backend it was trained on, e.g. "webgl". */
  backend: z.string().max(40),
});
export type SavedModelRecord = z.infer<typeof SavedModelRecord>;

/** What the saved-models list shows of one model, stored apart so listing never reads weights. */
export const ModelSummary = z.object({
  name: ModelName,
  savedAt: z.number(),
  testAccuracy: z.number().min(0).max(1).nullable(),
  datasetId: DatasetId,
  params: count,
  kind: z.enum(["baseline", "variant"]),
  /** model.json (UTF-8) plus weights.bin. */
  sizeBytes: count,
  /** e.g. "int8 per-tensor", null for a baseline. */
  compressionLabel: z.string().max(200).nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

/** A result that is either a value or a human message. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The saved-models store; reads of corrupt data give errors (or are listed as corrupt), never throws on them. */
export interface ModelStore {
  /** Saves (or replaces, by trimmed name) a model; long histories are downsampled first. */
  save(record: SavedModelRecord): Promise<StoreResult<ModelSummary>>;
  /**
   * Summaries newest first, and the entries that cannot be loaded (only deleted). Every entry's `name` is the
   * keyLabel of the key it is stored under, so load and remove find it whatever the key; a record without a
   * (valid) summary is listed from the record itself.
   */
  list(): Promise<{ models: ModelSummary[]; corrupt: string[] }>;
  /** The validated record stored under this key label (or, failing that, under the trimmed name); its files still go through importModelFiles. */
  load(name: string): Promise<StoreResult<SavedModelRecord>>;
  /** Deletes the entry under this key label (or trimmed name) from both stores; true only when something was deleted; rejects when IndexedDB fails. */
  remove(name: string): Promise<boolean>;
  /** True when saving under `name` would replace an entry (one is stored under the trimmed name); rejects when IndexedDB fails. */
  exists(name: string): Promise<boolean>;
  close(): void;
}

/** Marks a key label that is not the key itself (a non-string key, or a string key starting with it). */
const LABEL_MARK = "⟨";

function describeKey(key: IDBValidKey): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number") return `number ${key}`;
  if (key instanceof Date) return `date ${Number.isNaN(key.getTime()) ? "invalid" : key.toISOString()}`;
  if (Array.isArray(key)) return `array [${key.map(describeKey).join(", ")}]`;
  const bytes = ArrayBuffer.isView(key)
    ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength)
    : new Uint8Array(key);
  return `binary ${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The text that names a stored entry, one to one with its key: a string key is itself (the model's name, as
 * typed), anything else (a number, date, array or binary key, or a string starting with "⟨") is described
 * between "⟨" and "⟩", e.g. "⟨number 42⟩".
 */
export function keyLabel(key: IDBValidKey): string {
  if (typeof key === "string") return key.startsWith(LABEL_MARK) ? `${LABEL_MARK}string ${describeKey(key)}⟩` : key;
  return `${LABEL_MARK}${describeKey(key)}⟩`;
}

/** The keys among `keys` that `name` stands for: the one whose label it is, else the one named by its trimmed text. */
function keysNamed(keys: readonly IDBValidKey[], name: string): IDBValidKey[] {
  const exact = keys.filter((k) => keyLabel(k) === name);
  const trimmed = name.trim();
  return exact.length || trimmed === name ? exact : keys.filter((k) => keyLabel(k) === trimmed);
}

/** At most `max` items, evenly spaced, first and last kept. */
export function downsample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  if (max <= 1) return items.slice(-max);
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]);
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** The list summary of a valid record. */
export function summarize(record: SavedModelRecord): ModelSummary {
  const dataset = DATASETS[record.config.datasetId];
  return {
    name: record.name,
    savedAt: record.savedAt,
    testAccuracy: record.testAccuracy,
    datasetId: record.config.datasetId,
    params: inferShapes(record.config.layers, dataset.inputShape, dataset.numClasses).totalParams,
    kind: record.compression ? "variant" : "baseline",
    sizeBytes: new TextEncoder().encode(record.modelJson).byteLength + record.weightsBin.byteLength,
    compressionLabel: record.compression ? describeCompression(record.compression) : null,
  };
}

/** summarize, or null when the record's layers do not add up (the schema passed, shape inference did not). */
function summaryOf(record: SavedModelRecord): ModelSummary | null {
  try {
    return summarize(record);
  } catch {
    return null;
  }
}

async function openDatabase(factory: IDBFactory, dbName: string): Promise<IDBPDatabase> {
  const request = factory.open(dbName, DB_VERSION);
  request.addEventListener("upgradeneeded", () => {
    const db = request.result;
    for (const store of [RECORDS_STORE, SUMMARIES_STORE]) {
      if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: "name" });
    }
  });
  const db = await wrap(request);
  if (!db) throw new Error("IndexedDB did not open");
  return db;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Opens the saved-models store; pass a factory (tests: a fresh fake-indexeddb one). Rejects when IndexedDB cannot open. */
export async function openModelStore(
  factory: IDBFactory = indexedDB,
  dbName: string = MODEL_DB_NAME,
): Promise<ModelStore> {
  const db = await openDatabase(factory, dbName);
  return {
    async save(input) {
      const capped = {
        ...input,
        history: {
          batches: downsample(input.history.batches, MAX_BATCH_POINTS),
          epochs: downsample(input.history.epochs, MAX_EPOCH_POINTS),
        },
      };
      const parsed = SavedModelRecord.safeParse(capped);
      if (!parsed.success) return { ok: false, error: `The model cannot be saved: ${issueText(parsed.error)}` };
      const summary = summarize(parsed.data);
      try {
        const tx = db.transaction([RECORDS_STORE, SUMMARIES_STORE], "readwrite");
        // keyed by name; a database whose stores have out-of-line keys (made elsewhere) gets the name as the key
        const put = (store: typeof RECORDS_STORE | typeof SUMMARIES_STORE, value: SavedModelRecord | ModelSummary) =>
          tx.objectStore(store).keyPath === null
            ? tx.objectStore(store).put(value, value.name)
            : tx.objectStore(store).put(value);
        await Promise.all([put(RECORDS_STORE, parsed.data), put(SUMMARIES_STORE, summary), tx.done]);
        return { ok: true, value: summary };
      } catch (error) {
        return { ok: false, error: `The model could not be saved: ${errorText(error)}` };
      }
    },
    async list() {
      const tx = db.transaction([RECORDS_STORE, SUMMARIES_STORE], "readonly");
      const [summaries, records] = [tx.objectStore(SUMMARIES_STORE), tx.objectStore(RECORDS_STORE)];
      const [keys, values, recordKeys] = await Promise.all([
        summaries.getAllKeys(),
        summaries.getAll(),
        records.getAllKeys(),
      ]);
      const hasRecord = new Set(recordKeys.map(keyLabel));
      const models: ModelSummary[] = [];
      const corrupt: string[] = [];
      const summarized = new Set<string>();
      values.forEach((value: unknown, i) => {
        const label = keyLabel(keys[i]);
        const parsed = ModelSummary.safeParse(value);
        if (!hasRecord.has(label))
          corrupt.push(label); // a summary without its record: nothing to load
        else if (parsed.success) models.push({ ...parsed.data, name: label });
        else return; // listed from its record below
        summarized.add(label);
      });
      // records without a valid summary: listed from what the record says, or as corrupt
      const unlisted = recordKeys.filter((k) => !summarized.has(keyLabel(k)));
      const unlistedValues = await Promise.all(unlisted.map((k) => records.get(k)));
      await tx.done;
      unlisted.forEach((key, i) => {
        const parsed = SavedModelRecord.safeParse(unlistedValues[i]);
        const summary = parsed.success ? summaryOf(parsed.data) : null;
        if (summary) models.push({ ...summary, name: keyLabel(key) });
        else corrupt.push(keyLabel(key));
      });
      return { models: models.sort((a, b) => b.savedAt - a.savedAt), corrupt };
    },
    async load(name) {
      let value: unknown;
      try {
        const tx = db.transaction(RECORDS_STORE, "readonly");
        const [key] = keysNamed(await tx.store.getAllKeys(), name);
        value = key === undefined ? undefined : await tx.store.get(key);
        await tx.done;
      } catch (error) {
        return { ok: false, error: `The model could not be read: ${errorText(error)}` };
      }
      if (value === undefined) return { ok: false, error: `No saved model is named ${JSON.stringify(name.trim())}` };
      const parsed = SavedModelRecord.safeParse(value);
      if (!parsed.success)
        return {
          ok: false,
          error: `The saved model ${JSON.stringify(name.trim())} is corrupt (${issueText(parsed.error)})`,
        };
      return { ok: true, value: parsed.data };
    },
    async remove(name) {
      const tx = db.transaction([RECORDS_STORE, SUMMARIES_STORE], "readwrite");
      const stores = [tx.objectStore(RECORDS_STORE), tx.objectStore(SUMMARIES_STORE)];
      const found = await Promise.all(stores.map(async (store) => keysNamed(await store.getAllKeys(), name)));
      await Promise.all([...stores.flatMap((store, i) => found[i].map((key) => store.delete(key))), tx.done]);
      return found.some((keys) => keys.length > 0);
    },
    async exists(name) {
      const tx = db.transaction([RECORDS_STORE, SUMMARIES_STORE], "readonly");
      const [records, summaries] = await Promise.all([
        tx.objectStore(RECORDS_STORE).count(name.trim()),
        tx.objectStore(SUMMARIES_STORE).count(name.trim()),
        tx.done,
      ]);
      return records + summaries > 0;
    },
    close: () => db.close(),
  };
}
