/**
 * The last trained model, kept in IndexedDB at the end of every epoch and of every run, so that a reload or a
 * lost worker can offer "Restore the last trained model". One record in a database of its own, in the saved
 * models' format (and checked by the same schema when read).
 */
import { openModelStore, type SavedModelRecord, type StoreResult } from "./savedModels.ts";

/** The database that holds the checkpoint (apart from the saved models, so it never shows in their list). */
export const CHECKPOINT_DB_NAME = "cnn-playground-checkpoint";
/** The checkpoint's name within it. */
export const CHECKPOINT_NAME = "Last trained model";

/** The IndexedDB of this thread, or null where there is none (Node without a fake). */
const defaultFactory = (): IDBFactory | null => (typeof indexedDB === "undefined" ? null : indexedDB);

/** Replaces the checkpoint; false when IndexedDB is missing or the write failed (a checkpoint is a convenience). */
export async function writeCheckpoint(
  record: Omit<SavedModelRecord, "name">,
  factory: IDBFactory | null = defaultFactory(),
): Promise<boolean> {
  if (!factory) return false;
  try {
    const store = await openModelStore(factory, CHECKPOINT_DB_NAME);
    try {
      return (await store.save({ ...record, name: CHECKPOINT_NAME })).ok;
    } finally {
      store.close();
    }
  } catch {
    return false;
  }
}

/** The checkpoint, validated; an error when there is none or it is unreadable. */
export async function readCheckpoint(
  factory: IDBFactory | null = defaultFactory(),
): Promise<StoreResult<SavedModelRecord>> {
  if (!factory) return { ok: false, error: "IndexedDB is not available here." };
  try {
    const store = await openModelStore(factory, CHECKPOINT_DB_NAME);
    try {
      return await store.load(CHECKPOINT_NAME);
    } finally {
      store.close();
    }
  } catch (error) {
    return {
      ok: false,
      error: `The checkpoint could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
