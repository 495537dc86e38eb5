import { isRestricted } from "../config/classroom.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { decodeExperiment, encodeExperiment, formatLayer, type SharedExperiment } from "../config/urlCodec.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { chooseBackend, chooseDataset } from "./actions.ts";
import { setCompressionSpec } from "./compressionActions.ts";
import { useCompressionStore } from "./compressionStore.ts";
import { isRunActive, useAppStore } from "./store.ts";

/** Edits closer together than this are one change: the URL is replaced, not pushed (one Back step per burst). */
const BURST_MS = 1_000;

/** The experiment as the stores hold it now. */
export function currentExperiment(): SharedExperiment {
  const app = useAppStore.getState();
  return {
    config: app.config,
    compression: useCompressionStore.getState().spec,
    backend: app.backendPreference,
    classroom: app.classroom,
  };
}

/** The link that opens this experiment (the page's address with the encoded hash). */
export function shareLink(): string {
  const url = new URL(location.href);
  url.hash = encodeExperiment(currentExperiment());
  return url.href;
}

/**
 * Why the stack of `config` does not train yet, as the editor says it (e.g. 'Layer 6 ("c8k3"): Conv2D needs …'),
 * or null when it does. A link keeps such a stack as it is: only the schema and its limits make a link fall back.
 */
export function stackProblem(config: ExperimentConfig = useAppStore.getState().config): string | null {
  const { inputShape, numClasses, label } = DATASETS[config.datasetId];
  const { error } = inferShapes(config.layers, inputShape, numClasses);
  if (!error) return null;
  const layer = config.layers[error.layerIndex];
  const where = layer
    ? `Layer ${error.layerIndex + 1} ("${formatLayer(layer)}")`
    : error.layerIndex === config.layers.length
      ? "The classifier head"
      : `The stack on ${label}`;
  return `${where}: ${error.message}`;
}

/**
 * Writes a decoded experiment into the stores; returns what changed that needs the trainer (dataset, backend).
 * A restricted classroom counts as the link's at start; later (Back, an edited address) only while it already did,
 * so a teacher's own Back through their edits keeps the classroom fields.
 */
function applyExperiment(e: SharedExperiment, atStart = false): { datasetChanged: boolean; backendChanged: boolean } {
  const app = useAppStore.getState();
  const classroomFromLink = isRestricted(e.classroom) && (atStart || app.classroomFromLink);
  const datasetChanged = app.config.datasetId !== e.config.datasetId;
  const backendChanged = app.backendPreference !== e.backend;
  useAppStore.setState({ config: e.config, classroom: e.classroom, classroomFromLink });
  setCompressionSpec(e.compression);
  return { datasetChanged, backendChanged };
}

/**
 * Reads the link the page was opened with (before the trainer starts): a hash wins over what local storage
 * restored; a broken one falls back field by field, and its messages go to `linkErrors`. A stack that parses but
 * does not train (a half-edited one) is kept as it is: the editor shows its error and Train waits. Without a hash,
 * the restored experiment is written into the address bar.
 */
export function readLinkAtStart(): void {
  if (location.hash.length > 1) {
    const { experiment, errors } = decodeExperiment(location.hash);
    applyExperiment(experiment, true);
    useAppStore.setState({ backendPreference: experiment.backend, linkErrors: errors });
  }
  history.replaceState(history.state, "", `#${encodeExperiment(currentExperiment())}`);
}

let lastWriteAt = 0;
let applyingLink = false;

function writeLink(): void {
  if (applyingLink) return;
  const hash = `#${encodeExperiment(currentExperiment())}`;
  if (hash === location.hash) return;
  const now = Date.now();
  // a burst of edits (typing, dragging a slider) replaces one entry; a change after a pause adds one
  if (now - lastWriteAt < BURST_MS) history.replaceState(history.state, "", hash);
  else history.pushState(null, "", hash);
  lastWriteAt = now;
}

/**
 * Back/Forward (or an edited address): load that experiment, a half-edited stack as it is; during a run, keep the
 * run's and re-write the link.
 */
function onLinkChanged(): void {
  const hash = `#${encodeExperiment(currentExperiment())}`;
  if (hash === location.hash) return;
  if (isRunActive()) {
    history.replaceState(history.state, "", hash);
    useAppStore.setState({
      runNotice:
        "Back and Forward wait while a run is going: the link keeps this run's settings. Stop the run, then go Back.",
    });
    return;
  }
  const { experiment, errors } = decodeExperiment(location.hash);
  applyingLink = true;
  let changed: ReturnType<typeof applyExperiment>;
  try {
    changed = applyExperiment(experiment);
    useAppStore.setState({ linkErrors: errors });
  } finally {
    applyingLink = false;
  }
  if (changed.backendChanged) void chooseBackend(experiment.backend);
  else if (changed.datasetChanged) void chooseDataset(experiment.config.datasetId);
}

/** Keeps the address bar and the stores in step, from now on. Returns a function that stops it. */
export function startUrlSync(): () => void {
  const stopApp = useAppStore.subscribe((s, prev) => {
    if (s.config !== prev.config || s.backendPreference !== prev.backendPreference || s.classroom !== prev.classroom)
      writeLink();
  });
  const stopLab = useCompressionStore.subscribe((s, prev) => {
    if (s.spec !== prev.spec) writeLink();
  });
  addEventListener("popstate", onLinkChanged);
  addEventListener("hashchange", onLinkChanged);
  return () => {
    stopApp();
    stopLab();
    removeEventListener("popstate", onLinkChanged);
    removeEventListener("hashchange", onLinkChanged);
  };
}

/** Dismisses the link's error messages. */
export function dismissLinkErrors(): void {
  useAppStore.setState({ linkErrors: [] });
}
