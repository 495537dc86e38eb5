import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { ExperimentConfig, type LayerConfig } from "../config/schema.ts";
import { DEFAULT_CONFIG, applyPreset, type PresetId } from "../config/presets.ts";
import type { BatchHistory } from "../core/train/batchHistory.ts";
import type { EpochMetrics, TrainProgress } from "../core/train/metrics.ts";
import type { BackendInfo } from "../worker/backendTypes.ts";
import { NO_CLASSROOM, type Classroom } from "../config/classroom.ts";
import { BackendPreference } from "../config/backends.ts";
import { isActivePhase, type PreparingStep, type RunPhase } from "../core/train/trainingRun.ts";
import { continuesWeights } from "../config/continueRule.ts";
import { skipUnchangedWrites } from "../core/storage/unchangedWrites.ts";

/** Life cycle of the training run: the trainer's run object reports it (see core/train/trainingRun.ts). */
export type RunStatus = RunPhase;

/** One training run's history; kept after it ends so nothing is silently lost. */
export interface RunRecord {
  id: number;
  /** Short description of the model and settings, e.g. "Tiny · MNIST · adam 0.005". */
  title: string;
  config: ExperimentConfig;
  backend: string;
  /** The per-batch curve: smoothed as it grows and bounded (every stride-th batch kept). */
  batches: BatchHistory;
  epochs: EpochMetrics[];
  progress: TrainProgress | null;
  testAccuracy: number | null;
  testLoss: number | null;
  ended: "completed" | "stopped" | "failed" | null;
  /** Error text when the run failed. */
  error: string | null;
  /** Why the run stopped itself (its loss diverged), with what to try. */
  stopReason?: string;
  /** How many times Train continued this run's trained weights (the continue rule); absent when it never did. */
  continued?: number;
}

/** Dataset download state of the selected dataset. */
export interface DatasetStatus {
  /** "ready" once training can start: on a first visit, while the rest of the files still downloads (progress < 1). */
  state: "idle" | "loading" | "ready" | "error";
  /** 0–1 while loading (bytes on the wire); 1 once both files are in. */
  progress: number;
  error: string | null;
  trainCount: number;
  testCount: number;
  /** Training images in so far (a prefix of the file); absent when all are. */
  trainArrived?: number;
}

export interface AppState {
  config: ExperimentConfig;
  backendPreference: BackendPreference;
  backend: BackendInfo | null;
  backendError: string | null;
  dataset: DatasetStatus;
  status: RunStatus;
  /** While preparing: the step under way (e.g. "timing the backends"). */
  preparingStep: PreparingStep | null;
  /** What happened to the trainer (its worker failed or stopped) and what the page did; null when all is well. */
  trainerAlert: string | null;
  /**
   * True when the trainer holds no trained weights for the newest run: lost with a worker, discarded by Reset, or
   * not carried to a new backend. Its results stay as history; the model must be trained again or restored.
   */
  modelLost: boolean;
  /** A kept checkpoint the page offers to restore ("Tiny · MNIST, 95.1%, kept at 09:40"), or null. */
  restorable: string | null;
  /** Why the last Pause, Resume, Stop or backend choice was refused or changed; null when there is nothing to say. */
  runNotice: string | null;
  /** Runs so far, newest last; the last one is shown in the charts. */
  runs: RunRecord[];
  /** Classroom flags from the link: hidden panels, a locked architecture (not persisted: the URL holds them). */
  classroom: Classroom;
  /** True when the page was opened from a link that hides or locks something: no control on the page undoes it. */
  classroomFromLink: boolean;
  /** What was wrong with the link the page was opened with (each fell back to a valid value). */
  linkErrors: string[];
}

/** The app's store: config (persisted across reloads), backend, dataset and run state. */
export const useAppStore = create<AppState>()(
  persist(
    (): AppState => ({
      config: DEFAULT_CONFIG,
      backendPreference: "auto",
      backend: null,
      backendError: null,
      dataset: { state: "idle", progress: 0, error: null, trainCount: 0, testCount: 0 },
      status: "idle",
      preparingStep: null,
      trainerAlert: null,
      modelLost: false,
      restorable: null,
      runNotice: null,
      runs: [],
      classroom: NO_CLASSROOM,
      classroomFromLink: false,
      linkErrors: [],
    }),
    {
      name: "cnn-playground",
      version: 1,
      partialize: (s) => ({ config: s.config, backendPreference: s.backendPreference }),
      // persist writes after every change; the runs' metrics change several times a second while a model trains
      storage: createJSONStorage(() => skipUnchangedWrites(window.localStorage)),
      // stored data is untrusted: keep only what the schema accepts
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<AppState>;
        const parsed = ExperimentConfig.safeParse(p.config);
        const pref = BackendPreference.safeParse(p.backendPreference);
        return {
          ...current,
          config: parsed.success ? parsed.data : current.config,
          backendPreference: pref.success ? pref.data : current.backendPreference,
        };
      },
    },
  ),
);

const set = useAppStore.setState;
const get = useAppStore.getState;

/** Replaces part of the config; ignored while a run is going (the editor asks to stop first). */
export function updateConfig(patch: Partial<ExperimentConfig>): void {
  if (isRunActive()) return;
  set({ config: { ...get().config, ...patch } });
}

/** Replaces the layer list (add, remove, duplicate, reorder, edit). */
export function setLayers(layers: LayerConfig[]): void {
  if (isArchitectureLocked()) return;
  updateConfig({ layers });
}

/** Applies a preset's architecture and training settings. */
export function choosePreset(presetId: PresetId): void {
  if (isArchitectureLocked()) return;
  set({ config: applyPreset(get().config, presetId) });
}

/** True from Train until the run is done or failed (preparing, training, paused, stopping, evaluating): the architecture is locked then. */
export function isRunActive(state: AppState = get()): boolean {
  return isActivePhase(state.status);
}

/** True when the layers cannot be edited: a run is going, or the teacher's link locked the architecture. */
export function isArchitectureLocked(state: AppState = get()): boolean {
  return isRunActive(state) || state.classroom.lockArchitecture;
}

/** True when the trainer holds the newest run's trained weights (a finished or stopped run, neither lost nor reset). */
export function holdsModel(state: AppState = get()): boolean {
  return !state.modelLost && state.runs.at(-1)?.testAccuracy != null;
}

/** True when there is a trained model to compress, inspect, save or export, and no run is going. */
export function isTrained(state: AppState = get()): boolean {
  return !isRunActive(state) && holdsModel(state);
}

/** True when the next Train continues the newest run's trained weights (the continue rule), false when it starts from the seed. */
export function nextRunContinues(state: AppState = get()): boolean {
  return holdsModel(state) && continuesWeights(state.runs.at(-1)!.config, state.config);
}

/** An id for a new run record: one more than any run kept (ids stay unique across reloads and loaded models). */
export function newRunId(): number {
  return get().runs.reduce((m, r) => Math.max(m, r.id), 0) + 1;
}

/** Applies `update` to the newest run. */
export function updateCurrentRun(update: (run: RunRecord) => Partial<RunRecord>): void {
  const runs = get().runs;
  const last = runs[runs.length - 1];
  if (!last) return;
  set({ runs: [...runs.slice(0, -1), { ...last, ...update(last) }] });
}
