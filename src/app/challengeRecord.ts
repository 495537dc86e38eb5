// Which run met the link's challenge: derived from the runs and the lab's variants, and kept in localStorage keyed
// by the goal, because runs do not survive a reload (the met state should).

import { z } from "zod";
import { meetsGoal, type Goal, type GoalCandidate } from "../config/challenge.ts";
import { DATASETS } from "../core/data/datasets.ts";
import type { VariantReport } from "../core/compress/report.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import type { RunRecord } from "./store.ts";

/** The run (or lab variant) that met a goal, and when. */
export const MetRecord = z.object({
  runId: z.number().int(),
  runTitle: z.string().max(200),
  /** Test accuracy, 0–1. */
  accuracy: z.number().min(0).max(1),
  params: z.number().int().nonnegative(),
  /** The lab variant's name; null when the run's own model met it. */
  variant: z.string().max(200).nullable(),
  /** ISO time it was first seen met. */
  metAt: z.string().max(40),
});
export type MetRecord = z.infer<typeof MetRecord>;

const storageKey = (goalText: string) => `cnn-playground:challenge:${goalText}`;

/** The record kept for a goal (its formatGoal text), or null: none, unreadable storage, or a record that fails the schema. */
export function readMetRecord(goalText: string): MetRecord | null {
  try {
    const raw = window.localStorage.getItem(storageKey(goalText));
    const parsed = MetRecord.safeParse(raw === null ? null : JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the record for a goal; storage that refuses it only costs the record after a reload. */
export function writeMetRecord(goalText: string, record: MetRecord): void {
  try {
    window.localStorage.setItem(storageKey(goalText), JSON.stringify(record));
  } catch {
    // blocked or full storage: the page still shows the record until it is closed
  }
}

/** Every measured model: each run with a test accuracy, and the lab's variants of the newest run's model. */
export function goalCandidates(runs: readonly RunRecord[], reports: readonly VariantReport[]): GoalCandidate[] {
  const out: GoalCandidate[] = [];
  for (const run of runs) {
    if (run.testAccuracy === null) continue;
    const { inputShape, numClasses } = DATASETS[run.config.datasetId];
    const stats = inferShapes(run.config.layers, inputShape, numClasses);
    out.push({
      runId: run.id,
      runTitle: run.title,
      accuracy: run.testAccuracy,
      params: stats.totalParams,
      macs: stats.totalMacs,
      epochs: run.epochs.length,
      variant: null,
    });
  }
  const newest = runs.at(-1);
  if (newest?.testAccuracy != null) {
    for (const r of reports) {
      if (r.spec === null) continue;
      out.push({
        runId: newest.id,
        runTitle: newest.title,
        accuracy: r.accuracy,
        params: r.totalParams,
        macs: r.macs,
        epochs: newest.epochs.length,
        variant: { label: r.label, weightBits: r.weightBits },
      });
    }
  }
  return out;
}

/** The first measured model that meets the goal, as a record stamped `now`; null when none does yet. */
export function findMet(goal: Goal, candidates: readonly GoalCandidate[], now: Date): MetRecord | null {
  const met = candidates.find((c) => meetsGoal(goal, c));
  if (!met) return null;
  return {
    runId: met.runId,
    runTitle: met.runTitle,
    accuracy: met.accuracy,
    params: met.params,
    variant: met.variant?.label ?? null,
    metAt: now.toISOString(),
  };
}
