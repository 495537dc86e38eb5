/**
 * "Look inside": asks the trainer for predictions, activations, filters and histograms of the trained model
 * or a measured variant, and keeps them in the inspect store. A new run clears everything (it describes the
 * old weights); while a run trains, the filters are read live every few seconds.
 */
import type { CompressionSpec } from "../config/compression.ts";
import {
  argmaxRows,
  cellIndices,
  confusionMatrix,
  flippedPredictions,
  misclassified,
  perClassAccuracy,
  topK,
} from "../core/inspect/confusion.ts";
import { preprocessDrawing } from "../core/inspect/digitPreprocess.ts";
import { getTrainer } from "./actions.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { useCompressionStore } from "./compressionStore.ts";
import { EMPTY_INSPECTION, modelKeyOf, useInspectStore, type GalleryItem, type ModelChoice } from "./inspectStore.ts";
import { addRunStep } from "./runEvents.ts";
import { isRunActive, isTrained, useAppStore } from "./store.ts";

const set = useInspectStore.setState;
const get = useInspectStore.getState;
/** How often the filters of a model in training are read (each read copies every kernel from the device). */
const LIVE_FILTERS_MS = 2_000;
/** Images shown behind one confusion-matrix cell, and in the misclassified gallery. */
export const GALLERY_SIZE = 24;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The baseline, then every measured variant (kept or live), once each. */
export function modelChoices(): ModelChoice[] {
  const { reports, current } = useCompressionStore.getState();
  const choices: ModelChoice[] = [{ key: "baseline", label: "Baseline", spec: null }];
  for (const r of [...reports, ...(current ? [current] : [])]) {
    if (r.spec && !choices.some((c) => c.key === modelKeyOf(r.spec)))
      choices.push({ key: modelKeyOf(r.spec), label: r.label, spec: r.spec });
  }
  return choices;
}

const specOf = (key: string): CompressionSpec | null => modelChoices().find((c) => c.key === key)?.spec ?? null;

/** Runs one inspection step with a progress line and an error message instead of a throw. */
async function step(label: string, work: () => Promise<void>): Promise<void> {
  set({ busy: label, error: null });
  try {
    await work();
  } catch (error) {
    // a trainer replaced (backend switch) or lost says so once, in the trainer alert; what it held is read again
    if (!(error instanceof Error && error.name === "TrainerLostError"))
      set({ error: `${label} failed: ${message(error)}` });
  } finally {
    if (get().busy === label) set({ busy: null });
  }
}

/** Test-set predictions of a model, computed once per model. */
async function predictionsOf(key: string) {
  const have = get().predictions[key];
  if (have) return have;
  const client = await getTrainer();
  const p = await client.testPredictions(key === "baseline" ? null : specOf(key));
  set({ predictions: { ...get().predictions, [key]: p } });
  return p;
}

/** Everything for the trained model: predictions (confusion matrix), filters, histograms, activations. */
export function inspectTrainedModel(): Promise<void> {
  return step("Predicting the test set", async () => {
    const baseline = await predictionsOf("baseline");
    const run = useAppStore.getState().runs.at(-1);
    if (run) {
      const perClass = perClassAccuracy(
        confusionMatrix(baseline.labels, argmaxRows(baseline.probs, baseline.numClasses), baseline.numClasses),
      );
      const history = get().perClassHistory.filter((h) => h.runId !== run.id);
      set({
        perClassHistory: [
          ...history,
          { runId: run.id, title: run.title, datasetId: run.config.datasetId, perClass },
        ].slice(-5),
      });
    }
    await showModel(get().selected);
    await showTestImage(get().imageIndex);
  });
}

/** Shows a model's matrix, gallery, filters and histograms. */
export function selectModel(key: string): Promise<void> {
  set({ selected: key, cell: null, cellImages: [], cellTotal: 0, misclassified: null });
  return step("Reading the model", () => showModel(key));
}

async function showModel(key: string): Promise<void> {
  const client = await getTrainer();
  const spec = key === "baseline" ? null : specOf(key);
  await predictionsOf(key);
  const [filters, histograms] = await Promise.all([client.filters(spec), client.histograms(spec)]);
  set({ filters, histograms, filtersLive: false, misclassified: await misclassifiedGallery() });
}

/** Gallery items for test images under the selected model (with the baseline's call when another is shown). */
async function galleryOf(indices: number[]): Promise<GalleryItem[]> {
  const key = get().selected;
  const p = get().predictions[key];
  if (!p) return [];
  const base = key === "baseline" ? null : get().predictions.baseline;
  const { pixels, labels } = await (await getTrainer()).testImages(indices);
  const predicted = argmaxRows(p.probs, p.numClasses);
  const basePredicted = base ? argmaxRows(base.probs, base.numClasses) : null;
  return indices.map((index, i) => ({
    index,
    pixels: pixels[i],
    label: labels[i],
    predicted: predicted[index],
    top3: topK(p.probs, index, p.numClasses, 3),
    ...(basePredicted ? { baseline: basePredicted[index] } : {}),
  }));
}

/** Opens the images behind one confusion-matrix cell. */
export function openCell(trueClass: number, predictedClass: number): Promise<void> {
  return step("Finding the images", async () => {
    const p = get().predictions[get().selected];
    if (!p) return;
    const all = cellIndices(p.labels, argmaxRows(p.probs, p.numClasses), trueClass, predictedClass);
    set({
      cell: [trueClass, predictedClass],
      cellTotal: all.length,
      cellImages: await galleryOf(all.slice(0, GALLERY_SIZE)),
    });
  });
}

/** The misclassified gallery of the selected model, or (for a variant) the predictions that flipped. */
async function misclassifiedGallery(): Promise<{ items: GalleryItem[]; total: number; flipped: boolean }> {
  const key = get().selected;
  const p = get().predictions[key];
  if (!p) return { items: [], total: 0, flipped: false };
  const predicted = argmaxRows(p.probs, p.numClasses);
  const base = get().predictions.baseline;
  if (key !== "baseline" && base) {
    const flips = flippedPredictions(p.labels, argmaxRows(base.probs, base.numClasses), predicted);
    return {
      items: await galleryOf(flips.slice(0, GALLERY_SIZE).map((f) => f.index)),
      total: flips.length,
      flipped: true,
    };
  }
  const wrong = misclassified(p.labels, predicted, Number.POSITIVE_INFINITY);
  return { items: await galleryOf(wrong.slice(0, GALLERY_SIZE)), total: wrong.length, flipped: false };
}

/** Test images in the loaded dataset (10,000 until it has loaded). */
const testImageCount = (): number => useAppStore.getState().dataset.testCount || 10_000;

/** Shows the activations of a test image, for the baseline and the compared variant; an index out of range is refused. */
export function showTestImage(index: number): Promise<void> {
  const count = testImageCount();
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    set({ error: `There is no test image ${index}: choose 0–${(count - 1).toLocaleString("en-US")}.` });
    return Promise.resolve();
  }
  return step("Computing activations", async () => {
    const image = await (await getTrainer()).testImage(index);
    set({ imageIndex: index, image });
    await computeActivations(image);
  });
}

/** A random test image's activations; resolves to its index (the store's `imageIndex` follows once it is read). */
export async function showRandomTestImage(random: () => number = Math.random): Promise<number> {
  const index = Math.min(testImageCount() - 1, Math.floor(random() * testImageCount()));
  await showTestImage(index);
  return index;
}

/** Chooses the variant shown beside the baseline ("" for none) and recomputes the maps. */
export function setCompare(key: string): Promise<void> {
  set({ compare: key });
  const image = get().image;
  return image ? step("Computing activations", () => computeActivations(image)) : Promise.resolve();
}

async function computeActivations(image: Float32Array): Promise<void> {
  const client = await getTrainer();
  const compareKey = get().compare;
  const baseline = await client.activations(null, image);
  const compare = compareKey ? await client.activations(specOf(compareKey), image) : null;
  set({ activations: { baseline, compare } });
}

/** Classifies a drawing (ink 0–1, width × height) with the baseline and every variant; shows its activations. */
export function classifyDrawing(ink: Float32Array, width: number, height: number): Promise<void> {
  const datasetId = useAppStore.getState().runs.at(-1)?.config.datasetId ?? "mnist";
  const [rows, cols, channels] = DATASETS[datasetId].inputShape;
  if (rows !== 28 || cols !== 28 || channels !== 1) {
    set({ error: "A drawing is read as a 28×28 grey image: this model reads 32×32 colour images." });
    return Promise.resolve();
  }
  const digit = preprocessDrawing(ink, width, height);
  if (!digit) {
    clearDrawing();
    return Promise.resolve();
  }
  return readDigit(digit);
}

/** Reads a prepared 28×28 digit with the baseline and every variant, and shows its activations. */
function readDigit(digit: Float32Array): Promise<void> {
  return step("Reading the drawing", async () => {
    const choices = modelChoices();
    const probs = await (
      await getTrainer()
    ).classify(
      choices.map((c) => c.spec),
      digit,
    );
    set({
      drawing: digit,
      drawPredictions: choices.map((c, i) => ({ label: c.label, probs: Array.from(probs[i]) })),
      imageIndex: -1,
      image: digit,
    });
    await computeActivations(digit);
  });
}

/** Forgets the drawing and its predictions. */
export function clearDrawing(): void {
  set({ drawing: null, drawPredictions: [] });
}

let liveTimer: ReturnType<typeof setInterval> | null = null;

function stopLiveFilters(): void {
  if (liveTimer) clearInterval(liveTimer);
  liveTimer = null;
}

/**
 * Keeps the inspector in step with the runs: cleared when a run starts (live filters while it trains), filled
 * when a trained model is ready (a run ended, or a model was loaded). Called when the panel first shows.
 */
export function startInspecting(): void {
  if (isTrained(useAppStore.getState())) void inspectTrainedModel();
  addRunStep({
    name: "inspector: read the model",
    started: () => {
      // the drawing stays on the pad: it is kept and read again by the next model
      set({ ...EMPTY_INSPECTION, drawing: get().drawing, selected: "baseline", compare: "" });
      stopLiveFilters();
      liveTimer = setInterval(() => void readLiveFilters(), LIVE_FILTERS_MS);
    },
    ready: async () => {
      stopLiveFilters();
      // what was read before describes other weights
      const { drawing } = get();
      set({ ...EMPTY_INSPECTION, imageIndex: get().imageIndex, drawing, selected: "baseline", compare: "" });
      if (!isTrained(useAppStore.getState())) return;
      await inspectTrainedModel();
      if (drawing) await readDigit(drawing); // the pad still shows it: the new model reads it too
    },
  });
}

/** Reads the live filters now (after a Step changed the weights), when the inspector is reading them. */
export function refreshLiveFilters(): void {
  if (liveTimer !== null) void readLiveFilters();
}

async function readLiveFilters(): Promise<void> {
  try {
    const filters = await (await getTrainer()).liveFilters();
    if (isRunActive(useAppStore.getState())) set({ filters, filtersLive: true });
  } catch {
    // a read that failed is skipped; the next one comes in a few seconds
  }
}
