import { create } from "zustand";

/** One saved model as the "Saved models" list shows it. */
export interface SavedModelRow {
  name: string;
  savedAt: number;
  /** "Baseline" or the variant's description. */
  kind: string;
  testAccuracy: number | null;
  sizeBytes: number;
  /** Set when the stored record is damaged: it can only be deleted. */
  problem: string | null;
}

export interface ModelState {
  saved: SavedModelRow[];
  /** What is being done now ("Saving…", "Exporting…"), or null. */
  busy: string | null;
  /** The outcome of the last save, load, import or export, for a live region. */
  message: string | null;
  error: string | null;
}

/** Saved models, and the state of save/load/export/import. */
export const useModelStore = create<ModelState>()(() => ({ saved: [], busy: null, message: null, error: null }));
