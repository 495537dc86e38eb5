/**
 * Nothing finished is lost: finished runs (curves and results) are kept in IndexedDB when a run ends and come
 * back when the page opens; the trainer keeps its last trained model as a checkpoint (every epoch and at the
 * end), which the page offers to restore after a reload or a lost trainer.
 */
import { readCheckpoint } from "../core/storage/checkpoint.ts";
import { MAX_STORED_RUNS, readRuns, writeRuns, type StoredRun } from "../core/storage/runHistory.ts";
import { historyOf } from "../core/train/batchHistory.ts";
import { datasetsUrl, getTrainer, runTitle } from "./actions.ts";
import { addRunStep, modelReady } from "./runEvents.ts";
import { newRunId, useAppStore, type RunRecord } from "./store.ts";

const set = useAppStore.setState;
const get = useAppStore.getState;

const toStored = (run: RunRecord): StoredRun => ({
  id: run.id,
  title: run.title,
  config: run.config,
  backend: run.backend,
  history: { batches: [...run.batches.points], epochs: run.epochs },
  progress: run.progress,
  testAccuracy: run.testAccuracy,
  testLoss: run.testLoss,
  ended: run.ended,
  error: run.error,
  stopReason: run.stopReason,
  continued: run.continued,
});

const fromStored = (run: StoredRun): RunRecord => ({
  id: run.id,
  title: run.title,
  config: run.config,
  backend: run.backend,
  batches: historyOf(run.history.batches),
  epochs: run.history.epochs,
  progress: run.progress,
  testAccuracy: run.testAccuracy,
  testLoss: run.testLoss,
  ended: run.ended,
  error: run.error,
  stopReason: run.stopReason,
  continued: run.continued,
});

/** Writes the finished runs (a run still going is left out). */
export async function keepRuns(): Promise<void> {
  await writeRuns(
    get()
      .runs.filter((run) => run.ended !== null)
      .map(toStored),
  );
}

/** A checkpoint's one-line description: "Tiny · MNIST digits · adam 0.005, 95.1%, kept at 09:40". */
const describeCheckpoint = (title: string, testAccuracy: number | null, savedAt: number) =>
  `${title}${testAccuracy === null ? ", stopped mid-run" : `, ${(testAccuracy * 100).toFixed(1)}%`}, kept at ${new Date(savedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;

/** Looks for a checkpoint the page can offer to restore (when the trainer holds no trained model). */
export async function offerCheckpoint(): Promise<void> {
  const read = await readCheckpoint();
  if (!read.ok) return;
  const { config, testAccuracy, savedAt } = read.value;
  set({ restorable: describeCheckpoint(runTitle(config), testAccuracy, savedAt) });
}

/** Brings back the finished runs when the page opens (their models are not in the new trainer), then the checkpoint offer. */
export async function restoreHistoryAtStart(): Promise<void> {
  const stored = await readRuns();
  if (stored.length > 0 && get().runs.length === 0) {
    const runs = stored.map(fromStored);
    set({ runs, modelLost: runs.at(-1)?.testAccuracy != null });
  }
  await offerCheckpoint();
}

/** Loads the checkpoint into the trainer (checked and measured again, as any model file) as a new run record. */
export async function restoreCheckpoint(): Promise<void> {
  const read = await readCheckpoint();
  if (!read.ok) {
    set({ trainerAlert: `The last trained model could not be restored: ${read.error}`, restorable: null });
    return;
  }
  const record = read.value;
  const loaded = await (
    await getTrainer()
  ).loadModel(record.modelJson, record.weightsBin, record.config, datasetsUrl());
  if (!loaded.ok) {
    set({ trainerAlert: `The last trained model could not be restored: ${loaded.error}`, restorable: null });
    return;
  }
  const run: RunRecord = {
    id: newRunId(),
    title: `Restored: ${get().restorable ?? "last trained model"}`,
    config: loaded.config,
    backend: record.backend,
    batches: historyOf(record.history.batches),
    epochs: record.history.epochs,
    progress: null,
    testAccuracy: loaded.test.accuracy,
    testLoss: loaded.test.loss,
    ended: "completed",
    error: null,
  };
  set({
    config: loaded.config,
    runs: [...get().runs, run].slice(-MAX_STORED_RUNS),
    modelLost: false,
    restorable: null,
    trainerAlert: null,
  });
  await modelReady();
}

/** Hides the offer. */
export function dismissRestore(): void {
  set({ restorable: null });
}

addRunStep({ name: "history: keep the finished runs", ready: keepRuns });
