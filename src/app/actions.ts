import type { DatasetId } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import type { BackendPreference } from "../worker/backendTypes.ts";
import { BACKEND_LABELS } from "../worker/backendTypes.ts";
import type { TrainerClient } from "../worker/trainerClient.ts";
import { PRESETS, PRESET_IDS } from "../config/presets.ts";
import { isRunActive, updateCurrentRun, useAppStore, type RunRecord } from "./store.ts";
import { clearCompressionResults } from "./compressionStore.ts";

/** Variants describe the trained model: any change to it (training on, reset, new backend) clears them. */
const clearVariants = clearCompressionResults;

const set = useAppStore.setState;
const get = useAppStore.getState;
/** Absolute URL of the bundled datasets folder (the worker resolves relative URLs against its own script). */
export const datasetsUrl = () => new URL(`${import.meta.env.BASE_URL}datasets/`, self.location.href).href;

let client: TrainerClient | null = null;
let clientStarting: Promise<TrainerClient> | null = null;
let nextRunId = 1;
/** Set by Reset or a config change: the next run starts a new record and fresh weights. */
let startFresh = true;

/** The trainer (started on first use). */
export async function getTrainerClient(): Promise<TrainerClient> {
  return getClient();
}

async function getClient(): Promise<TrainerClient> {
  if (client) return client;
  if (!clientStarting) {
    clientStarting = import("../worker/trainerClient.ts")
      .then(({ createTrainerClient }) => createTrainerClient(get().backendPreference))
      .then((c) => {
        client = c;
        set({ backend: c.backend, backendError: null });
        return c;
      })
      .catch((error: unknown) => {
        set({ backendError: String(error instanceof Error ? error.message : error) });
        throw error;
      })
      .finally(() => { clientStarting = null; });
  }
  return clientStarting;
}

function runTitle(): string {
  const c = get().config;
  const preset = PRESET_IDS.find((id) => JSON.stringify(PRESETS[id].config.layers) === JSON.stringify(c.layers));
  return `${preset ? PRESETS[preset].label : "Custom"} · ${DATASETS[c.datasetId].label} · ${c.optimizer} ${c.learningRate}`;
}

/** Starts the trainer and loads the configured dataset; called once by App on mount. */
export async function initApp(): Promise<void> {
  useAppStore.subscribe((state, prev) => {
    if (state.config !== prev.config) startFresh = true;
  });
  await chooseDataset(get().config.datasetId);
}

/** Selects and loads a dataset (progress in the store's `dataset`). */
export async function chooseDataset(id: DatasetId): Promise<void> {
  if (isRunActive()) return;
  if (get().config.datasetId !== id) set({ config: { ...get().config, datasetId: id } });
  set({ dataset: { state: "loading", progress: 0, error: null, trainCount: 0, testCount: 0 } });
  try {
    const c = await getClient();
    const counts = await c.prepareDataset(id, datasetsUrl(), (progress) => {
      if (get().config.datasetId === id) set({ dataset: { ...get().dataset, progress } });
    });
    if (get().config.datasetId === id) set({ dataset: { state: "ready", progress: 1, error: null, ...counts } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    set({ dataset: { state: "error", progress: 0, error: `Could not load ${DATASETS[id].label}: ${message}`, trainCount: 0, testCount: 0 } });
  }
}

/** Starts (or continues) training the current config; builds the model if needed. */
export async function startTraining(): Promise<void> {
  const { config, dataset } = get();
  const info = DATASETS[config.datasetId];
  if (isRunActive() || dataset.state !== "ready" || inferShapes(config.layers, info.inputShape, info.numClasses).error) return;
  set({ status: "training" });
  clearVariants();
  const c = await getClient();
  if (startFresh || get().runs.length === 0) {
    const run: RunRecord = { id: nextRunId++, title: runTitle(), config, backend: BACKEND_LABELS[(get().backend ?? c.backend).name],
      batches: [], epochs: [], progress: null, testAccuracy: null, testLoss: null, ended: null, error: null };
    set({ runs: [...get().runs, run].slice(-10) });
    startFresh = false;
  } else {
    updateCurrentRun(() => ({ ended: null, testAccuracy: null, testLoss: null }));
  }
  const epochOffset = get().runs.at(-1)!.epochs.length;
  const stepOffset = get().runs.at(-1)!.batches.length;
  try {
    const { summary, test } = await c.train(config, datasetsUrl(), {
      onBackend: (backend) => {
        set({ backend });
        updateCurrentRun(() => ({ backend: BACKEND_LABELS[backend.name] }));
      },
      onBatches: (batches, progress) => {
        updateCurrentRun((run) => ({
          batches: [...run.batches, ...batches.map((b) => ({ ...b, step: b.step + stepOffset, epochIndex: b.epochIndex + epochOffset }))],
          progress,
        }));
        if (progress.batchIndex === progress.batchesPerEpoch && progress.epochIndex === progress.epochs - 1) {
          set({ status: "evaluating" });
        }
      },
      onEpoch: (metrics) => updateCurrentRun((run) => ({ epochs: [...run.epochs, { ...metrics, epochIndex: metrics.epochIndex + epochOffset }] })),
    });
    updateCurrentRun(() => ({ ended: summary.status, testAccuracy: test?.accuracy ?? null, testLoss: test?.loss ?? null }));
  } catch (error) {
    updateCurrentRun(() => ({ ended: "stopped", error: error instanceof Error ? error.message : String(error) }));
  } finally {
    set({ status: "idle" });
    // a config edit during the run (not possible from the UI) would still start fresh next time
  }
}

/** Pauses the running epoch loop between batches. */
export function pauseTraining(): void {
  if (get().status !== "training") return;
  client?.pause();
  set({ status: "paused" });
}

/** Resumes a paused run. */
export function resumeTraining(): void {
  if (get().status !== "paused") return;
  client?.resume();
  set({ status: "training" });
}

/** Stops the run after the current batch; its history is kept. */
export function stopTraining(): void {
  if (!isRunActive()) return;
  client?.stop();
  set({ status: "stopping" });
}

/** Discards the trained weights; the next Train starts from the seed's initial weights. */
export async function resetModel(): Promise<void> {
  if (isRunActive()) return;
  startFresh = true;
  clearVariants();
  await client?.reset();
}

/** Switches backend: restarts the trainer (the trained model is dropped; run history stays). */
export async function chooseBackend(preference: BackendPreference): Promise<void> {
  if (isRunActive()) return;
  set({ backendPreference: preference, backend: null });
  client?.dispose();
  client = null;
  startFresh = true;
  clearVariants();
  await chooseDataset(get().config.datasetId);
}
