import { proxy } from "comlink";
import type { DatasetId, ExperimentConfig } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { divergenceMessage } from "../core/train/divergence.ts";
import { EMPTY_BATCH_HISTORY } from "../core/train/batchHistory.ts";
import { MAX_STORED_RUNS } from "../core/storage/runHistory.ts";
import type { BatchMetrics, EpochMetrics, TrainProgress } from "../core/train/metrics.ts";
import { refusal, type PreparingStep, type RunPhase } from "../core/train/trainingRun.ts";
import type { BackendPreference } from "../config/backends.ts";
import type { BackendInfo } from "../worker/backendTypes.ts";
import type { DatasetLoadProgress } from "../worker/trainerState.ts";
import { BACKEND_LABELS } from "../worker/backendTypes.ts";
import { PRESETS, PRESET_IDS } from "../config/presets.ts";
import {
  holdsModel,
  isRunActive,
  newRunId,
  nextRunContinues,
  updateCurrentRun,
  useAppStore,
  type RunRecord,
} from "./store.ts";
import { clearCompressionResults } from "./compressionStore.ts";
import { currentClient, dropClient, getClient, getTrainer, onTrainerLost } from "./trainerConnection.ts";

export { dismissTrainerAlert, getTrainer } from "./trainerConnection.ts";
import { modelPipelineIdle, modelReady, runStarted } from "./runEvents.ts";
import { testHooks } from "./testHooks.ts";
import { runMetricsSink } from "./runMetrics.ts";
import { clearStepReport, stepEnded, stepReported } from "./stepStore.ts";
import type { StepReport } from "../worker/trainerState.ts";
import {
  NOT_TRAINED,
  chooseCustomDataset,
  customTrainingRefusal,
  sendCustomData,
} from "./customImages/customDataset.ts";

/** Variants describe the trained model: any change to it (training on, reset, new backend) clears them. */
const clearVariants = clearCompressionResults;

const set = useAppStore.setState;
const get = useAppStore.getState;
/** Absolute URL of the bundled datasets folder (the worker resolves relative URLs against its own script). */
export const datasetsUrl = () => new URL(`${import.meta.env.BASE_URL}datasets/`, self.location.href).href;

/**
 * The trainer's worker was lost (it failed, or stopped): a run in progress has already failed with its curves kept
 * (its call rejected). Say so, start a fresh trainer with the same settings and dataset, and note that the
 * trained model, which lived in the lost worker, has to be trained again or restored.
 */
function trainerLost(error: Error): void {
  clearVariants();
  const hadModel = holdsModel();
  set({
    backend: null,
    modelLost: hadModel,
    trainerAlert: `The trainer stopped working: ${error.message}. A fresh trainer was started with the same settings; finished runs and their curves are kept${hadModel ? ", but the trained model was lost with it" : ""}.`,
  });
  // after the failed run's own handlers (microtasks) have ended it: the lab and the inspector let go of the lost model
  setTimeout(() => {
    void modelReady();
    void chooseDataset(get().config.datasetId);
    if (hadModel) void import("./historyActions.ts").then(({ offerCheckpoint }) => offerCheckpoint());
  }, 0);
}

onTrainerLost(trainerLost);

/** A run's title from its config: "Tiny · MNIST digits · adam 0.005 · seed 42" (a preset's name, else "Custom"). */
export function runTitle(c: ExperimentConfig = get().config): string {
  const preset = PRESET_IDS.find((id) => JSON.stringify(PRESETS[id].config.layers) === JSON.stringify(c.layers));
  return `${preset ? PRESETS[preset].label : "Custom"} · ${DATASETS[c.datasetId].label} · ${c.optimizer} ${c.learningRate} · seed ${c.seed}`;
}

/** Starts the trainer and loads the configured dataset; called once by App on mount. */
export async function initApp(): Promise<void> {
  await chooseDataset(get().config.datasetId);
}

/** Selects and loads a dataset (progress in the store's `dataset`). */
export async function chooseDataset(id: DatasetId): Promise<void> {
  if (isRunActive()) return;
  if (get().config.datasetId !== id) set({ config: { ...get().config, datasetId: id } });
  if (id === "custom") {
    await chooseCustomDataset();
    // the trainer starts now, as for a bundled dataset (the backend badge says which), and holds the classes too
    // (a saved or carried model is measured on them)
    const trainer = await getTrainer().catch(() => null); // a trainer that cannot start is said by the badge
    if (trainer && !customTrainingRefusal()) await sendCustomData(trainer).catch(() => {});
    return;
  }
  set({ dataset: { state: "loading", progress: 0, error: null, trainCount: 0, testCount: 0 } });
  // progress comes on its own message port: a report that arrives after the result must not reopen the download
  let finished = false;
  try {
    const c = await getClient();
    const counts = await c.trainer.prepareDataset(
      id,
      datasetsUrl(),
      proxy((p: DatasetLoadProgress) => {
        if (finished || get().config.datasetId !== id || get().dataset.state === "error") return;
        // Train is enabled as soon as the training file's first part is in; the rest keeps arriving
        const state = p.usable ? "ready" : get().dataset.state;
        const counts = p.trainCount > 0 ? { trainCount: p.trainCount, testCount: p.testCount } : {};
        set({ dataset: { ...get().dataset, ...counts, state, progress: p.fraction, trainArrived: p.trainArrived } });
      }),
    );
    finished = true;
    if (get().config.datasetId === id) set({ dataset: { state: "ready", progress: 1, error: null, ...counts } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    set({
      dataset: {
        state: "error",
        progress: 0,
        error: `Could not load ${DATASETS[id].label}: ${message}`,
        trainCount: 0,
        testCount: 0,
      },
    });
  }
}

/** Starts (or continues) training the current config; the trainer's run object reports every phase. */
export async function startTraining(options: { stepFirst?: boolean } = {}): Promise<void> {
  const { config, dataset } = get();
  const info = DATASETS[config.datasetId];
  if (isRunActive() || dataset.state !== "ready" || inferShapes(config.layers, info.inputShape, info.numClasses).error)
    return;
  const customRefused = config.datasetId === "custom" ? customTrainingRefusal() : null;
  if (customRefused) {
    set({ runNotice: NOT_TRAINED + customRefused });
    return;
  }
  // the run is preparing from this moment; Stop is honoured from here on (it reaches the trainer after Train)
  set({ status: "preparing", preparingStep: "starting the trainer", runNotice: null, restorable: null });
  if (!options.stepFirst) clearStepReport();
  runStarted();
  // one rule (continueRule.ts), decided here and obeyed by the trainer: continue the trained weights, or start from the seed
  const continues = nextRunContinues();
  if (!continues) {
    const run: RunRecord = {
      id: newRunId(),
      title: runTitle(),
      config,
      backend: get().backend ? BACKEND_LABELS[get().backend!.name] : "",
      batches: EMPTY_BATCH_HISTORY,
      epochs: [],
      progress: null,
      testAccuracy: null,
      testLoss: null,
      ended: null,
      error: null,
    };
    set({ runs: [...get().runs, run].slice(-MAX_STORED_RUNS) });
  } else {
    updateCurrentRun((run) => ({
      config,
      ended: null,
      testAccuracy: null,
      testLoss: null,
      error: null,
      stopReason: undefined,
      continued: (run.continued ?? 0) + 1,
    }));
  }
  const epochOffset = get().runs.at(-1)!.epochs.length;
  const stepOffset = get().runs.at(-1)!.batches.count;
  // callbacks come on their own message port: a phase report that arrives after the result must not reopen the run
  let ended = false;
  // metrics reach the store (and the charts) once per frame, however many messages came in it
  const metrics = runMetricsSink(stepOffset, epochOffset);
  try {
    const trainer = await getTrainer();
    if (config.datasetId === "custom") await sendCustomData(trainer);
    if (!get().runs.at(-1)!.backend && get().backend)
      updateCurrentRun(() => ({ backend: BACKEND_LABELS[get().backend!.name] }));
    const { summary, test } = await trainer.train(
      config,
      datasetsUrl(),
      proxy({
        onPhase: (phase: RunPhase, step: PreparingStep | null) => {
          if (!ended) set({ status: phase, preparingStep: phase === "preparing" ? step : get().preparingStep });
        },
        onBackend: (backend: BackendInfo) => {
          set({ backend });
          updateCurrentRun(() => ({ backend: BACKEND_LABELS[backend.name] }));
        },
        onBatches: (batches: BatchMetrics[], progress: TrainProgress) => metrics.batches(batches, progress),
        onEpoch: (epoch: EpochMetrics) => metrics.epoch(epoch),
        onStep: (report: StepReport) => {
          metrics.flush(); // the counter shows the step's batch together with its numbers
          stepReported(report);
        },
      }),
      {
        holdAt: testHooks().holdRunAt,
        fresh: !continues,
        maxWorkers: testHooks().maxWorkers,
        stepFirst: options.stepFirst,
      },
    );
    ended = true;
    metrics.flush();
    stepEnded();
    const note = summary.stoppedWhile
      ? `Stopped while ${summary.stoppedWhile}, before the first batch: the weights did not change.`
      : null;
    const stopReason = summary.diverged ? divergenceMessage(summary.diverged, config) : undefined; // the trainer dropped the ruined weights
    updateCurrentRun(() => ({
      ended: summary.status,
      testAccuracy: test?.accuracy ?? null,
      testLoss: test?.loss ?? null,
      stopReason,
    }));
    set({ status: "done", preparingStep: null, runNotice: stopReason ?? note, modelLost: false });
    // the trainer moved off a lost GPU: the select follows the backend that now trains, and the page says why
    if (summary.gpuLost)
      set({ trainerAlert: summary.gpuLost, backendPreference: get().backend?.name ?? get().backendPreference });
  } catch (error) {
    ended = true;
    metrics.flush();
    stepEnded();
    updateCurrentRun(() => ({ ended: "failed", error: error instanceof Error ? error.message : String(error) }));
    set({ status: "failed", preparingStep: null });
  }
  await modelReady();
}

/** Sends pause, resume or stop to the run; a refusal (e.g. Pause while preparing) is shown, nothing else changes. */
async function commandRun(command: "pause" | "resume" | "stop"): Promise<void> {
  const refused = refusal(get().status, command);
  if (refused) {
    set({ runNotice: refused });
    return;
  }
  // queued behind Train on the same trainer promise, so a Stop right after Train reaches the run it means
  const answer = await (await getTrainer()).command(command);
  if (answer) set({ runNotice: answer }); // refused after all (the run moved on meanwhile)
}

/** Pauses the running epoch loop between batches. */
export function pauseTraining(): Promise<void> {
  return commandRun("pause");
}

/** Resumes a paused run. */
export function resumeTraining(): Promise<void> {
  return commandRun("resume");
}

/** Stops the run after the current batch (or the preparing step under way); its history is kept. */
export function stopTraining(): Promise<void> {
  return commandRun("stop");
}

/**
 * Discards the trained weights; the next Train starts from the seed's initial weights. The run's results stay
 * as history, visibly without a model: the lab, the inspector, Save and Export let go of it. Waits for the
 * after-run reads (inspector, lab) first, so none of them reads a model that is being disposed.
 */
export async function resetModel(): Promise<void> {
  if (isRunActive()) return;
  await modelPipelineIdle();
  clearVariants();
  await currentClient()?.trainer.reset();
  if (get().runs.at(-1)?.testAccuracy != null) {
    set({
      modelLost: true,
      runNotice:
        "Reset: the trained weights were discarded; the next run starts from the seed's initial weights. The results above stay as history.",
    });
  }
  await modelReady();
}

/**
 * Switches backend: restarts the trainer on it and carries the trained model over (its weights exported from
 * the old trainer and loaded into the new one, where its test accuracy is measured again). Refused during a run.
 */
export async function chooseBackend(preference: BackendPreference): Promise<void> {
  const label = preference === "auto" ? "Auto" : BACKEND_LABELS[preference];
  if (isRunActive()) {
    set({
      runNotice: `The backend cannot change during a run: ${label} applies once this run ends; choose it again then.`,
    });
    return;
  }
  await modelPipelineIdle();
  const old = currentClient();
  const carried = old && holdsModel() ? await old.trainer.exportModel(null).catch(() => null) : null;
  const carriedFor = get().runs.at(-1)?.config;
  set({ backendPreference: preference, backend: null, runNotice: null, ...(holdsModel() ? { modelLost: true } : {}) });
  dropClient();
  clearVariants();
  await chooseDataset(get().config.datasetId);
  if (carried && carriedFor) {
    const loaded = await (
      await getTrainer()
    )
      .loadModel(carried.modelJson, carried.weightsBin, carriedFor, datasetsUrl())
      .catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    const now = get().backend ? BACKEND_LABELS[get().backend!.name] : label;
    if (loaded.ok) {
      updateCurrentRun(() => ({ testAccuracy: loaded.test.accuracy, testLoss: loaded.test.loss, backend: now }));
      set({
        modelLost: false,
        runNotice: `The trained model moved to ${now}: test accuracy ${(loaded.test.accuracy * 100).toFixed(2)}%, measured again there.`,
      });
    } else {
      set({ runNotice: `The trained model could not move to ${now} (${loaded.error}); train it again there.` });
    }
  }
  await modelReady();
}
