import type { DatasetId } from "../config/schema.ts";
import { create } from "zustand";
import { variantKey, type CompressionSpec } from "../config/compression.ts";
import type { ConvKernel, LayerActivation, KernelHistogram } from "../core/inspect/probe.ts";
import type { TestPredictions } from "../worker/inspectApi.ts";

/** A model the inspector can show: the baseline or a measured variant. */
export interface ModelChoice {
  /** "baseline", or the variant's key (variantKey). */
  key: string;
  label: string;
  spec: CompressionSpec | null;
}

/** Key of the baseline or of a variant (variantKey, as the trainer keys kept variants). */
export const modelKeyOf = (spec: CompressionSpec | null): string => (spec ? variantKey(spec) : "baseline");

/** One test image in a gallery, with what the shown model made of it. */
export interface GalleryItem {
  index: number;
  pixels: Uint8Array;
  label: number;
  predicted: number;
  top3: Array<{ classIndex: number; probability: number }>;
  /** The baseline's prediction, for a flipped prediction. */
  baseline?: number;
}

/** What the drawn digit or picked image gave: one entry per model. */
export interface ModelPrediction {
  label: string;
  probs: number[];
}

/** One run's per-class test accuracy, for the "Run before" column. */
export interface PerClassEntry {
  runId: number;
  title: string;
  datasetId: DatasetId;
  perClass: number[];
}

/** The entry the newest one is compared with: the run before it on the same dataset (classes differ across datasets), or null. */
export function runBefore(history: readonly PerClassEntry[]): PerClassEntry | null {
  const newest = history.at(-1);
  if (!newest) return null;
  return (
    history
      .slice(0, -1)
      .reverse()
      .find((h) => h.datasetId === newest.datasetId && h.perClass.length === newest.perClass.length) ?? null
  );
}

export interface InspectState {
  /** The model whose matrix, gallery, filters and histograms are shown (a ModelChoice key). */
  selected: string;
  /** The variant shown beside the baseline in the activation maps ("" for none). */
  compare: string;
  /** Test-set predictions per model key (cleared when the model changes). */
  predictions: Record<string, TestPredictions>;
  /** Per-class test accuracy of earlier runs' baselines, newest last (run title → accuracies). */
  perClassHistory: PerClassEntry[];
  /** What is being computed in the trainer now, for the progress line. */
  busy: string | null;
  error: string | null;
  /** The confusion-matrix cell opened: [true class, predicted class]. */
  cell: [number, number] | null;
  cellImages: GalleryItem[];
  cellTotal: number;
  /** The shown model's misclassified test images, or for a variant the predictions that flipped. */
  misclassified: { items: GalleryItem[]; total: number; flipped: boolean } | null;
  filters: ConvKernel[];
  /** True when the filters are the live ones of a model in training. */
  filtersLive: boolean;
  histograms: KernelHistogram[];
  /** The test image whose activations are shown, or -1 for the drawing. */
  imageIndex: number;
  /** Pixels (0–1) of the image whose activations are shown. */
  image: Float32Array | null;
  activations: { baseline: LayerActivation[]; compare: LayerActivation[] | null } | null;
  /** The drawing, centred and scaled like MNIST (784 values), or null. */
  drawing: Float32Array | null;
  drawPredictions: ModelPrediction[];
}

export const EMPTY_INSPECTION: Omit<InspectState, "perClassHistory" | "selected" | "compare"> = {
  predictions: {},
  busy: null,
  error: null,
  cell: null,
  cellImages: [],
  cellTotal: 0,
  misclassified: null,
  filters: [],
  filtersLive: false,
  histograms: [],
  imageIndex: 0,
  image: null,
  activations: null,
  drawing: null,
  drawPredictions: [],
};

/** The inspector's state: not persisted (it describes the model in the trainer, which a reload drops). */
export const useInspectStore = create<InspectState>()(() => ({
  ...EMPTY_INSPECTION,
  selected: "baseline",
  compare: "",
  perClassHistory: [],
}));
