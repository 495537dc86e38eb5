/**
 * The finished runs (their curves and results) in IndexedDB, written when a run ends, read when the page opens,
 * so a reload or a crash loses nothing that was finished. Stored data is untrusted: each run is checked with
 * zod when read, and a run that fails the check is dropped (the others stay).
 */
import { wrap, type IDBPDatabase } from "idb";
import { z } from "zod";
import { ExperimentConfig } from "../../config/schema.ts";
import type { TrainProgress } from "../train/metrics.ts";
import { downsample, MAX_BATCH_POINTS, MAX_EPOCH_POINTS, SavedModelRecord } from "./savedModels.ts";
import { MAX_STORED_RUNS } from "./runCap.ts";

export { MAX_STORED_RUNS };

/** The database and its one store; the runs are one value under RUNS_KEY. */
export const RUNS_DB_NAME = "cnn-playground-runs";
const STORE = "runs";
const RUNS_KEY = "runs";
const num = z.custom<number>((v) => typeof v === "number", { message: "expected a number" });
const Progress = z.object({
  epochIndex: num,
  epochs: num,
  batchIndex: num,
  batchesPerEpoch: num,
  examplesSeen: num,
  totalExamples: num,
  examplesPerSec: num,
  elapsedMs: num,
  etaMs: num,
}) satisfies z.ZodType<TrainProgress>;

/** One finished run as stored. */
export const StoredRun = z.object({
  id: z.number().int().min(0),
  title: z.string().max(300),
  config: ExperimentConfig,
  backend: z.string().max(80),
  history: SavedModelRecord.shape.history,
  progress: Progress.nullable(),
  testAccuracy: z.number().min(0).max(1).nullable(),
  testLoss: num.nullable(),
  ended: z.enum(["completed", "stopped", "failed"]).nullable(),
  error: z.string().max(4000).nullable(),
  stopReason: z.string().max(4000).optional(),
  continued: z.number().int().min(0).optional(),
});
export type StoredRun = z.infer<typeof StoredRun>;

const defaultFactory = (): IDBFactory | null => (typeof indexedDB === "undefined" ? null : indexedDB);

async function open(factory: IDBFactory): Promise<IDBPDatabase> {
  const request = factory.open(RUNS_DB_NAME, 1);
  request.addEventListener("upgradeneeded", () => {
    if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
  });
  const db = await wrap(request);
  if (!db) throw new Error("IndexedDB did not open");
  return db;
}

/** Stores the runs (the newest MAX_STORED_RUNS, long curves downsampled); false when it could not. */
export async function writeRuns(
  runs: readonly StoredRun[],
  factory: IDBFactory | null = defaultFactory(),
): Promise<boolean> {
  if (!factory) return false;
  const capped = runs.slice(-MAX_STORED_RUNS).map((run) => ({
    ...run,
    history: {
      batches: downsample(run.history.batches, MAX_BATCH_POINTS),
      epochs: downsample(run.history.epochs, MAX_EPOCH_POINTS),
    },
  }));
  try {
    const db = await open(factory);
    try {
      await db.put(STORE, capped, RUNS_KEY);
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The stored runs that pass the schema, oldest first; none when there are none or IndexedDB is missing. */
export async function readRuns(factory: IDBFactory | null = defaultFactory()): Promise<StoredRun[]> {
  if (!factory) return [];
  try {
    const db = await open(factory);
    try {
      const value: unknown = await db.get(STORE, RUNS_KEY);
      if (!Array.isArray(value)) return [];
      return value.slice(-MAX_STORED_RUNS).flatMap((item: unknown) => {
        const parsed = StoredRun.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
