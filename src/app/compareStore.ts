/**
 * Comparing runs: which earlier runs the charts overlay (kept in localStorage, so a reload keeps the choice with the
 * runs IndexedDB brings back), restoring a run's experiment, and clearing the earlier runs.
 */
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { z } from "zod";
import type { ExperimentConfig } from "../config/schema.ts";
import { encodeExperiment } from "../config/urlCodec.ts";
import { keptCompared, toggleCompared } from "./compareSelection.ts";
import { keepRuns } from "./historyActions.ts";
import { isRunActive, useAppStore } from "./store.ts";
import { currentExperiment } from "./urlSync.ts";

export interface CompareState {
  /** Ids of the earlier runs overlaid, in the order they were ticked (their colors follow it). */
  ids: number[];
  /** Why the last tick was refused, or what Restore or Clear did; null when there is nothing to say. */
  notice: string | null;
}

export const useCompareStore = create<CompareState>()(
  persist((): CompareState => ({ ids: [], notice: null }), {
    name: "cnn-playground-compare",
    version: 1,
    partialize: (s) => ({ ids: s.ids }),
    storage: createJSONStorage(() => window.localStorage),
    // stored data is untrusted
    merge: (persisted, current) => {
      const ids = z
        .array(z.number().int())
        .max(20)
        .safeParse((persisted as Partial<CompareState> | null)?.ids);
      return { ...current, ids: ids.success ? ids.data : [] };
    },
  }),
);

/** Ids of the earlier runs (all but the newest, which the charts show anyway). */
const earlierRunIds = () =>
  useAppStore
    .getState()
    .runs.slice(0, -1)
    .map((r) => r.id);

/** Ticks or unticks run `id`; a fifth is refused with a message. */
export function toggleCompare(id: number): void {
  const ids = keptCompared(useCompareStore.getState().ids, earlierRunIds());
  const next = toggleCompared(ids, id);
  useCompareStore.setState({ ids: next.ids, notice: next.refused });
}

/**
 * Sets the page's experiment to the one a run came from, by the same path a pasted link takes: the address bar's
 * hash changes, and the page loads it (a new history entry, so Back returns to the experiment before).
 */
export function restoreRunExperiment(id: number, config: ExperimentConfig): void {
  if (isRunActive()) return;
  location.hash = encodeExperiment({ ...currentExperiment(), config });
  useCompareStore.setState({ notice: `Run ${id}'s experiment is set: Train runs it again.` });
}

/** Deletes the earlier runs (here and in IndexedDB); the newest run stays, as the charts and results show it. */
export async function clearEarlierRuns(): Promise<void> {
  const runs = useAppStore.getState().runs;
  if (runs.length < 2) return;
  useAppStore.setState({ runs: runs.slice(-1) });
  useCompareStore.setState({ ids: [], notice: `${runs.length - 1} earlier runs deleted.` });
  await keepRuns();
}
