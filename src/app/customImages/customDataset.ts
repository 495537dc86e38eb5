/**
 * The person's classes as the selected dataset: their counts in the app store, and the splits sent to the trainer
 * (once per change of the classes, and again to a new trainer) before a run.
 */
import { customMetaOf, customRefusal, customSplits } from "../../core/custom/customData.ts";
import type { Trainer } from "../../worker/trainerClient.ts";
import { holdsModel, useAppStore } from "../store.ts";
import { resetModel } from "../actions.ts";
import { loadCustomClasses } from "./customActions.ts";
import { coreClasses, useCustomStore } from "./customStore.ts";

let sent: { version: number; trainer: Trainer } | null = null;

/** The app store's dataset status from the classes: ready, with the split's counts. */
function showCounts(): void {
  const { classes, format } = useCustomStore.getState();
  const { trainCount, testCount } = customMetaOf(coreClasses(classes), format);
  useAppStore.setState({ dataset: { state: "ready", progress: 1, error: null, trainCount, testCount } });
}

// the counts follow every change while "Your images" is the dataset
useCustomStore.subscribe((s, before) => {
  if (s.version === before.version || useAppStore.getState().config.datasetId !== "custom") return;
  showCounts();
  // a refusal about the classes is stale once they change
  if (useAppStore.getState().runNotice?.startsWith(NOT_TRAINED)) useAppStore.setState({ runNotice: null });
  // a model for another number of classes or image size cannot read them: it is set aside (the next run is new)
  const shape = (t: typeof s) => `${t.classes.length} ${t.format.size} ${t.format.channels}`;
  if (shape(s) !== shape(before) && holdsModel()) void setModelAside();
});

async function setModelAside(): Promise<void> {
  await resetModel();
  useAppStore.setState({
    runNotice:
      "Your classes changed (their number or the image size): the trained model was set aside, and the next Train starts a new one.",
  });
}

/** How a refusal to train on the classes starts. */
export const NOT_TRAINED = "Not trained: ";

/** Reads the stored classes and shows their counts: the page's "dataset loaded" for Your images. */
export async function chooseCustomDataset(): Promise<void> {
  await loadCustomClasses();
  if (useAppStore.getState().config.datasetId === "custom") showCounts();
}

/** Why the classes cannot train now (null when they can). */
export function customTrainingRefusal(): string | null {
  return customRefusal(coreClasses(useCustomStore.getState().classes));
}

/** Sends the classes' splits to the trainer unless it has these already. */
export async function sendCustomData(trainer: Trainer): Promise<void> {
  const { classes, format, version } = useCustomStore.getState();
  if (sent && sent.version === version && sent.trainer === trainer) return;
  const core = coreClasses(classes);
  const { train, test } = customSplits(core, format);
  await trainer.prepareCustomData(customMetaOf(core, format), train, test);
  sent = { version, trainer };
}
